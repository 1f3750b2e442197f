import { createHmac } from 'node:crypto';

/** jsyj's request signature headers: HMAC-SHA256 (lowercase hex) of `appId\ntimestamp\npath` under the app secret. */
export function signatureHeaders(appId: string, appSecret: string, path: string, now: Date): Record<string, string> {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  const sign = createHmac('sha256', appSecret).update(`${appId}\n${timestamp}\n${path}`, 'utf8').digest('hex');
  return { 'X-App-Id': appId, 'X-Timestamp': timestamp, 'X-Sign': sign };
}
