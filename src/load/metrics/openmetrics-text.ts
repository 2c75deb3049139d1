import type { MetricFamily } from './metric-family.js';

/** A label value as the text formats escape it: backslash, double quote and newline. */
const escapeValue = (v: string): string => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

/** A number as the text formats write it. */
const formatValue = (n: number): string =>
  Number.isNaN(n)
    ? 'NaN'
    : n === Number.POSITIVE_INFINITY
      ? '+Inf'
      : n === Number.NEGATIVE_INFINITY
        ? '-Inf'
        : String(n);

/**
 * The content type of {@link openMetricsText}, for the `/metrics` answer.
 */
export const OPENMETRICS_TYPE = 'application/openmetrics-text; version=1.0.0; charset=utf-8';

/**
 * Renders metric families in the OpenMetrics text format (what Prometheus scrapes), ending
 * with `# EOF`.
 *
 * @example
 * ```ts
 * openMetricsText([{ name: 'lptf_requests_in_flight', type: 'gauge', help: 'In flight.', samples: [{ labels: {}, value: 3 }] }])
 * // '# TYPE lptf_requests_in_flight gauge\n# HELP lptf_requests_in_flight In flight.\nlptf_requests_in_flight 3\n# EOF\n'
 * ```
 */
export function openMetricsText(families: readonly MetricFamily[]): string {
  const lines: string[] = [];
  for (const f of families) {
    lines.push(`# TYPE ${f.name} ${f.type}`);
    if (f.unit) lines.push(`# UNIT ${f.name} ${f.unit}`);
    lines.push(`# HELP ${f.name} ${f.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`);
    for (const s of f.samples) {
      const labels = Object.entries(s.labels)
        .map(([k, v]) => `${k}="${escapeValue(v)}"`)
        .join(',');
      lines.push(`${f.name}${s.suffix ?? ''}${labels ? `{${labels}}` : ''} ${formatValue(s.value)}`);
    }
  }
  lines.push('# EOF');
  return `${lines.join('\n')}\n`;
}
