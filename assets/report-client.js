// @ts-check
/// <reference path="../node_modules/uplot/dist/uPlot.d.ts" />
// The charts of lptf's HTML report and live dashboard. Runs in the browser, after uPlot; reads
// the chart data from <script id="lptf-data" type="application/json"> (see src/report/html).
// Every string from the data is set with textContent, never as HTML.

/**
 * @typedef {{ second: number, sent: number, ok: number, failed: number, dropped: number,
 *   errors: Record<string, number>, p50: number | null, p95: number | null, p99: number | null,
 *   max: number | null, groups?: Record<string, { sent: number, ok: number, failed: number }> }} Second
 * @typedef {{ p: number, ms: number }} Point
 * @typedef {{ targetRate: number, durationSec: number, scheduleSec?: number, bounds: { label: string, ms: number }[],
 *   seconds: Second[], spectra: Record<string, Point[]>, runs?: { name: string, seconds: Second[] }[],
 *   servers?: { name: string, seconds: { second: number, cpu: number, memMB: number }[] }[],
 *   stages?: Stage[], marks?: Mark[], plannedRate?: number[], groupNames?: string[],
 *   plannedByGroup?: { name: string, perSecond: number[] }[], windows?: WindowMark[], capacity?: Capacity }} ChartData
 * @typedef {{ steps: { rate: number, p50: number | null, p99: number | null, pass: boolean }[], found: number | null, knee: number | null }} Capacity
 * @typedef {{ label: string, fromSecond: number, toSecond: number }} WindowMark
 * @typedef {{ name: string, atSec: number }} Mark
 * @typedef {{ name: string, endSec: number, from: number, to: number }} Stage
 * @typedef {{ id: string, build: (d: ChartData) => { opts: Partial<uPlot.Options>, data: uPlot.AlignedData } }} ChartSpec
 */

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'];
const BOUND_COLOR = '#888';
const TARGET_COLOR = '#111';
/** The charts' own words, in the page's language (`<html lang>`, set by the report). */
const WORDS = document.documentElement.lang.startsWith('zh')
  ? {
      bound: '界限',
      elapsed: '已运行（秒）',
      second: '秒',
      perSecondRequests: '请求/秒',
      sent: '已发送',
      answered: 'OK 应答',
      target: '计划',
      planned: '计划',
      perSecond: '每秒',
      allFailures: '全部失败',
      dropped: '丢弃（未发送）',
      percentile: '百分位',
      cpu: 'CPU',
      memory: '内存 (MB)',
      offered: '计划速率（请求/秒）',
      capacity: '容量',
      knee: '拐点',
    }
  : {
      bound: 'bound',
      elapsed: 'elapsed (s)',
      second: 'second',
      perSecondRequests: 'requests/s',
      sent: 'sent',
      answered: 'answered OK',
      target: 'target',
      planned: 'planned',
      perSecond: 'per second',
      allFailures: 'all failures',
      dropped: 'dropped (not sent)',
      percentile: 'percentile',
      cpu: 'CPU',
      memory: 'memory (MB)',
      offered: 'offered rate (requests/s)',
      capacity: 'capacity',
      knee: 'knee',
    };
/** The page's fonts for what uPlot draws on canvas: the inlined CJK face draws Chinese axis labels. */
const FONTS = 'system-ui, -apple-system, "Segoe UI", "lptf-cjk", sans-serif';
/** Spectrum ticks: each halving of the tail gets 4 points (as src/recorder/spectrum.ts). */
const TAIL_STEP = Math.log10(2) / 4;

/** @param {string} label @param {string} stroke @param {Partial<uPlot.Series>} [more] @returns {uPlot.Series} */
function line(label, stroke, more) {
  return { label, stroke, width: 1.5, points: { show: false }, ...more };
}

/** A constant series that draws a bound (170 ms, 870 ms) across a latency chart. @param {{ label: string }} b */
function boundSeries(b) {
  return line(`${WORDS.bound} ${b.label}`, BOUND_COLOR, { dash: [6, 4], width: 1 });
}

/**
 * Writes each bound's label at the right end of its line, so a line says what it is without a
 * hover. @param {{ label: string, ms: number }[]} bounds @returns {uPlot.Plugin}
 */
