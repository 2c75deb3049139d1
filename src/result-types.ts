// The registry of saved results: every result type lptf writes and \`lptf report\` reads, one line
// each. Imported by the commands that read saved results, and by the library's entry.
import { benchKind } from './bench/bench-kind.js';
import { capacityKind } from './load/capacity/capacity-kind.js';
import { compareKind } from './load/compare/compare-kind.js';
import { runKind } from './load/report/run-kind.js';
import { resultKinds } from './output/result-kinds.js';
import { phasesKind } from './timing/phases/phases-kind.js';

resultKinds.register(runKind);
resultKinds.register(phasesKind);
resultKinds.register(benchKind);
resultKinds.register(compareKind);
resultKinds.register(capacityKind);
