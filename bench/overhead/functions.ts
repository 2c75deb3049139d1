// The three functions every tool measures: an empty one (the tool's own overhead per call),
// a division of values the JIT cannot fold, and a function of about 1 µs.
export const inputs = { a: 7.5, b: 2.5 };

export function empty(): void {}

export function divide(): number {
  return inputs.a / inputs.b;
}

export function oneMicrosecond(): number {
  let x = 0;
  for (let i = 0; i < 1300; i++) x = (x + i * i) | 0;
  return x;
}

export const FUNCTIONS = { empty, divide, oneMicrosecond } as const;
