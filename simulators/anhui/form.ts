import iconv from 'iconv-lite';

/**
 * application/x-www-form-urlencoded as this GBK-era system reads it: the bytes behind the
 * percent-escapes are GBK, whatever the Content-Type says; a field whose bytes are no GBK text is
 * refused rather than stored garbled.
 */
export class FormNotGbk extends Error {
  constructor(readonly field: string) {
    super(`表单字段${field}不是合法的GBK编码`);
  }
}

export function parseForm(body: Buffer): Map<string, string> {
  const fields = new Map<string, string>();
  for (const pair of body.toString('latin1').split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const [name, value] = eq < 0 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)];
    const field = decode(name, name);
    fields.set(field, decode(value, field));
  }
  return fields;
}

function decode(text: string, field: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '+') bytes.push(0x20);
    else if (ch === '%' && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(ch.charCodeAt(0) & 0xff);
  }
  const raw = Buffer.from(bytes);
  const decoded = iconv.decode(raw, 'gbk');
  if (!iconv.encode(decoded, 'gbk').equals(raw)) throw new FormNotGbk(field);
  return decoded;
}
