export { constantRate, type Schedule } from './schedule.js';
