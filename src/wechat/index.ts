export { aesKeyFrom, sign, signaturesMatch, encryptMessage, decryptMessage } from './crypto.js';
export { WidgetProtocolError, type WidgetErrorKind } from './widget-error.js';
export { checkCredentials, redactCredentials, type WidgetCredentials } from './credentials.js';
export { widgetRequestBuilder, widgetEvent, serialize, type WidgetWire, type WidgetEvent } from './request-builder.js';
export { checkWidgetReply, type WidgetReply } from './reply-check.js';
export { openWidgetRequest, widgetReplyBody, verifyHandshake } from './backend-side.js';
export { widgetClassifier, DEFAULT_EXPECTATIONS, type ErrCodeExpectations } from './widget-outcome.js';
export { cdata, toXml, fromXml } from './xml.js';
export { probeWidget, renderProbe, type ProbeReport } from './probe.js';