function boundLabels(bounds) {
  return {
    hooks: {
      draw: [
        (u) => {
          const ctx = u.ctx;
          ctx.save();
          ctx.fillStyle = '#555';
          ctx.font = `${Math.round(11 * devicePixelRatio)}px ${FONTS}`;
          ctx.textAlign = 'right';
          ctx.textBaseline = 'bottom';
          for (const b of bounds) {
            const y = u.valToPos(b.ms, 'y', true);
            if (y < u.bbox.top || y > u.bbox.top + u.bbox.height) continue;
            ctx.fillText(b.label, u.bbox.left + u.bbox.width - 4, y - 2);
          }
          ctx.restore();
        },
      ],
    },
  };
}

/** @param {number} ms */
function fmtMs(ms) {
  return ms >= 1000 ? `${+(ms / 1000).toFixed(2)} s` : ms >= 10 ? `${Math.round(ms)} ms` : `${+ms.toFixed(2)} ms`;
}

/** The percentile at a spectrum x position: x = -log10(1 - p/100). @param {number} x */
function pctAt(x) {
  const p = 100 * (1 - 10 ** -x);
  return `${p >= 99 ? +p.toFixed(Math.max(1, Math.ceil(x) - 1)) : +p.toFixed(1)}%`;
}

/** @type {Partial<uPlot.Axis>} */
const MS_AXIS = { label: 'ms', size: 60, values: (_u, splits) => splits.map((v) => (v == null ? '' : fmtMs(v))) };
/** Whole seconds on the time axis, however short the run. @type {Partial<uPlot.Axis>} */
const SECOND_AXIS = { label: WORDS.elapsed, incrs: [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200] };
/** Counts start at zero, so a 1% dip does not look like a collapse. @type {uPlot.Scale} */
const FROM_ZERO = { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] };
/** Counts come whole: no 0.2, 0.4 … ticks on a run with none. */
const WHOLE = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000];
/** @type {uPlot.Series} */
const SECOND_X = { label: WORDS.second };

/**
 * The rate chart's columns. The schedule's last second may be cut short (the run ended, or was
 * stopped, inside it): its sends are shown per second of the time it ran, not as a drop to a
 * fraction. Past the schedule nothing is sent: no target, no sent line, only late answers.
 * @param {ChartData} d @returns {uPlot.AlignedData}
 */
function rateColumns(d) {
  const { covered, perSecond } = scheduled(d);
  return [
    d.seconds.map((s) => s.second),
    d.seconds.map((s) => (covered(s.second) > 0 ? perSecond(s.sent, s.second) : s.sent > 0 ? s.sent : null)),
    d.seconds.map((s) => (covered(s.second) > 0 ? perSecond(s.ok, s.second) : s.ok)),
    d.seconds.map((s) => (covered(s.second) > 0 ? (d.plannedRate?.[s.second - 1] ?? targetIn(d, s.second)) : null)),
  ];
}

/**
 * How much of each second the schedule covered, and a count of a second as a rate over that part.
 * @param {ChartData} d
 */
function scheduled(d) {
  const end = d.scheduleSec ?? d.durationSec;
  /** The part of second `n` (1-based) the schedule covered, 0..1. @param {number} n */
  const covered = (n) => Math.min(1, Math.max(0, end - (n - 1)));
  /** A count of second `n` per second of the schedule in it. @param {number} count @param {number} n */
  const perSecond = (count, n) => count / Math.max(covered(n), 0.05);
  return { covered, perSecond };
}

/**
 * The per-scenario chart's columns: each group's sends per second, then what the plan scheduled
 * for each scenario (or case group), as the rate chart draws the whole's.
 * @param {ChartData} d @returns {uPlot.AlignedData}
 */
function groupColumns(d) {
  const { covered, perSecond } = scheduled(d);
  return [
    d.seconds.map((s) => s.second),
    ...groupNamesOf(d).map((name) =>
      d.seconds.map((s) => {
        const sent = s.groups?.[name]?.sent ?? 0;
        return covered(s.second) > 0 ? perSecond(sent, s.second) : sent > 0 ? sent : null;
      }),
    ),
    ...(d.plannedByGroup ?? []).map((p) =>
      d.seconds.map((s) => (covered(s.second) > 0 ? (p.perSecond[s.second - 1] ?? null) : null)),
    ),
  ];
}

/**
 * The rate planned in second `n` (1-based): the constant target, or on a ramp the mean of its
 * stages over that second (the integral of a straight line is its mean at the midpoint).
 * @param {ChartData} d @param {number} n
 */
