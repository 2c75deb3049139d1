// The registry: every protocol, preset and result type lptf ships, one line each. The CLI and
// the library's entry import it; worker threads import it again (see `addSetupModule`).
import { benchKind } from './bench/bench-kind.js';
import { addSetupModule } from './core/setup-modules.js';
import { compareKind } from './load/compare/compare-kind.js';
import { presets } from './load/plan/presets.js';
import { protocols } from './load/protocol/protocols.js';
import { runKind } from './load/report/run-kind.js';
import { resultKinds } from './output/result-kinds.js';
import { phasesKind } from './timing/phases/phases-kind.js';
import { wechatWidgetPreset } from './widget/protocol/widget-preset.js';
import { wechatWidget } from './widget/protocol/widget-protocol.js';

protocols.register(wechatWidget);
presets.register(wechatWidgetPreset);

resultKinds.register(runKind);
resultKinds.register(phasesKind);
resultKinds.register(benchKind);
resultKinds.register(compareKind);

addSetupModule(import.meta.url);
