// The registry of what a plan may use: every protocol and preset lptf ships, one line each. The
// CLI and the library's entry import it; worker threads import it again (see `addSetupModule`).
// The result types that `lptf report` reads are registered apart (`result-types.ts`), so a run
// does not load the renderers of benches, straight tests and comparisons.
import { addSetupModule } from './core/setup-modules.js';
import { presets } from './load/plan/presets.js';
import { protocols } from './load/protocol/protocols.js';
import { wechatWidgetPreset } from './widget/protocol/widget-preset.js';
import { wechatWidget } from './widget/protocol/widget-protocol.js';

protocols.register(wechatWidget);
presets.register(wechatWidgetPreset);

addSetupModule(import.meta.url);
