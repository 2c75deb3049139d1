// Control characters: C0 but tab and line feed, DEL, and C1 (ESC starts ANSI and OSC sequences).
// And the bidirectional marks and overrides (U+202E turns "LIAF" into "FAIL" on screen).
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text safe for a terminal: every control character shown as `\xNN`, so a target's reply
 * cannot move the cursor, recolour the screen or set the window title (ANSI and OSC sequences
 * start with ESC).
 *
 * @example
 * ```ts
 * terminalSafe('\u001b]0;pwned\u0007ok') // '\\x1b]0;pwned\\x07ok'
 * ```
 */
export function terminalSafe(text: string): string {
  return text.replace(CONTROL, (c) => {
    const code = c.charCodeAt(0);
    return code > 0xff ? `\\u${code.toString(16).padStart(4, '0')}` : `\\x${code.toString(16).padStart(2, '0')}`;
  });
}

/**
 * Text safe in Markdown outside code: a `<` that could open a tag, a comment or an instruction
 * (`<b`, `</`, `<!`, `<?`) becomes `&lt;`, so raw HTML from a target (a `<script>`, an
 * `<img onerror>`) shows as text wherever the report is rendered, while `share(<=170ms)` stays
 * readable as source; control characters as in {@link terminalSafe}.
 *
 * @example
 * ```ts
 * markdownSafe('<b>x</b> <= 1%') // '&lt;b>x&lt;/b> <= 1%'
 * ```
 */
export function markdownSafe(text: string): string {
  return terminalSafe(text).replace(/<(?=[A-Za-z/!?])/g, '&lt;');
}

/**
 * A line safe inside a Markdown code block: control characters as in {@link terminalSafe}, and
 * a fence broken by a zero-width space, so the line cannot close the block early (HTML is not
 * rendered there).
 *
 * @example
 * ```ts
 * codeBlockSafe('```') // '`\u200b``'
 * ```
 */
export function codeBlockSafe(line: string): string {
  return terminalSafe(line).replace(/```/g, '`\u200b``');
}
