export { takeSnapshot, type ProgressSnapshot } from './progress-snapshot.js';
export { progressLine } from './progress-line.js';
export { progressReporter, type ProgressTarget } from './progress-reporter.js';