function targetIn(d, n) {
  if (!d.stages) return d.targetRate;
  let planned = 0;
  let start = 0;
  for (const st of d.stages) {
    const a = Math.max(start, n - 1);
    const b = Math.min(st.endSec, n);
    if (b > a) {
      const at = (/** @type {number} */ t) => st.from + ((st.to - st.from) * (t - start)) / (st.endSec - start);
      planned += ((at(a) + at(b)) / 2) * (b - a);
    }
    start = st.endSec;
  }
  return planned;
}

/**
 * The groups the per-scenario chart draws: the report's, or (live) each one as its first second came.
 * @param {ChartData} d @returns {string[]}
 */
function groupNamesOf(d) {
  if (d.groupNames) return d.groupNames;
  /** @type {Set<string>} */
  const names = new Set();
  for (const s of d.seconds) for (const name of Object.keys(s.groups ?? {})) names.add(name);
  return [...names];
}

/**
 * Where each stage starts: the data's marks (each part's stages, when scenarios have their own),
 * else the plan's stages one after the other.
 * @param {ChartData} d @returns {Mark[]}
 */
function marksOf(d) {
  if (d.marks) return d.marks;
  let atSec = 0;
  return (d.stages ?? []).map((st) => {
    const mark = { name: st.name, atSec };
    atSec = st.endSec;
    return mark;
  });
}

/**
 * Marks where each stage starts, with its name, on a chart over the run's seconds. A second's
 * point (x = n) shows the time from n - 1 to n, so the end of second t is drawn at t + 0.5. Names
 * of stages that start together (two scenarios' ramps) stack.
 * @param {ChartData} d @returns {uPlot.Plugin}
 */
function stageMarks(d) {
  const marks = marksOf(d);
  return {
    hooks: {
      draw: [
        (u) => {
          if (marks.length === 0) return;
          const ctx = u.ctx;
          ctx.save();
          ctx.strokeStyle = BOUND_COLOR;
          ctx.fillStyle = '#555';
          ctx.setLineDash([2, 3]);
          ctx.font = `${Math.round(11 * devicePixelRatio)}px ${FONTS}`;
          ctx.textBaseline = 'top';
          const lineHeight = Math.round(13 * devicePixelRatio);
          /** @type {Map<number, number>} names already written at each x */
          const stacked = new Map();
          for (const { name, atSec } of marks) {
            const x = u.valToPos(atSec + 0.5, 'x', true);
            // The first stage starts before the first second's point: its name goes at the left edge.
            if ((atSec === 0 || x >= u.bbox.left) && x <= u.bbox.left + u.bbox.width) {
              if (atSec > 0) {
                ctx.beginPath();
                ctx.moveTo(x, u.bbox.top);
                ctx.lineTo(x, u.bbox.top + u.bbox.height);
                ctx.stroke();
              }
              const row = stacked.get(atSec) ?? 0;
              stacked.set(atSec, row + 1);
              ctx.fillText(name, Math.max(x, u.bbox.left) + 3, u.bbox.top + 2 + row * lineHeight);
            }
          }
          ctx.restore();
        },
      ],
    },
  };
}

/**
 * Shades the worst window of each failed windowed check, with its name, on a chart over the run's
 * seconds: second n's point is at x = n, so seconds a to b span a - 0.5 to b + 0.5.
 * @param {ChartData} d @returns {uPlot.Plugin}
 */
function windowShades(d) {
  const windows = d.windows ?? [];
  return {
    hooks: {
      drawAxes: [
        (u) => {
          if (windows.length === 0) return;
          const ctx = u.ctx;
          ctx.save();
          ctx.font = `${Math.round(11 * devicePixelRatio)}px ${FONTS}`;
          ctx.textBaseline = 'bottom';
          const lineHeight = Math.round(13 * devicePixelRatio);
          windows.forEach((w, i) => {
            const left = Math.max(u.bbox.left, u.valToPos(w.fromSecond - 0.5, 'x', true));
            const right = Math.min(u.bbox.left + u.bbox.width, u.valToPos(w.toSecond + 0.5, 'x', true));
            if (right <= left) return;
            ctx.fillStyle = 'rgba(214, 39, 40, 0.12)';
            ctx.fillRect(left, u.bbox.top, right - left, u.bbox.height);
            ctx.fillStyle = '#a11';
            ctx.fillText(w.label, left + 3, u.bbox.top + u.bbox.height - 2 - i * lineHeight);
          });
          ctx.restore();
        },
      ],
    },
  };
}

/**
 * The axes of a chart of requests per second over the run's seconds, with the stages marked.
 * @param {ChartData} d @returns {Partial<uPlot.Options>}
 */
