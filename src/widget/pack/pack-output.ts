import { join } from 'node:path';
import type { RunOutputKind } from '../../load/run/run-output-kinds.js';
import { WIDGET_PROTOCOL } from '../protocol/use-widget.js';

/**
 * The submission pack as an output of every widget self-test that has an `--out` folder: at the
 * end of a whole run, `<out>/pack`. An interrupted run gets none (it is no self-test result); one
 * that does not meet the seed's conditions gets a draft, said after the run.
 *
 * @example
 * ```ts
 * runOutputKinds.register(widgetPackOutput)
 * ```
 */
export const widgetPackOutput: RunOutputKind = {
  name: 'widget-pack',
  create(plan, options) {
    const { out } = options;
    if (plan.protocol.name !== WIDGET_PROTOCOL || !out) return undefined;
    let draft: string | undefined;
    return {
      description: { en: `submission pack in ${join(out, 'pack')}`, zh: `提交材料在 ${join(out, 'pack')}` },
      start: () => undefined,
      async stop(end) {
        if (!end || end.result.interrupted) return [];
        // Loaded at the end: a run need not load the pack's renderers to start.
        const { writeWidgetPack, draftSaid } = await import('./write-pack.js');
        const pack = await writeWidgetPack(end.result, join(out, 'pack'));
        if (!pack.qualifies) draft = draftSaid(pack.unmet, end.result.meta.lang);
        return pack.files;
      },
      afterword: () => draft,
    };
  },
};
