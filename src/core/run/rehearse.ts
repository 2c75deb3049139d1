import type { CaseSource } from '../cases/index.js';
import type { Recorder } from '../recorder/index.js';
import type { HttpResponse } from '../transport/index.js';
import type { SendOptions } from './request-sender.js';

/** How long a rehearsal may take, at most: whichever bound comes first. */
export interface RehearsalBudget {
  readonly rounds: number;
  readonly ms: number;
}

/**
 * 2,000 rounds are what it takes V8 to optimise a hot function; 100 ms bounds a slow protocol's
 * rehearsal (the widget's crypto costs ~20 µs a request).
 */
export const REHEARSAL_BUDGET: RehearsalBudget = { rounds: 2_000, ms: 100 };

/** An answer to judge: nothing a real target sent. A protocol that reads bodies rejects it, which rehearses its failure path. */
const REHEARSAL_ANSWER: HttpResponse = {
  status: 200,
  bytes: 2,
  body: Buffer.from('{}'),
  serverTiming: 'app;dur=1',
  ttfbMs: 1,
  downloadMs: 0.1,
};

/**
 * Runs the send path's own code on throwaway data before the first due time: builds requests,
 * judges a made-up answer and records both into a scratch recorder, across two seconds so one
 * closes (its histogram encoded). Nothing is sent and nothing reaches the run's figures.
 *
 * Why: without it the first requests paid for V8 compiling that code, and the first second's
 * close for loading the histogram encoder (29 ms, measured), so a run opened with a stall of
 * 20-30 ms and a burst after it, which the target never sees in production (200 req/s on
 * loopback: largest gap between arrivals 23-25 ms against the plan's 5).
 *
 * `options`, `cases` and `scratch` must be the rehearsal's own: a case source or a recorder
 * shared with the run would shift its cases or count in its figures.
 *
 * @example
 * ```ts
 * rehearse({ buildRequest, classify }, shuffledCases(groups, seed), new Recorder([170, 870]))
 * ```
 */
export function rehearse(
  options: SendOptions,
  cases: CaseSource,
  scratch: Recorder,
  budget: RehearsalBudget = REHEARSAL_BUDGET,
): void {
  const started = performance.now();
  for (let seq = 0; seq < budget.rounds; seq++) {
    // Half the rounds in each second, so the scratch series closes its first one.
    const elapsedMs = seq < budget.rounds / 2 ? 1 : 1_001;
    const testCase = cases.next();
    scratch.onDue(testCase.group, 0.1);
    try {
      options.buildRequest(testCase, seq);
      const outcome = options.classify(REHEARSAL_ANSWER, testCase, seq);
      scratch.onSent(testCase.group, elapsedMs);
      if (outcome.ok) scratch.onOk(testCase.group, 1 + (seq % 50), 1, 200, elapsedMs, outcome);
      else scratch.onFailed(testCase.group, outcome.kind, elapsedMs, 200, outcome);
      scratch.onServerTiming(REHEARSAL_ANSWER.serverTiming ?? '', 1);
      scratch.onWire(testCase.group, REHEARSAL_ANSWER);
    } catch {
      // The run records a build or judge that throws as a failure; here it only ends the rehearsal of that path.
      scratch.onFailed(testCase.group, 'build_request', elapsedMs);
    }
    if (performance.now() - started > budget.ms) break;
  }
  scratch.series.flush(2_001);
}
