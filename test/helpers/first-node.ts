/**
 * Why a long test of the load engine's timing is skipped on the second Node of a CI run (`.ci/run`
 * sets `LPTF_SECOND_NODE=1` for its Node 24 pass), or false: it measured on the first Node, on the
 * same machine, minutes before, and CI must stay under 30 minutes. Every test of how lptf loads,
 * installs, bundles and runs user code, and every shorter one, still runs on both.
 *
 * @example
 * ```ts
 * test('a 30 s ramp arrives as planned', { skip: firstNodeOnly }, async () => { … })
 * ```
 */
export const firstNodeOnly: string | false =
  process.env['LPTF_SECOND_NODE'] === '1' ? 'a long timing test, run on the first Node of this CI run' : false;
