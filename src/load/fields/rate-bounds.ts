/**
 * The highest rate one run paces: ~14 times what one core sent here (72,000/s closed loop),
 * already past what a machine's network stack takes; a larger test is several `--segment`s.
 */
export const MAX_RATE = 1_000_000;
