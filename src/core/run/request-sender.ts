import type { TestCase } from '../cases/index.js';
import { RequestFailure } from '../errors/index.js';
import type { Recorder } from '../recorder/index.js';
import { errorKind, type HttpRequest, type HttpResponse, type Transport } from '../transport/index.js';
import { failureExample } from './failure-example.js';
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
  /**
   * Optional: the next step of a user flow, after an accepted answer to `testCase` (a failed step
   * ends its flow). The arrival's slot stays taken until its flow ends.
   */
  /**
   * Optional: a user flow's next step after an accepted answer; `seq` is the arrival's, which every
   * step of its flow shares (a protocol whose arrivals are sessions keys them by it).
   */
  readonly nextStep?: (testCase: TestCase, seq: number) => NextStep | undefined;
  /**
   * Optional: follows redirects. Given an answer and the hops taken so far for this request, says
   * whether to send a next hop (counted as a redirect of the request's group; the request's latency
   * runs from its first intended send to the last answer) or to fail it.
   */
  readonly followRedirect?: (testCase: TestCase, request: HttpRequest, res: HttpResponse, hops: number) => Follow;
}

/**
 * What to do with an answer that redirects: send its next hop, or fail it (a kind and an
 * example: too many hops, another origin); undefined to judge it as it is.
 *
 * @example
 * ```ts
 * const f: Follow = { request: { method: 'GET', path: '/home', headers: {} } }
 * ```
 */
export type Follow =
  | { readonly request: HttpRequest }
  | { readonly fail: string; readonly example: string }
  | undefined;

/**
 * A user flow's next request, and how long after the answer before it (the user's think time).
 *
 * @example
 * ```ts
 * const n: NextStep = { testCase: { ...testCase, group: 'shop.cart' }, afterMs: 500 }
 * ```
 */
export interface NextStep {
  readonly testCase: TestCase;
  readonly afterMs: number;
}

/**
 * Sends one request at a time on behalf of a pacer (the open model's schedule or a closed
 * loop's connections) and records its fate: sent, answered OK with its latency, failed with its
 * kind, or cancelled when the run is aborted. Shared, so both models count alike.
 *
 * With `nextStep`, an arrival starts a user flow: each accepted answer may lead, after a think
 * time, to the flow's next request, recorded as a follow-up in its own group and timed from when
 * it was meant to go out (the answer plus the think time), so a late timer is not hidden either.
 * The pacer hears `settled` once, when the flow ends.
 *
 * @example
 * ```ts
 * const sender = new RequestSender(options, transport, recorder, () => performance.now(), start)
 * sender.send(testCase, 0, start, () => console.log('settled'))
 * ```
 */
