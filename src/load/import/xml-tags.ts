import { createReadStream } from 'node:fs';
import { FileTooLargeError } from '../../core/cases/index.js';

/**
 * One tag of an XML file: its name, its attributes (entities decoded), whether it opens, closes
 * or is empty (`<a/>`), and the line it starts on.
 *
 * @example
 * ```ts
 * const t: XmlTag = { name: 'httpSample', attributes: { t: '12' }, type: 'empty', line: 3 }
 * ```
 */
export interface XmlTag {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly type: 'open' | 'close' | 'empty';
  readonly line: number;
}

/** A tag is kept to this length: JMeter's sample tags are a few hundred bytes. */
const MAX_TAG_CHARS = 1 << 20;

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#\d{1,7}|\w+);/g, (whole, e: string) => {
    const code = e.startsWith('#x') ? Number.parseInt(e.slice(2), 16) : e.startsWith('#') ? Number(e.slice(1)) : -1;
    // A reference past Unicode (&#x110000;) is kept as written, not thrown on.
    if (code >= 0) return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    return ENTITIES[e] ?? whole;
  });
}

/**
 * The tags of an XML file, streamed in constant memory: text, comments, processing instructions,
 * CDATA and the doctype are passed over. Only what JMeter's XML results need (element names and
 * attributes, in order): a full XML parser for every user would cost more than this import is
 * worth, and nothing here trusts the file past its tags' shape (a malformed tag throws, with its line).
 *
 * @example
 * ```ts
 * for await (const tag of xmlTags('results.xml', 1 << 30)) if (tag.name === 'httpSample') count++
 * ```
 */
export async function* xmlTags(file: string, maxBytes: number): AsyncGenerator<XmlTag> {
  let buffer = '';
  let line = 1;
  let read = 0;
  for await (const chunk of createReadStream(file, { encoding: 'utf8' }) as AsyncIterable<string>) {
    read += Buffer.byteLength(chunk);
    if (read > maxBytes) throw new FileTooLargeError(maxBytes);
    buffer += chunk;
    let at = 0;
    for (;;) {
      const open = buffer.indexOf('<', at);
      if (open === -1) {
        line += count(buffer, at, buffer.length);
        at = buffer.length;
        break;
      }
      const end = tagEnd(buffer, open);
      if (end === -1) {
        if (buffer.length - open > MAX_TAG_CHARS) throw new SyntaxError(`line ${line}: a tag longer than 1 MiB`);
        line += count(buffer, at, open);
        at = open;
        break;
      }
      line += count(buffer, at, open);
      const tag = parseTag(buffer.slice(open, end), line);
      line += count(buffer, open, end);
      at = end;
      if (tag) yield tag;
    }
    buffer = buffer.slice(at);
  }
  if (buffer.trim() !== '') throw new SyntaxError(`line ${line}: the file ends inside a tag`);
}

function count(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Where the markup that starts at `open` ends (one past it), or -1 if it ends in a later chunk. */
function tagEnd(text: string, open: number): number {
  const starts = (s: string): boolean => text.startsWith(s, open);
  const after = (close: string): number => {
    const i = text.indexOf(close, open);
    return i === -1 ? -1 : i + close.length;
  };
  if (starts('<!--')) return after('-->');
  if (starts('<![CDATA[')) return after(']]>');
  if (starts('<?')) return after('?>');
  if (text.length - open < 9 && ('<!--'.startsWith(text.slice(open)) || '<![CDATA['.startsWith(text.slice(open))))
    return -1;
  let quote = '';
  for (let i = open + 1; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return i + 1;
  }
  return -1;
}

/** A tag's name and attributes; undefined for markup that is no element (a comment, a doctype). */
function parseTag(markup: string, line: number): XmlTag | undefined {
  if (markup.startsWith('<!') || markup.startsWith('<?')) return undefined;
  const close = markup.startsWith('</');
  const empty = !close && markup.endsWith('/>');
  const inner = markup.slice(close ? 2 : 1, empty ? -2 : -1);
  const name = /^[A-Za-z_][\w.:-]*/.exec(inner)?.[0];
  if (!name) throw new SyntaxError(`line ${line}: ${JSON.stringify(markup.slice(0, 40))} is no tag`);
  const attributes: Record<string, string> = {};
  const rest = inner.slice(name.length);
  const attribute = /\s*([A-Za-z_][\w.:-]*)\s*=\s*("([^"]*)"|'([^']*)')/gy;
  let m: RegExpExecArray | null;
  let at = 0;
  // biome-ignore lint/suspicious/noAssignInExpressions: the sticky regex walks the attributes in order.
  while ((m = attribute.exec(rest)) !== null) {
    attributes[m[1] as string] = decode(m[3] ?? m[4] ?? '');
    at = attribute.lastIndex;
  }
  if (rest.slice(at).trim() !== '')
    throw new SyntaxError(
      `line ${line}: <${name}> has something that is no attribute: ${JSON.stringify(rest.slice(at, at + 40))}`,
    );
  return { name, attributes, type: close ? 'close' : empty ? 'empty' : 'open', line };
}
