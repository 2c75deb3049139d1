export { redactUrl, SECRET_NAME } from './redact-url.js';
