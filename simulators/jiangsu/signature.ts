import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** jsyj's request signature: HMAC-SHA256 of `appId\ntimestamp\npath` under the app secret, within 300 s of the server clock. */

export const SIGNATURE_WINDOW_S = 300;

export function expectedSign(appSecret: string, appId: string, timestamp: string, path: string): string {
  return createHmac('sha256', appSecret).update(`${appId}\n${timestamp}\n${path}`, 'utf8').digest('hex');
}

const header = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
};

/** Why the request's signature is refused, or null when it is good. */
export function signatureProblem(
  headers: IncomingHttpHeaders,
  path: string,
  credentials: { appId: string; appSecret: string },
  now: Date,
): string | null {
  const appId = header(headers, 'x-app-id');
  const timestamp = header(headers, 'x-timestamp');
  const sign = header(headers, 'x-sign');
  if (!appId || !timestamp || !sign) return 'missing signature headers';
  if (appId !== credentials.appId) return 'unknown app id';
  if (!/^\d{1,12}$/.test(timestamp)) return 'bad timestamp';
  if (Math.abs(Number(timestamp) * 1000 - now.getTime()) > SIGNATURE_WINDOW_S * 1000) return 'timestamp outside the window';
  const want = Buffer.from(expectedSign(credentials.appSecret, appId, timestamp, path), 'utf8');
  const got = Buffer.from(sign, 'utf8');
  return want.length === got.length && timingSafeEqual(want, got) ? null : 'wrong signature';
}
