export { type BenchView, benchKind } from './bench-kind.js';
export { benchCsv, benchHtml, benchMarkdown, benchSections, benchText, formatNs, suiteTable } from './bench-report.js';
export type { BenchRunResult, PairResult, SuiteResult } from './bench-result.js';
export { BenchDefinitionError, checkSuite } from './check-suite.js';
export { compareRuns, drift, type Regression } from './compare-runs.js';
export { expandFiles } from './expand-files.js';
export { HIDDEN } from './hidden.js';
export { DEFAULT_MEASURE, type MeasureOptions } from './measure-options.js';
export { measureSuite, type RawPair } from './measure-suite.js';
export { type BenchEvent, type BenchFailure, type BenchRunOptions, runBench } from './run-bench.js';
export * as stats from './stats.js';
export {
  type Benchmark,
  bench,
  isSuite,
  type PreparedBenchmark,
  SUITE,
  type Suite,
  type SuiteSpec,
  suite,
} from './suite.js';
export { summarizeSuite } from './summarize.js';
export { compareTwins, splitTwins, TWIN } from './twin.js';
