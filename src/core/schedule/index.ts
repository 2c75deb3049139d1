export { constantRate, type Schedule } from './schedule.js';
export { stripedSchedule } from './striped.js';
