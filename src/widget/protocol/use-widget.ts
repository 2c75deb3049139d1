// What a load file imports to send a scenario over the widget protocol (`lptf/widget`): this file
// alone, so importing it loads no crypto and no report code.
import type { ScenarioProtocol } from '../../load/script/load-test.js';

/** The protocol's name, as `--protocol` and a result's `target.protocol` give it. */
export const WIDGET_PROTOCOL = 'wechat-widget';

/**
 * The widget protocol's fields, as a scenario sets them; each one left out is read from the plan
 * (`--token`…, `LPTF_WX_*`, the config file), so credentials can stay out of the file.
 *
 * @example
 * ```ts
 * const o: WidgetOptions = { plain: true, expect: { abnormal: [-2] } }
 * ```
 */
export type WidgetOptions = {
  readonly token?: string;
  /** The 43-character EncodingAESKey. */
  readonly aesKey?: string;
  /** The mini program's AppID. */
  readonly appId?: string;
  /** The original id, `gh_…`. */
  readonly ghId?: string;
  /** Send events unencrypted, to measure the business processing alone. */
  readonly plain?: boolean;
  readonly bodyFormat?: 'json' | 'xml';
  /** The service's own cache time (`'60s'`): the report warns when a case repeats sooner. */
  readonly cacheTtl?: string;
  /** The `err_code`s each case group expects, over the defaults (normal 0,-1; abnormal -1,-2). */
  readonly expect?: Readonly<Record<string, readonly number[]>>;
};

/**
 * A scenario's protocol: each arrival's case is sent as the event WeChat posts to a widget
 * backend, and each reply is verified, decrypted and judged by its `err_code`.
 *
 * @example
 * ```ts
 * scenarios: { normal: { caseGroup: 'normal', protocol: wechatWidget({ plain: true }) } }
 * ```
 */
export function wechatWidget(options: WidgetOptions = {}): ScenarioProtocol {
  return { name: WIDGET_PROTOCOL, options };
}
