/**
 * A family of metrics as Prometheus and OpenMetrics name them: a counter `lptf_requests`
 * (whose samples end in `_total`), a gauge, or a histogram (`_bucket`, `_count`, `_sum`).
 *
 * @example
 * ```ts
 * const f: MetricFamily = { name: 'lptf_requests_in_flight', type: 'gauge', help: 'Requests sent, not yet answered.', samples: [{ labels: {}, value: 3 }] }
 * ```
 */
export interface MetricFamily {
  readonly name: string;
  readonly type: 'counter' | 'gauge' | 'histogram';
  readonly help: string;
  /** The unit, as the name's last word says it (`seconds`, `bytes`, `ratio`). */
  readonly unit?: string;
  readonly samples: readonly MetricSample[];
}

/**
 * One sample of a family: its name's suffix (`_total`, `_bucket`, …), labels and value.
 *
 * @example
 * ```ts
 * const s: MetricSample = { suffix: '_total', labels: { outcome: 'ok' }, value: 1200 }
 * ```
 */
export interface MetricSample {
  readonly suffix?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}
