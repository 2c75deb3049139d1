/**
 * Runs `fn` and then `after`, once `fn` has returned, thrown, resolved or rejected; returns
 * (or rethrows) what `fn` did. A phase around sync or async work ends this way.
 *
 * @example
 * ```ts
 * const rows = await afterSettled(() => db.all(), () => timer.phaseEnd('db'))
 * ```
 */
export function afterSettled<T>(fn: () => T, after: () => void): T {
  let out: T;
  try {
    out = fn();
  } catch (err) {
    after();
    throw err;
  }
  if (out && typeof (out as { then?: unknown }).then === 'function') {
    return (out as unknown as PromiseLike<unknown>).then(
      (v) => {
        after();
        return v;
      },
      (err: unknown) => {
        after();
        throw err;
      },
    ) as T;
  }
  after();
  return out;
}
