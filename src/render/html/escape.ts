const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Escapes text for HTML content and quoted attribute values. Every string that came from a
 * response, a case, a URL, a header or the command line goes through it.
 *
 * @example
 * ```ts
 * escapeHtml('<script>x</script>') // '&lt;script&gt;x&lt;/script&gt;'
 * ```
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] as string);
}

/**
 * JSON for a `<script type="application/json">` block: `<`, `>` and `&` become `\u003c`-style
 * escapes, so no string in the data can close the script element or open a comment, and the
 * line separators U+2028/U+2029 are escaped too. `JSON.parse` reads it back unchanged.
 *
 * @example
 * ```ts
 * scriptJson({ a: '</script>' }) // '{"a":"\\u003c/script\\u003e"}'
 * ```
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
