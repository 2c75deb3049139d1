export { LptfError, UsageError, InvalidInputError, type Problem } from './errors.js';
