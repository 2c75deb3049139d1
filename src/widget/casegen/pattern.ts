/** The most times one step of a pattern repeats: a slot value is a query's word, not a document. */
export const MAX_PATTERN_REPEAT = 1000;
/** The longest value a pattern may make. */
export const MAX_PATTERN_LENGTH = 10_000;

/** One step of a pattern: a set of characters, repeated min..max times. */
interface Step {
  readonly chars: string;
  readonly min: number;
  readonly max: number;
}

const CLASSES: Readonly<Record<string, string>> = {
  d: '0123456789',
  w: 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_',
  s: ' ',
};

/**
 * Compiles a small regular-expression subset into a generator of matching strings: literal
 * characters, `\d \w \s` and escaped literals, classes like `[A-Z0-9]`, and the quantifiers
 * `{n}`, `{n,m}`, `?`, `+` (1 to 3), `*` (0 to 3). Throws a `RangeError` for anything else
 * (groups, alternation), naming it.
 *
 * @example
 * ```ts
 * const gen = compilePattern('SF[0-9]{10}')
 * gen(Math.random) // 'SF4821937765'
 * ```
 */
export function compilePattern(pattern: string): (random: () => number) => string {
  let longest = 0;
  const steps: Step[] = [];
  let i = 0;
  while (i < pattern.length) {
    let chars: string;
    const c = pattern[i] as string;
    if (c === '\\') {
      const e = pattern[i + 1];
      if (e === undefined) throw new RangeError('pattern ends with a lone \\');
      chars = CLASSES[e] ?? e;
      i += 2;
    } else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) throw new RangeError('pattern has an unclosed [');
      chars = expandClass(pattern.slice(i + 1, end));
      i = end + 1;
    } else if ('(|)'.includes(c)) {
      throw new RangeError(`pattern uses "${c}": groups and alternation are not supported`);
    } else if ('{}?+*'.includes(c)) {
      throw new RangeError(`pattern has "${c}" with nothing to repeat`);
    } else {
      chars = c;
      i++;
    }
    let min = 1;
    let max = 1;
    const q = /^(?:\{(\d+)(?:,(\d+))?\}|([?+*]))/.exec(pattern.slice(i));
    if (q) {
      if (q[3]) [min, max] = q[3] === '?' ? [0, 1] : q[3] === '+' ? [1, 3] : [0, 3];
      else [min, max] = [Number(q[1]), q[2] === undefined ? Number(q[1]) : Number(q[2])];
      if (max < min) throw new RangeError(`pattern quantifier {${min},${max}} has max < min`);
      if (max > MAX_PATTERN_REPEAT)
        throw new RangeError(
          `pattern quantifier {${q[1]}${q[2] === undefined ? '' : `,${q[2]}`}} repeats more than ${MAX_PATTERN_REPEAT} times`,
        );
      i += q[0].length;
    }
    steps.push({ chars, min, max });
    longest += max;
    if (longest > MAX_PATTERN_LENGTH)
      throw new RangeError(`pattern makes values longer than ${MAX_PATTERN_LENGTH} characters`);
  }
  return (random) =>
    steps
      .map(({ chars, min, max }) => {
        const n = min + Math.floor(random() * (max - min + 1));
        let out = '';
        for (let k = 0; k < n; k++) out += chars[Math.floor(random() * chars.length)];
        return out;
      })
      .join('');
}

function expandClass(body: string): string {
  let chars = '';
  for (let i = 0; i < body.length; i++) {
    const a = body[i] as string;
    if (body[i + 1] === '-' && body[i + 2] !== undefined) {
      const from = a.charCodeAt(0);
      const to = (body[i + 2] as string).charCodeAt(0);
      if (to < from) throw new RangeError(`pattern class range ${a}-${body[i + 2]} is reversed`);
      for (let code = from; code <= to; code++) chars += String.fromCharCode(code);
      i += 2;
    } else chars += a;
  }
  if (chars === '') throw new RangeError('pattern has an empty class []');
  return chars;
}
