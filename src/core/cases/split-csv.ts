/**
 * Splits a CSV row: commas, and double quotes around fields that hold commas or quotes.
 *
 * @example
 * ```ts
 * splitCsv('a,"b,c","d""e"') // ['a', 'b,c', 'd"e']
 * ```
 */
export function splitCsv(row: string): string[] {
  return parseCsvRow(row).fields;
}

/**
 * A CSV row's fields, and whether its quotes are closed (an open one ran to the row's end: the
 * fields are then not what the writer meant, or the field goes on on the next line). `delimiter`:
 * one character (JMeter may write tabs or semicolons).
 *
 * @example
 * ```ts
 * parseCsvRow('a,"b').closed // false
 * ```
 */
export function parseCsvRow(row: string, delimiter = ','): { readonly fields: string[]; readonly closed: boolean } {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < row.length; i++) {
    const c = row[i];
    if (quoted && c === '"' && row[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (c === delimiter && !quoted) {
      fields.push(field);
      field = '';
    } else {
      field += c;
    }
  }
  fields.push(field);
  return { fields, closed: !quoted };
}
