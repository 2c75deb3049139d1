import type { WidgetCredentials } from '../protocol/index.js';
import { aesKeyFrom } from '../protocol/index.js';

/**
 * The demo backend's credentials: public, made for the demo, printed by it. Never use them for
 * a real mini program.
 *
 * @example
 * ```ts
 * DEMO_CREDENTIALS.text.token // 'lptfdemo'
 * ```
 */
export const DEMO_CREDENTIALS: {
  readonly text: { token: string; aesKey: string; appId: string; ghId: string };
  readonly credentials: WidgetCredentials;
} = (() => {
  const text = {
    token: 'lptfdemo',
    aesKey: 'LptfDemoEncodingAESKey0123456789abcdefghijk',
    appId: 'wx1ptfdem000000001',
    ghId: 'gh_lptfdemo0001',
  };
  return {
    text,
    credentials: { token: text.token, key: aesKeyFrom(text.aesKey) as Buffer, appId: text.appId, ghId: text.ghId },
  };
})();