function perSecondOpts(d) {
  return {
    scales: { x: { time: false }, y: FROM_ZERO },
    axes: [SECOND_AXIS, { label: WORDS.perSecondRequests, size: 60, incrs: WHOLE }],
    plugins: [stageMarks(d)],
  };
}

/** @type {ChartSpec[]} */
const CHARTS = [
  {
    id: 'rate',
    build: (d) => ({
      opts: {
        ...perSecondOpts(d),
        // The target last, dashed and dark: drawn over the sent line it equals when all goes well.
        series: [
          SECOND_X,
          line(WORDS.sent, COLORS[0]),
          line(WORDS.answered, COLORS[2]),
          line(WORDS.target, TARGET_COLOR, { dash: [6, 4], width: 1.5 }),
        ],
      },
      data: rateColumns(d),
    }),
  },
  {
    id: 'groups',
    build: (d) => {
      const names = groupNamesOf(d);
      /** A scenario's planned line takes its group's colour; a flow's (its steps are the groups) one of its own. */
      const colorOf = (/** @type {string} */ name, /** @type {number} */ i) => {
        const at = names.indexOf(name);
        return COLORS[(at >= 0 ? at : names.length + i) % COLORS.length];
      };
      return {
        opts: {
          ...perSecondOpts(d),
          series: [
            SECOND_X,
            ...names.map((name, i) => line(name, COLORS[i % COLORS.length])),
            ...(d.plannedByGroup ?? []).map((p, i) =>
              line(`${p.name} ${WORDS.planned}`, colorOf(p.name, i), { dash: [6, 4], width: 1 }),
            ),
          ],
        },
        data: groupColumns(d),
      };
    },
  },
  {
    id: 'latency',
    build: (d) => ({
      opts: {
        scales: { x: { time: false }, y: { distr: 3 } },
        axes: [SECOND_AXIS, MS_AXIS],
        plugins: [boundLabels(d.bounds), stageMarks(d), windowShades(d)],
        series: [
          SECOND_X,
          line('p50', COLORS[2]),
          line('p95', COLORS[3]),
          line('p99', COLORS[1]),
          line('max', '#999', { width: 1 }),
          ...d.bounds.map(boundSeries),
        ],
      },
      data: [
        d.seconds.map((s) => s.second),
        d.seconds.map((s) => s.p50),
        d.seconds.map((s) => s.p95),
        d.seconds.map((s) => s.p99),
        d.seconds.map((s) => s.max),
        ...d.bounds.map((b) => d.seconds.map(() => b.ms)),
      ],
    }),
  },
  {
    id: 'servers',
    build: (d) => {
      const servers = d.servers ?? [];
      const xs = [...new Set(servers.flatMap((s) => s.seconds.map((x) => x.second)))].sort((a, b) => a - b);
      /** @param {{ second: number, cpu: number, memMB: number }[]} seconds @param {'cpu' | 'memMB'} key */
      const column = (seconds, key) => {
        const at = new Map(seconds.map((x) => [x.second, key === 'cpu' ? 100 * x.cpu : x.memMB]));
        return xs.map((x) => at.get(x) ?? null);
      };
      return {
        opts: {
          scales: { x: { time: false }, cpu: FROM_ZERO, mb: FROM_ZERO },
          axes: [
            SECOND_AXIS,
            { scale: 'cpu', label: `${WORDS.cpu} %`, size: 60 },
            { scale: 'mb', label: WORDS.memory, side: 1, size: 70, grid: { show: false } },
          ],
          series: [
            SECOND_X,
            ...servers.flatMap((s, i) => [
              line(`${s.name} ${WORDS.cpu}`, COLORS[i % COLORS.length], { scale: 'cpu' }),
              line(`${s.name} ${WORDS.memory}`, COLORS[i % COLORS.length], { scale: 'mb', dash: [6, 3] }),
            ]),
          ],
        },
        data: [xs, ...servers.flatMap((s) => [column(s.seconds, 'cpu'), column(s.seconds, 'memMB')])],
      };
    },
  },
  {
    id: 'errors',
    build: (d) => {
      /** @type {Map<string, number>} */
      const totals = new Map();
      for (const s of d.seconds) for (const [k, n] of Object.entries(s.errors)) totals.set(k, (totals.get(k) ?? 0) + n);
      const kinds = [...totals.keys()].sort((a, b) => (totals.get(b) ?? 0) - (totals.get(a) ?? 0));
      const stepped = uPlot.paths.stepped?.({ align: 1 });
      return {
        opts: {
          scales: { x: { time: false }, y: FROM_ZERO },
          axes: [SECOND_AXIS, { label: WORDS.perSecond, size: 60, incrs: WHOLE }],
          series: [
            SECOND_X,
            line(WORDS.allFailures, '#444', { width: 1, ...(stepped ? { paths: stepped } : {}) }),
            ...kinds.map((k, i) => line(k, COLORS[(i + 1) % COLORS.length], stepped ? { paths: stepped } : {})),
            line(WORDS.dropped, '#bbb', { dash: [2, 3], ...(stepped ? { paths: stepped } : {}) }),
          ],
        },
        data: [
          d.seconds.map((s) => s.second),
          d.seconds.map((s) => s.failed),
          ...kinds.map((k) => d.seconds.map((s) => s.errors[k] ?? 0)),
          d.seconds.map((s) => s.dropped),
        ],
      };
    },
  },
  {
    id: 'spectrum',
    build: (d) => {
      const scopes = Object.entries(d.spectra).filter(([, pts]) => pts.length > 0);
      /** x position of each point; the maximum (p 100) goes one tick past the scope's last one. @param {Point[]} pts */
      const xsOf = (pts) =>
        pts.map((pt, i) =>
          pt.p < 100 ? -Math.log10(1 - pt.p / 100) : -Math.log10(1 - (pts[i - 1]?.p ?? 0) / 100) + TAIL_STEP,
        );
      const keyed = scopes.map(([name, pts]) => {
        const xs = xsOf(pts);
        return { name, at: new Map(xs.map((x, i) => [x.toFixed(6), pts[i]?.ms ?? null])) };
      });
      const xs = [...new Set(keyed.flatMap((k) => [...k.at.keys()]))].map(Number).sort((a, b) => a - b);
      const maxX = Math.max(1, ...xs);
      return {
        opts: {
          scales: { x: { time: false, range: [0, Math.ceil(maxX)] }, y: { distr: 3 } },
          plugins: [boundLabels(d.bounds)],
          axes: [
            {
              label: WORDS.percentile,
              splits: (_u, _i, _min, max) => Array.from({ length: Math.ceil(max) + 1 }, (_, i) => i),
              values: (_u, splits) => splits.map(pctAt),
            },
            MS_AXIS,
          ],
          series: [
            { label: WORDS.percentile, value: (_u, v) => (v == null ? '' : pctAt(v)) },
            ...keyed.map((k, i) => line(k.name, COLORS[i % COLORS.length], { spanGaps: true })),
            ...d.bounds.map(boundSeries),
          ],
        },
        data: [
          xs,
          ...keyed.map((k) => xs.map((x) => k.at.get(x.toFixed(6)) ?? null)),
          ...d.bounds.map((b) => xs.map(() => b.ms)),
        ],
      };
    },
  },
  {
    id: 'capacity',
    build: (d) => {
      const c = d.capacity ?? { steps: [], found: null, knee: null };
      // One point per rate, in order of rate; a rate run twice shows its last run.
      const byRate = new Map(c.steps.map((s) => [s.rate, s]));
      const rates = [...byRate.keys()].sort((a, b) => a - b);
      /** @type {{ at: number, label: string, dash: number[] }[]} */
      const marks = [
        ...(c.found === null ? [] : [{ at: c.found, label: WORDS.capacity, dash: [6, 4] }]),
        ...(c.knee === null ? [] : [{ at: c.knee, label: WORDS.knee, dash: [2, 3] }]),
      ];
      return {
        opts: {
          scales: { x: { time: false }, y: { distr: 3 } },
          axes: [{ label: WORDS.offered }, MS_AXIS],
          series: [
            { label: WORDS.offered },
            line('p50', COLORS[2], { points: { show: true, size: 6 } }),
            line('p99', COLORS[1], { points: { show: true, size: 6 } }),
          ],
          plugins: [
            {
              hooks: {
                draw: [
                  (u) => {
                    const ctx = u.ctx;
                    ctx.save();
                    ctx.strokeStyle = TARGET_COLOR;
                    ctx.fillStyle = TARGET_COLOR;
                    ctx.font = `${Math.round(11 * devicePixelRatio)}px ${FONTS}`;
                    ctx.textBaseline = 'top';
                    for (const m of marks) {
                      const x = u.valToPos(m.at, 'x', true);
                      if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) continue;
                      ctx.setLineDash(m.dash);
                      ctx.beginPath();
                      ctx.moveTo(x, u.bbox.top);
                      ctx.lineTo(x, u.bbox.top + u.bbox.height);
                      ctx.stroke();
                      ctx.fillText(`${m.label} ${m.at}/s`, x + 3, u.bbox.top + 2);
                    }
                    ctx.restore();
                  },
                ],
              },
            },
          ],
        },
        data: [rates, rates.map((r) => byRate.get(r)?.p50 ?? null), rates.map((r) => byRate.get(r)?.p99 ?? null)],
      };
    },
  },
  {
    id: 'compare-latency',
    build: (d) => {
      const runs = d.runs ?? [];
      const xs = [...new Set(runs.flatMap((r) => r.seconds.map((s) => s.second)))].sort((x, y) => x - y);
      /** @param {Second[]} seconds @param {'p95' | 'p99'} key */
      const column = (seconds, key) => {
        const at = new Map(seconds.map((s) => [s.second, s[key]]));
        return xs.map((x) => at.get(x) ?? null);
      };
      return {
        opts: {
          scales: { x: { time: false }, y: { distr: 3 } },
          axes: [SECOND_AXIS, MS_AXIS],
          plugins: [boundLabels(d.bounds)],
          series: [
            SECOND_X,
            ...runs.flatMap((r, i) => [
              line(`${r.name} p95`, COLORS[i % COLORS.length]),
              line(`${r.name} p99`, COLORS[i % COLORS.length], { dash: [3, 3] }),
            ]),
            ...d.bounds.map(boundSeries),
          ],
        },
        data: [
          xs,
          ...runs.flatMap((r) => [column(r.seconds, 'p95'), column(r.seconds, 'p99')]),
          ...d.bounds.map((b) => xs.map(() => b.ms)),
        ],
      };
    },
  },
];

