export { IMPORT_CHECKS } from './import-checks.js';
export { type ForeignFormat, foreignFormat, importRun } from './import-run.js';