export class RequestSender {
  private aborting = false;
  private stopping = false;
  /** Flows waiting out a think time: each timer, with the `settled` of its arrival. */
  private readonly thinking = new Map<NodeJS.Timeout, () => void>();
  /**
   * Clock time of the last arrival handled: sent, or found unable to become a request (a flow's
   * later steps are not arrivals). The send window ends after it, so arrivals never sent at the
   * schedule's end still count against what was delivered.
   */
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
    this.stop();
    this.transport.close(true).catch(() => undefined);
  }

  /**
   * Ends every flow now: none takes its next step (one waiting out a think time ends there; that
   * step never came due, so it is not counted). Requests in flight may finish.
   */
  stop(): void {
    this.stopping = true;
    const ended = [...this.thinking];
    this.thinking.clear();
    for (const [timer, settled] of ended) {
      clearTimeout(timer);
      settled();
    }
  }

  /**
   * Sends a request for `testCase` and calls `settled` once its fate is recorded; `settled` is
   * not called if the request could not even be built (that failure is recorded at once).
   * With `dueMs` (open model), latency runs from the due time, or from the actual send if that
   * came first; without (closed loop), from the send. `stage`: the stage it was due in, if the
   * schedule has stages. Returns whether it went out.
   */
  send(testCase: TestCase, seq: number, dueMs: number | undefined, settled: () => void, stage?: string): boolean {
    return this.dispatch(testCase, seq, dueMs, settled, stage, false);
  }

  private dispatch(
    testCase: TestCase,
    seq: number,
    dueMs: number | undefined,
    settled: () => void,
    stage: string | undefined,
    followUp: boolean,
  ): boolean {
    const { group } = testCase;
    let request: HttpRequest;
    try {
      request = this.options.buildRequest(testCase, seq);
    } catch (err) {
      // A request that cannot be built never left the client: not sent, counted apart with its
      // kind, and not a crash of the whole run.
      const now = this.clock();
      const failure = err instanceof RequestFailure ? err : undefined;
      if (followUp) this.recorder.onDue(group, null, stage);
      else this.lastSendMs = now;
      this.recorder.onUnsent(
        group,
        failure?.kind ?? 'build_request',
        now - this.startMs,
        failure ? { example: failure.message } : { example: String((err as Error)?.message ?? err).slice(0, 200) },
        stage,
      );
      return false;
    }
    // Timed after building, so the service time is the target's alone.
    const sentMs = this.clock();
    if (followUp) this.recorder.onFollowUp(group, sentMs - this.startMs, stage);
    else {
      this.lastSendMs = sentMs;
      this.recorder.onSent(group, sentMs - this.startMs, stage);
    }
    const fromMs = dueMs === undefined || sentMs < dueMs ? sentMs : dueMs;
    const answered =
      (sent: HttpRequest, hops: number) =>
      (err: Error | undefined, res: HttpResponse | undefined): void => {
        // A redirect's next hop goes on at once; the request is judged on its last answer.
        const follow = res && !this.aborting ? this.options.followRedirect?.(testCase, sent, res, hops) : undefined;
        if (follow && 'request' in follow) {
          this.recorder.onRedirect(group, stage);
          this.transport.send(follow.request, answered(follow.request, hops + 1));
          return;
        }
        if (follow) {
          const end = this.clock();
          this.recorder.onFailed(
            group,
            follow.fail,
            end - this.startMs,
            res?.status,
            { example: follow.example },
            stage,
          );
          settled();
          return;
        }
        const accepted = this.onAnswer(testCase, seq, sent, fromMs, sentMs, err, res, stage);
        const next = accepted && !this.stopping ? this.nextOf(testCase, seq) : undefined;
        if (next) this.think(next, seq, settled, stage);
        else settled();
      };
    this.transport.send(request, answered(request, 0));
    return true;
  }

  /** The flow's next step, if any; a `nextStep` that throws ends the flow (the protocol records its own failures). */
  private nextOf(testCase: TestCase, seq: number): NextStep | undefined {
    try {
      return this.options.nextStep?.(testCase, seq);
    } catch {
      return undefined;
    }
  }

  /**
   * Waits out a think time, then sends the flow's next step, due at the end of the wait. A Node
   * timer counts from the event loop's time, read when the loop last woke, which under load is
   * older than this clock's now: it may fire early by as long as the loop's turn has run. A
   * wake-up more than a millisecond early waits again for the rest.
   */
  private think(next: NextStep, seq: number, settled: () => void, stage: string | undefined): void {
    const dueMs = this.clock() + next.afterMs;
    const wake = (): void => {
      this.thinking.delete(timer);
      const early = dueMs - this.clock();
      if (early > 1) {
        timer = setTimeout(wake, Math.ceil(early));
        this.thinking.set(timer, settled);
      } else if (!this.dispatch(next.testCase, seq, dueMs, settled, stage, true)) settled();
    };
    let timer = setTimeout(wake, next.afterMs);
    this.thinking.set(timer, settled);
  }

  private onAnswer(
    testCase: TestCase,
    seq: number,
    request: HttpRequest,
    fromMs: number,
    sentMs: number,
    err: Error | undefined,
    res: HttpResponse | undefined,
    stage: string | undefined,
  ): boolean {
    const end = this.clock();
    const { group } = testCase;
    if (res) {
      this.recorder.onWire(group, res);
      let outcome: Outcome;
      try {
        outcome = this.options.classify(res, testCase, seq);
      } catch {
        outcome = { ok: false, kind: 'check_failed' };
      }
      if (outcome.ok) {
        this.recorder.onOk(group, end - fromMs, end - sentMs, res.status, end - this.startMs, outcome, stage);
        if (res.serverTiming !== undefined) this.recorder.onServerTiming(res.serverTiming, end - fromMs);
        return true;
      }
      // Failures say what was asked and what came back: debuggable from the report. A judge's
      // reason goes with the request line (cheap); reading the body is for the first few of a kind.
      const detail =
        outcome.example !== undefined || this.recorder.wantsExample(group, outcome.kind)
          ? { ...outcome, example: failureExample(request, res, outcome.example) }
          : outcome;
      this.recorder.onFailed(group, outcome.kind, end - this.startMs, res.status, detail, stage);
    } else if (this.aborting) this.recorder.onCancelled(group, stage);
    else {
      const kind = errorKind(err);
      const detail = this.recorder.wantsExample(group, kind)
        ? { example: failureExample(request, undefined, undefined, err) }
        : {};
      this.recorder.onFailed(group, kind, end - this.startMs, undefined, detail, stage);
    }
    return false;
  }
}
