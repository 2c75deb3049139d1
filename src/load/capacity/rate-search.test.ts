import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kneeOf } from './knee.js';
import { afterStep, nextRate, type SearchBounds, type StepOutcome, startSearch } from './rate-search.js';

/** Runs the search against a target that holds `capacity` (and a generator that drives `generatorLimit`). */
function search(bounds: SearchBounds, capacity: number, generatorLimit = Number.POSITIVE_INFINITY) {
  let state = startSearch();
  const rates: number[] = [];
  for (let rate = nextRate(state, bounds); rate !== undefined; rate = nextRate(state, bounds)) {
    rates.push(rate);
    const outcome: StepOutcome = rate > generatorLimit ? 'generator' : rate <= capacity ? 'pass' : 'fail';
    state = afterStep(state, rate, outcome, bounds);
    assert.ok(rates.length < 40, `no end: ${rates.join(', ')}`);
  }
  return { state, rates };
}

test('doubling, then halving the interval to the precision, then a confirmation at the rate found', () => {
  const bounds = { startRate: 78, maxRate: 5000, precision: 0.02 };
  for (const capacity of [100, 700, 1234, 4321]) {
    const { state, rates } = search(bounds, capacity);
    assert.equal(state.ended, 'found');
    assert.ok(state.passed <= capacity && state.passed >= capacity * 0.98, `${capacity}: found ${state.passed}`);
    assert.equal(rates.at(-1), state.passed, 'the last step confirms the rate found');
    assert.ok(rates.length <= 16, `${capacity}: ${rates.length} steps`);
  }
  assert.deepEqual(search(bounds, 700).rates.slice(0, 6), [78, 156, 312, 624, 1248, 936]);
});

test('the max rate passing ends the search; a target that holds less than the first step is searched below it', () => {
  assert.equal(search({ startRate: 100, maxRate: 1000, precision: 0.02 }, 5000).state.ended, 'max-rate');
  const low = search({ startRate: 100, maxRate: 1000, precision: 0.02 }, 30);
  assert.equal(low.state.ended, 'found');
  assert.ok(low.state.passed >= 29 && low.state.passed <= 30, String(low.state.passed));
  assert.equal(search({ startRate: 10, maxRate: 1000, precision: 0.02, minRate: 1 }, 0.5).state.ended, 'below-min');
});

test('a step the generator cannot drive runs once more, then ends the search, the target’s capacity unmeasured', () => {
  const { state, rates } = search(
    { startRate: 100, maxRate: 100_000, precision: 0.02 },
    Number.POSITIVE_INFINITY,
    3000,
  );
  assert.equal(state.ended, 'generator');
  assert.equal(state.passed, 1600);
  assert.deepEqual(rates.slice(-3), [1600, 3200, 3200]);
});

test('a step the generator could not drive once (a stall) is run again, and the search goes on from what it shows', () => {
  const bounds = { startRate: 100, maxRate: 1000, precision: 0.02 };
  let state = startSearch();
  const rates: number[] = [];
  let stalls = ['doubling', 'confirming'];
  for (let rate = nextRate(state, bounds); rate !== undefined; rate = nextRate(state, bounds)) {
    rates.push(rate);
    // Holds 500; the first step at 400 and the first confirmation each meet a stall.
    const now = rate === 400 ? 'doubling' : state.confirming ? 'confirming' : '';
    const stalled = stalls.includes(now);
    stalls = stalls.filter((s) => s !== now);
    const outcome: StepOutcome = stalled ? 'generator' : rate <= 500 ? 'pass' : 'fail';
    state = afterStep(state, rate, outcome, bounds);
  }
  assert.equal(state.ended, 'found');
  assert.deepEqual(rates.slice(0, 5), [100, 200, 400, 400, 800]);
  assert.ok(state.passed <= 500 && state.passed >= 490, String(state.passed));
  // The confirmation ran twice, the second time confirming: one confirmation, not a failed one.
  assert.deepEqual(rates.slice(-2), [state.passed, state.passed]);
  assert.equal(state.confirmations, 1);
});

test('a confirmation that fails lowers the rate found and the search goes on below it', () => {
  const bounds = { startRate: 100, maxRate: 1000, precision: 0.02 };
  let state = startSearch();
  let flaky = true;
  for (let rate = nextRate(state, bounds); rate !== undefined; rate = nextRate(state, bounds)) {
    // Holds 500, except that its first confirmation fails.
    let outcome: StepOutcome = rate <= 500 ? 'pass' : 'fail';
    if (state.confirming && flaky) {
      outcome = 'fail';
      flaky = false;
    }
    state = afterStep(state, rate, outcome, bounds);
  }
  assert.equal(state.ended, 'found');
  assert.ok(state.passed < 500 && state.passed >= 480, String(state.passed));
  assert.equal(state.confirmations, 2);
});

test('the knee is where latency starts to climb; a flat or straight curve has none', () => {
  // Flat to 400/s, then climbing in a straight line: the bend is the knee.
  const bent = [100, 200, 300, 400, 500, 600, 700, 800].map((rate) => ({
    rate,
    ms: rate <= 400 ? 2 : 2 + (rate - 400) / 2,
  }));
  assert.equal(kneeOf(bent), 400);
  assert.equal(
    kneeOf([
      { rate: 1, ms: 2 },
      { rate: 2, ms: 2 },
      { rate: 3, ms: 2 },
    ]),
    undefined,
  );
  assert.equal(
    kneeOf([
      { rate: 1, ms: 1 },
      { rate: 2, ms: 2 },
    ]),
    undefined,
  );
  // A rate run twice counts once, by its mean.
  assert.equal(
    kneeOf([
      { rate: 1, ms: 1 },
      { rate: 2, ms: 1 },
      { rate: 2, ms: 1.2 },
      { rate: 3, ms: 50 },
    ]),
    2,
  );
});
