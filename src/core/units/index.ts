export { parseDuration, formatDuration } from './duration.js';
export { formatPercent, formatMs } from './format.js';
