import type { TestCase } from '../cases/index.js';
import { RequestFailure } from '../errors/index.js';
import type { Recorder } from '../recorder/index.js';
import { errorKind, type HttpRequest, type HttpResponse, type Transport } from '../transport/index.js';
import type { Outcome } from './outcome.js';

/**
 * How requests are made and judged, whatever paces them.
 *
 * @example
 * ```ts
 * const o: SendOptions = { buildRequest: () => ({ method: 'GET', path: '/', headers: {} }), classify: statusOutcome((s) => s < 400) }
 * ```
 */
export interface SendOptions {
  /** Builds the request for a case; `seq` is the request's index in the run. */
  readonly buildRequest: (testCase: TestCase, seq: number) => HttpRequest;
  /** Judges an answer to the request built for `testCase` and `seq`: accepted, or failed with a kind (see `statusOutcome`). */
  readonly classify: (response: HttpResponse, testCase: TestCase, seq: number) => Outcome;
}

/**
 * Sends one request at a time on behalf of a pacer (the open model's schedule or a closed
 * loop's connections) and records its fate: sent, answered OK with its latency, failed with its
 * kind, or cancelled when the run is aborted. Shared, so both models count alike.
 *
 * @example
 * ```ts
 * const sender = new RequestSender(options, transport, recorder, () => performance.now(), start)
 * sender.send(testCase, 0, start, () => console.log('settled'))
 * ```
 */
export class RequestSender {
  private aborting = false;
  /** Clock time of the last send. */
  lastSendMs = 0;

  constructor(
    private readonly options: SendOptions,
    private readonly transport: Transport,
    private readonly recorder: Recorder,
    private readonly clock: () => number,
    private readonly startMs: number,
  ) {}

  /** Fails every request in flight now (the transport closes its connections); they count as cancelled. */
  abort(): void {
    this.aborting = true;
    this.transport.close(true).catch(() => undefined);
  }

  /**
   * Sends a request for `testCase` and calls `settled` once its fate is recorded; `settled` is
   * not called if the request could not even be built (that failure is recorded at once).
   * With `dueMs` (open model), latency runs from the due time, or from the actual send if that
   * came first; without (closed loop), from the send. `stage`: the stage it was due in, if the
   * schedule has stages. Returns whether it went out.
   */
  send(testCase: TestCase, seq: number, dueMs: number | undefined, settled: () => void, stage?: string): boolean {
    const { group } = testCase;
    let request: HttpRequest;
    try {
      request = this.options.buildRequest(testCase, seq);
    } catch (err) {
      // A request that cannot be built is a failed attempt, not a crash of the whole run.
      const now = this.clock();
      const failure = err instanceof RequestFailure ? err : undefined;
      this.recorder.onSent(group, now - this.startMs, stage);
      this.recorder.onFailed(
        group,
        failure?.kind ?? 'build_request',
        now - this.startMs,
        undefined,
        failure ? { example: failure.message } : {},
        stage,
      );
      return false;
    }
    // Timed after building, so the service time is the target's alone.
    const sentMs = this.clock();
    this.lastSendMs = sentMs;
    this.recorder.onSent(group, sentMs - this.startMs, stage);
    const fromMs = dueMs === undefined || sentMs < dueMs ? sentMs : dueMs;
    this.transport.send(request, (err, res) => {
      this.onAnswer(testCase, seq, fromMs, sentMs, err, res, stage);
      settled();
    });
    return true;
  }

  private onAnswer(
    testCase: TestCase,
    seq: number,
    fromMs: number,
    sentMs: number,
    err: Error | undefined,
    res: HttpResponse | undefined,
    stage: string | undefined,
  ): void {
    const end = this.clock();
    const { group } = testCase;
    if (res) {
      let outcome: Outcome;
      try {
        outcome = this.options.classify(res, testCase, seq);
      } catch {
        outcome = { ok: false, kind: 'check_failed' };
      }
      if (outcome.ok) {
        this.recorder.onOk(group, end - fromMs, end - sentMs, res.status, end - this.startMs, outcome, stage);
        if (res.serverTiming !== undefined) this.recorder.onServerTiming(res.serverTiming, end - fromMs);
      } else this.recorder.onFailed(group, outcome.kind, end - this.startMs, res.status, outcome, stage);
    } else if (this.aborting) this.recorder.onCancelled(group, stage);
    else this.recorder.onFailed(group, errorKind(err), end - this.startMs, undefined, {}, stage);
  }
}
