/**
 * One sample of Prometheus' text exposition format: `name{label="value",…} 42`.
 *
 * @example
 * ```ts
 * const s: ExposedSample = { name: 'node_load1', labels: {}, value: 0.42 }
 * ```
 */
export interface ExposedSample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+-?\d+)?\s*$/;
const LABEL = /\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"((?:[^"\\]|\\.)*)"\s*,?/gy;

/**
 * Parses the text format of a metrics endpoint (a node exporter's `/metrics`), keeping the
 * samples whose names `wanted` accepts. Comments and lines it cannot read are skipped: a
 * scrape is read for a few known series, not validated. Written here because the parsers on
 * npm are unmaintained, and the lines read are `name{labels} value`.
 *
 * @example
 * ```ts
 * parseExposition('node_load1 0.5\n', (n) => n === 'node_load1') // [{ name: 'node_load1', labels: {}, value: 0.5 }]
 * ```
 */
export function parseExposition(text: string, wanted: (name: string) => boolean): ExposedSample[] {
  const samples: ExposedSample[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    // The name first, and the regular expressions only for the lines wanted: a node exporter's
    // page is ~2,000 lines of which a few dozen are read (19 ms of CPU a scrape before, measured).
    const brace = line.indexOf('{');
    const space = line.indexOf(' ');
    const end = brace >= 0 && (space < 0 || brace < space) ? brace : space;
    if (end <= 0 || !wanted(line.slice(0, end))) continue;
    const m = LINE.exec(line);
    if (!m || !wanted(m[1] as string)) continue;
    const labels: Record<string, string> = {};
    const body = m[2] ?? '';
    LABEL.lastIndex = 0;
    let whole = true;
    while (LABEL.lastIndex < body.trimEnd().length) {
      const l = LABEL.exec(body);
      // Labels that do not read to the end: the line is not one this reads.
      if (!l) {
        whole = false;
        break;
      }
      labels[l[1] as string] = (l[2] as string).replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    }
    if (!whole) continue;
    const raw = m[3] as string;
    const value = raw === '+Inf' ? Number.POSITIVE_INFINITY : raw === '-Inf' ? Number.NEGATIVE_INFINITY : Number(raw);
    if (!Number.isNaN(value) || raw === 'NaN') samples.push({ name: m[1] as string, labels, value });
  }
  return samples;
}
