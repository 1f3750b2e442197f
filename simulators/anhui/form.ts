import iconv from 'iconv-lite';

/**
 * application/x-www-form-urlencoded as this GBK-era system reads it: percent-escapes are bytes in
 * the charset the Content-Type names, GBK when it names none.
 */
export function parseForm(body: Buffer, contentType: string | undefined): Map<string, string> {
  const charset = /charset=([\w-]+)/i.exec(contentType ?? '')?.[1] ?? 'gbk';
  const encoding = iconv.encodingExists(charset) ? charset : 'gbk';
  const fields = new Map<string, string>();
  for (const pair of body.toString('latin1').split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const [name, value] = eq < 0 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)];
    fields.set(decode(name, encoding), decode(value, encoding));
  }
  return fields;
}

function decode(text: string, encoding: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '+') bytes.push(0x20);
    else if (ch === '%' && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(ch.charCodeAt(0) & 0xff);
  }
  return iconv.decode(Buffer.from(bytes), encoding);
}
