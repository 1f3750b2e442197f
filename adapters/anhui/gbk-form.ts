import iconv from 'iconv-lite';
import { LegacyRejectedError } from '../kit/errors';

/** x-www-form-urlencoded with GBK bytes behind the percent-escapes, the way ahyj decodes forms. */

export const GBK_FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded; charset=GBK';

const UNRESERVED = /[A-Za-z0-9\-_.*]/;

function escapeGbk(value: string): string {
  const bytes = iconv.encode(value, 'gbk');
  // iconv writes "?" for what GBK lacks; a form field must never go out changed.
  if (iconv.decode(bytes, 'gbk') !== value) throw new LegacyRejectedError('AH', `a form field holds characters GBK cannot encode, so nothing was sent: ${JSON.stringify(value)}`);
  let out = '';
  for (const byte of bytes) {
    const ch = String.fromCharCode(byte);
    if (byte < 0x80 && UNRESERVED.test(ch)) out += ch;
    else if (byte === 0x20) out += '+';
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export function encodeGbkForm(fields: Readonly<Record<string, string>>): Buffer {
  return Buffer.from(Object.entries(fields).map(([k, v]) => `${escapeGbk(k)}=${escapeGbk(v)}`).join('&'), 'latin1');
}

/** Decodes a body by the charset its Content-Type names; GBK when it names none (the system's default). */
export function decodeBody(body: Buffer, contentType: string | undefined): string {
  const charset = /charset=([\w-]+)/i.exec(contentType ?? '')?.[1] ?? 'gbk';
  return iconv.decode(body, iconv.encodingExists(charset) ? charset : 'gbk');
}
