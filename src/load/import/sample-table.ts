/**
 * One request as another tool logged it: when it was sent (ms since the epoch), how long it took
 * from that send, its label (the tool's name for the request: a group of lptf's) and its outcome.
 *
 * @example
 * ```ts
 * const s: ForeignSample = { startMs: 1796616995000, elapsedMs: 12, label: 'normal', ok: true, status: 200 }
 * ```
 */
export interface ForeignSample {
  readonly startMs: number;
  readonly elapsedMs: number;
  readonly label: string;
  readonly ok: boolean;
  /** The HTTP status, when the tool logged one. */
  readonly status?: number;
  /** Why it failed, as lptf names failures (`http_503`, `timeout`, `refused`, `check_failed`, `error`). */
  readonly kind?: string;
  /** The tool's own words for a failure, for the report's examples. */
  readonly example?: string;
  /** Time to connect and to the first byte (JMeter's `Connect` and `Latency`), when logged. */
  readonly connectMs?: number;
  readonly ttfbMs?: number;
}

/** The most requests one imported file may hold: 10 million (a 200/s test for 13 hours). */
export const MAX_SAMPLES = 10_000_000;

/**
 * The most labels kept as groups of their own: past it (a tool that names each request by its
 * URL) the rest are counted together as {@link OTHER_LABELS}, and the report says so.
 */
export const MAX_LABELS = 50;
export const OTHER_LABELS = '(other labels)';

const NONE = -1;

/**
 * A file's samples in columns, about 30 bytes each (a 3.6 M-line JTL holds ~110 MB as objects
 * would hold ~400 MB): they must be kept, because another tool logs a request when it ends and the
 * recorder counts sends and answers in time order.
 *
 * @example
 * ```ts
 * const t = new SampleTable(); t.add(sample); t.size // 1
 * ```
 */
export class SampleTable {
  size = 0;
  private starts = new Float64Array(1024);
  private elapsed = new Float32Array(1024);
  private connect = new Float32Array(1024);
  private ttfb = new Float32Array(1024);
  private statuses = new Int16Array(1024);
  private labels = new Uint16Array(1024);
  private kinds = new Int16Array(1024);
  /** Labels and failure kinds, each stored once. */
  readonly labelNames: string[] = [];
  readonly kindNames: string[] = [];
  /** A few of the tool's own words per label and failure kind ({@link exampleKey}), for the report's examples. */
  readonly examples = new Map<string, string[]>();
  /** Distinct labels counted as {@link OTHER_LABELS}. */
  readonly otherLabels = new Set<string>();
  private readonly labelIndex = new Map<string, number>();
  private readonly kindIndex = new Map<string, number>();

  add(s: ForeignSample): void {
    if (this.size === this.starts.length) this.grow();
    const i = this.size++;
    this.starts[i] = s.startMs;
    this.elapsed[i] = s.elapsedMs;
    this.connect[i] = s.connectMs ?? NONE;
    this.ttfb[i] = s.ttfbMs ?? NONE;
    this.statuses[i] = s.status ?? NONE;
    this.labels[i] = this.indexOf(this.labelIndex, this.labelNames, this.labelOf(s.label));
    this.kinds[i] = s.ok ? NONE : this.indexOf(this.kindIndex, this.kindNames, s.kind ?? 'error');
    if (!s.ok && s.example) {
      const key = exampleKey(this.labelNames[this.labels[i] as number] as string, s.kind ?? 'error');
      const kept = this.examples.get(key) ?? [];
      if (kept.length < 3 && !kept.includes(s.example)) kept.push(s.example);
      this.examples.set(key, kept);
    }
  }

  /** The i-th sample, as it was added. */
  at(i: number): ForeignSample {
    const kind = this.kinds[i] as number;
    const status = this.statuses[i] as number;
    const connect = this.connect[i] as number;
    const ttfb = this.ttfb[i] as number;
    return {
      startMs: this.starts[i] as number,
      elapsedMs: this.elapsed[i] as number,
      label: this.labelNames[this.labels[i] as number] as string,
      ok: kind === NONE,
      ...(status === NONE ? {} : { status }),
      ...(kind === NONE ? {} : { kind: this.kindNames[kind] as string }),
      ...(connect === NONE ? {} : { connectMs: connect }),
      ...(ttfb === NONE ? {} : { ttfbMs: ttfb }),
    };
  }

  startOf(i: number): number {
    return this.starts[i] as number;
  }

  /**
   * Spreads the starts logged only to the second (ab's) evenly over their second, in the order
   * they were logged: the order within a second is not in the file, and every start at the second's
   * first millisecond would show a burst (and a concurrency) the tool never sent.
   */
  spreadWholeSeconds(): void {
    const bySecond = new Map<number, number[]>();
    for (let i = 0; i < this.size; i++) {
      const second = this.starts[i] as number;
      const list = bySecond.get(second);
      if (list) list.push(i);
      else bySecond.set(second, [i]);
    }
    for (const [second, list] of bySecond)
      for (const [k, i] of list.entries()) this.starts[i] = second + (k * 1000) / list.length;
  }

  /** From the first start to the last end, in ms (0 when empty). */
  spanMs(): number {
    let first = Number.POSITIVE_INFINITY;
    let last = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < this.size; i++) {
      first = Math.min(first, this.starts[i] as number);
      last = Math.max(last, this.endOf(i));
    }
    return this.size === 0 ? 0 : last - first;
  }

  endOf(i: number): number {
    return (this.starts[i] as number) + (this.elapsed[i] as number);
  }

  private labelOf(label: string): string {
    if (this.labelIndex.has(label) || this.labelNames.length < MAX_LABELS - 1) return label;
    if (this.otherLabels.size < 100_000) this.otherLabels.add(label);
    return OTHER_LABELS;
  }

  private indexOf(index: Map<string, number>, names: string[], name: string): number {
    let i = index.get(name);
    if (i === undefined) {
      i = names.length;
      names.push(name);
      index.set(name, i);
    }
    return i;
  }

  private grow(): void {
    const n = this.starts.length * 2;
    const copy = <T extends Float64Array | Float32Array | Int16Array | Uint16Array>(
      a: T,
      make: (n: number) => T,
    ): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.starts = copy(this.starts, (k) => new Float64Array(k));
    this.elapsed = copy(this.elapsed, (k) => new Float32Array(k));
    this.connect = copy(this.connect, (k) => new Float32Array(k));
    this.ttfb = copy(this.ttfb, (k) => new Float32Array(k));
    this.statuses = copy(this.statuses, (k) => new Int16Array(k));
    this.labels = copy(this.labels, (k) => new Uint16Array(k));
    this.kinds = copy(this.kinds, (k) => new Int16Array(k));
  }
}

/** Where a {@link SampleTable} keeps the examples of one label's failures of one kind. */
export function exampleKey(label: string, kind: string): string {
  return `${label}\u0000${kind}`;
}
