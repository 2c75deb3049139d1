export { compileTemplate, TEMPLATE_PLACEHOLDERS, type Template, type TemplateContext } from './template.js';
