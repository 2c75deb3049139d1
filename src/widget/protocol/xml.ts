/**
 * Wraps text in CDATA, splitting any `]]>` inside it so the XML stays well formed.
 *
 * @example
 * ```ts
 * cdata('a]]>b') // '<![CDATA[a]]]]><![CDATA[>b]]>'
 * ```
 */
export function cdata(text: string): string {
  return `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

/**
 * Writes a flat `<xml>` message, as WeChat does: strings in CDATA, numbers bare.
 *
 * @example
 * ```ts
 * toXml({ ToUserName: 'gh_1', Scene: 1 }) // '<xml><ToUserName><![CDATA[gh_1]]></ToUserName><Scene>1</Scene></xml>'
 * ```
 */
export function toXml(fields: Readonly<Record<string, string | number>>): string {
  const body = Object.entries(fields)
    .map(([k, v]) => `<${k}>${typeof v === 'number' ? v : cdata(v)}</${k}>`)
    .join('');
  return `<xml>${body}</xml>`;
}

/**
 * Reads the fields of a flat `<xml>` message (CDATA or plain text), or undefined if the text
 * is not one. Enough for WeChat's messages, which never nest; not a general XML parser.
 *
 * @example
 * ```ts
 * fromXml('<xml><Encrypt><![CDATA[abc]]></Encrypt></xml>') // { Encrypt: 'abc' }
 * ```
 */
export function fromXml(text: string): Record<string, string> | undefined {
  const m = /^\s*<xml>([\s\S]*)<\/xml>\s*$/.exec(text);
  if (!m) return undefined;
  const fields: Record<string, string> = {};
  const re = /<([A-Za-z_][\w.-]*)>([\s\S]*?)<\/\1>/g;
  for (let f = re.exec(m[1] as string); f !== null; f = re.exec(m[1] as string)) {
    const raw = f[2] as string;
    fields[f[1] as string] = raw.includes('<![CDATA[') ? raw.replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1') : raw.trim();
  }
  return fields;
}
