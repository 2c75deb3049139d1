// The registry of what a plan may use: every protocol, preset and run output lptf ships, one line each. The
// CLI and the library's entry import it; worker threads import it again (see `addSetupModule`).
// The result types that `lptf report` reads are registered apart (`result-types.ts`), so a run
// does not load the renderers of benches, straight tests and comparisons.
import { addSetupModule } from './core/setup-modules.js';
import { segmentOutputKind } from './load/coordinate/segment-output.js';
import { presets } from './load/plan/presets.js';
import { grpcProtocol } from './load/protocol/grpc/grpc-protocol.js';
import { http2Protocol } from './load/protocol/http2/http2-protocol.js';
import { protocols } from './load/protocol/protocols.js';
import { wsProtocol } from './load/protocol/ws/ws-protocol.js';
import { prometheusOutputKind } from './load/run/prometheus-output.js';
import { runOutputKinds } from './load/run/run-output-kinds.js';
import { widgetPackOutput } from './widget/pack/pack-output.js';
import { wechatWidgetPreset } from './widget/protocol/widget-preset.js';
import { widgetProtocol } from './widget/protocol/widget-protocol.js';

protocols.register(http2Protocol);
protocols.register(widgetProtocol);
protocols.register(wsProtocol);
protocols.register(grpcProtocol);
presets.register(wechatWidgetPreset);
runOutputKinds.register(widgetPackOutput);
runOutputKinds.register(prometheusOutputKind);
runOutputKinds.register(segmentOutputKind);

addSetupModule(import.meta.url);
