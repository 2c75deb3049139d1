export { openWidgetRequest, verifyHandshake, widgetReplyBody } from './backend-side.js';
export { widgetCaseWarnings } from './case-shape.js';
export { checkCredentials, redactCredentials, type WidgetCredentials } from './credentials.js';
export { aesKeyFrom, decryptMessage, encryptMessage, sign, signaturesMatch } from './crypto.js';
export { errCodeSections } from './err-code-section.js';
export { ERR_CODE_MEANING } from './err-codes.js';
export { type ProbeReport, probeWidget, renderProbe } from './probe.js';
export { checkWidgetReply, type SentEvent, type WidgetReply } from './reply-check.js';
export {
  serialize,
  type WidgetEvent,
  type WidgetWire,
  widgetEvent,
  widgetRequestBuilder,
  widgetUser,
} from './request-builder.js';
export { WIDGET_PROTOCOL, type WidgetOptions, wechatWidget } from './use-widget.js';
export { type WidgetErrorKind, WidgetProtocolError } from './widget-error.js';
export { DEFAULT_EXPECTATIONS, type ErrCodeExpectations, widgetClassifier } from './widget-outcome.js';
export { wechatWidgetPreset } from './widget-preset.js';
export { WIDGET_FIELDS, type WidgetBound, widgetProtocol } from './widget-protocol.js';
export { cdata, fromXml, toXml } from './xml.js';
