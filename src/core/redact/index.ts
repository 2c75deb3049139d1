export { redactCommand } from './redact-command.js';
export { redactText } from './redact-text.js';
export { isSecretName, redactUrl, SECRET_NAME, urlHasSecret } from './redact-url.js';