/**
 * Draws every chart whose element (`[data-chart=<id>]`) is on the page; returns a function that
 * redraws them all from new data (the live dashboard calls it every second).
 * @param {ChartData} data
 * @returns {(data: ChartData) => void}
 */
function drawCharts(data) {
  /** @type {{ spec: ChartSpec, el: HTMLElement, plot: uPlot | null, shape: string }[]} */
  const charts = [];
  for (const spec of CHARTS) {
    const el = document.querySelector(`[data-chart="${spec.id}"]`);
    if (el instanceof HTMLElement) charts.push({ spec, el, plot: null, shape: '' });
  }
  const size = (/** @type {HTMLElement} */ el) => ({ width: Math.max(280, el.clientWidth), height: 260 });
  /** @param {ChartData} d */
  const render = (d) => {
    for (const c of charts) {
      const { opts, data: columns } = c.spec.build(d);
      // The series list changes when a new error kind or scope appears: rebuild the chart then.
      const shape = (opts.series ?? []).map((s) => s.label).join('\n');
      if (c.plot && shape === c.shape) c.plot.setData(columns);
      else {
        c.plot?.destroy();
        c.plot = new uPlot(
          {
            ...size(c.el),
            // The series' names, not values that read "--" until hovered.
            legend: { live: false },
            cursor: { drag: { x: false, y: false } },
            ...opts,
            axes: (opts.axes ?? []).map((a) => ({ font: `12px ${FONTS}`, labelFont: `bold 12px ${FONTS}`, ...a })),
            series: opts.series ?? [],
          },
          columns,
          c.el,
        );
        c.shape = shape;
      }
    }
  };
  render(data);
  // A canvas draws with the fonts loaded when it draws: once the page's fonts are in, draw again.
  document.fonts?.ready.then(() => {
    for (const c of charts) c.plot?.redraw(false, true);
  });
  // The drawn plots by chart id, for scripts and the browser tests that check what is drawn.
  /** @type {any} */ (window).lptfPlots = () => Object.fromEntries(charts.map((c) => [c.spec.id, c.plot]));
  addEventListener('resize', () => {
    for (const c of charts) c.plot?.setSize(size(c.el));
  });
  addEventListener('beforeprint', () => {
    for (const c of charts) c.plot?.setSize({ width: 680, height: 240 });
  });
  addEventListener('afterprint', () => {
    for (const c of charts) c.plot?.setSize(size(c.el));
  });
  return render;
}

const dataEl = document.getElementById('lptf-data');
/** @type {ChartData} */
const initial = JSON.parse(dataEl?.textContent ?? '{}');
/** @type {any} */ (window).lptfRedraw = drawCharts(initial);
