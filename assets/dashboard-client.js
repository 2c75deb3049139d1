// @ts-check
// The live dashboard: follows the run's event stream (`events`), redraws the report's charts
// every second, and links to the final report when the run ends. Runs after report-client.js.
// Every string from the stream is set with textContent, never as HTML.

(() => {
  /** @type {(data: any) => void} */
  const redraw = /** @type {any} */ (window).lptfRedraw;
  const initial = JSON.parse(document.getElementById('lptf-data')?.textContent ?? '{}');
  /** @type {{ second: number }[]} */
  const seconds = [];
  /** Each watched server's readings, by name, in the order they first came. @type {Map<string, { second: number, cpu: number, memMB: number }[]>} */
  const servers = new Map();
  let finished = false;
  /** The dashboard's own words, in the page's language. */
  const SAY = document.documentElement.lang.startsWith('zh')
    ? {
        pending: '尚无应答',
        soFar: { passing: '目前通过', failing: '目前未通过', failed: '已判定未通过' },
        pass: '✔ 通过',
        fail: '✘ 未通过',
        state: { passing: '✔ 目前通过', failing: '✘ 目前未通过', passed: '✔ 已判定通过', failed: '✘ 已判定未通过' },
        finished: '压测结束。',
        written: '已写入：',
        download: '下载最终报告（HTML）',
        fetchFailed: '无法取得最终报告',
        lost: '与压测的连接断开；正在重试',
      }
    : {
        pending: 'no answers yet',
        soFar: { passing: 'passing so far', failing: 'failing so far', failed: 'failed: decided' },
        pass: '✔ pass',
        fail: '✘ fail',
        state: {
          passing: '✔ passing',
          failing: '✘ failing so far',
          passed: '✔ passed: decided',
          failed: '✘ failed: decided',
        },
        finished: 'Run finished.',
        written: 'Written: ',
        download: 'Download the final report (HTML)',
        fetchFailed: 'The final report could not be fetched',
        lost: 'connection to the run lost; retrying',
      };

  /** @param {string} id */
  const byId = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
  /** @param {string} text @param {string} cls */
  const setVerdict = (text, cls) => {
    const v = byId('verdict');
    v.textContent = text;
    v.className = `verdict ${cls}`;
  };

  /** @param {any} u */
  const showStatus = (u) => {
    for (const [field, value] of Object.entries(u.status)) {
      const dd = document.querySelector(`#live-status [data-field="${field}"]`);
      if (dd) dd.textContent = String(value);
    }
    byId('live-fraction').style.width = `${(100 * u.status.fraction).toFixed(1)}%`;
    const verdict = u.status.verdict;
    setVerdict(
      verdict === 'passing'
        ? SAY.soFar.passing
        : verdict === 'failing'
          ? SAY.soFar.failing
          : verdict === 'failed'
            ? SAY.soFar.failed
            : SAY.pending,
      verdict === 'passing' ? 'pass' : verdict === 'failing' || verdict === 'failed' ? 'fail' : 'pending',
    );
    const tbody = /** @type {HTMLElement} */ (document.querySelector('#acceptance tbody'));
    tbody.replaceChildren(
      ...u.checks.map((/** @type {any} */ c) => {
        const tr = document.createElement('tr');
        tr.className = c.pass ? 'pass' : 'fail';
        /** @type {string} */
        const said = /** @type {any} */ (SAY.state)[c.state] ?? (c.pass ? SAY.pass : SAY.fail);
        for (const text of [c.name, c.value, c.expected, said]) {
          const td = document.createElement('td');
          td.textContent = text;
          tr.append(td);
        }
        /** @type {HTMLElement} */ (tr.lastElementChild).className = 'verdict-cell';
        return tr;
      }),
    );
  };

  const events = new EventSource('events');
  events.addEventListener('update', (e) => {
    const u = JSON.parse(e.data);
    // After a reconnect the server resends from the start: keep each second once.
    const last = seconds.at(-1)?.second ?? 0;
    seconds.push(...u.seconds.filter((/** @type {{ second: number }} */ s) => s.second > last));
    for (const p of u.servers ?? []) {
      const line = servers.get(p.name) ?? [];
      // After a reconnect the server resends every reading: keep each second once.
      if ((line.at(-1)?.second ?? 0) < p.second) line.push({ second: p.second, cpu: p.cpu, memMB: p.memMB });
      servers.set(p.name, line);
    }
    showStatus(u);
    redraw({
      ...initial,
      seconds,
      spectra: u.spectra,
      ...(servers.size > 0 ? { servers: [...servers].map(([name, s]) => ({ name, seconds: s })) } : {}),
    });
  });
  events.addEventListener('done', async (e) => {
    finished = true;
    events.close();
    const d = JSON.parse(e.data);
    setVerdict(d.verdict, d.verdictClass);
    byId('live-fraction').style.width = '100%';
    // The last update came a second before the end: the run has no time left and nothing out.
    for (const [field, value] of [...(d.verdictClass === 'interrupted' ? [] : [['left', '0s']]), ['inflight', '0']]) {
      const dd = document.querySelector(`#live-status [data-field="${field}"]`);
      if (dd) dd.textContent = value;
    }
    const banner = byId('live-banner');
    banner.hidden = false;
    banner.textContent = `${SAY.finished} ${d.files.length ? `${SAY.written}${d.files.join(', ')}. ` : ''}`;
    try {
      // Keep the final report in the page: the generator exits soon, the link must outlive it.
      const blob = await (await fetch(d.report)).blob();
      const a = document.createElement('a');
      a.href = URL.createObjectURL(new Blob([blob], { type: 'text/html' }));
      a.download = 'report.html';
      a.id = 'final-report';
      a.textContent = SAY.download;
      banner.append(a);
    } catch (err) {
      banner.append(`${SAY.fetchFailed} (${String(err)}).`);
    }
  });
  events.addEventListener('error', () => {
    if (!finished) setVerdict(SAY.lost, 'pending');
  });
})();
