import { escapeHtml, htmlPage } from '../../render/index.js';

const SCRIPT = `'use strict';
(() => {
  const route = document.getElementById('lptf-data').textContent;
  const body = document.querySelector('#phases tbody');
  const tick = async () => {
    const r = await (await fetch(JSON.parse(route), { cache: 'no-store' })).json();
    const t = r.current;
    const longest = Math.max(1e-9, ...t.phases.map((p) => p.wallMs));
    body.replaceChildren(...t.phases.map((p, i) => {
      const tr = document.createElement('tr');
      for (const text of [String(i + 1), p.name, p.wallMs.toFixed(1)]) { const td = document.createElement('td'); td.textContent = text; tr.append(td); }
      const bar = document.createElement('td');
      const div = document.createElement('div');
      div.style.cssText = 'background:#1f77b4;height:12px;width:' + (300 * p.wallMs / longest).toFixed(0) + 'px';
      bar.append(div);
      tr.append(bar);
      return tr;
    }));
    document.getElementById('status').textContent = (t.ended ? 'ended' : 'running') + ', ' + t.totalMs.toFixed(0) + ' ms since the session timer started';
  };
  tick();
  setInterval(tick, 1000);
})();`;

/**
 * The small live page of one session's phases: it reads the JSON route every second.
 *
 * @example
 * ```ts
 * res.end(sessionPage('/_lptf/session'))
 * ```
 */
export function sessionPage(route: string): string {
  const body = `<header><h1>lptf session timer</h1><p class="headline" id="status">loading</p></header>
<main><section id="phases"><h2>This session's phases</h2>
<table><thead><tr><th>#</th><th>phase</th><th>ms</th><th></th></tr></thead><tbody></tbody></table>
<p>From <code>${escapeHtml(route)}</code>, every second.</p></section></main>`;
  return htmlPage({ title: 'lptf session timer', lang: 'en', body, data: route, extraScript: SCRIPT, connect: true });
}
