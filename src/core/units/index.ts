export { formatDuration, parseDuration } from './duration.js';
export { formatMs, formatPercent } from './format.js';
