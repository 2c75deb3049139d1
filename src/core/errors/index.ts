export { InvalidInputError, LptfError, type Problem, UsageError } from './errors.js';
export { RequestFailure } from './request-failure.js';
