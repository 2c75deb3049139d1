export { constantRate, type Schedule } from './schedule.js';
export { type Stage, stagedRate } from './staged.js';
export { stripedSchedule } from './striped.js';
export { unionSchedule } from './union.js';
