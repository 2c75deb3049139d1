export { CheckWatch, type DecidedCheck } from './check-watch.js';
export { progressLine } from './progress-line.js';
export { type ProgressTarget, progressReporter } from './progress-reporter.js';
export { type ProgressSnapshot, takeSnapshot } from './progress-snapshot.js';
