export { InvalidInputError, LptfError, type Problem, UsageError } from './errors.js';
