import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { Agent, request } from 'undici';
import { isAddressAllowedForName, type WebhookAllowList } from './allow-list';
import { WebhookError } from './errors';
import type { Delivery, WebhookRegistration } from './types';

/** How one attempt ended: accepted (2xx), or why not. */
export type AttemptOutcome = { ok: true; status: number } | { ok: false; reason: string; refused: boolean };

/**
 * Resolves a target's name once per connection and connects to that address only, after checking
 * it: what is checked is what is connected to, so a name cannot be pointed elsewhere in between.
 */
const pinnedLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, found) => {
    const addresses = (found as unknown as LookupAddress[] | undefined) ?? [];
    const bad = addresses.find((a) => !isAddressAllowedForName(a.address));
    if (error) return callback(error, '', 0);
    if (bad || addresses.length === 0) {
      const refusal = new WebhookError('WEBHOOK_TARGET_NOT_ALLOWED', `${hostname} resolves to ${bad?.address ?? 'nothing'}, where an allow-listed name may not lead`, { host: hostname });
      return callback(refusal as NodeJS.ErrnoException, '', 0);
    }
    if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
    callback(null, addresses[0].address, addresses[0].family);
  });
};

/** Sends deliveries as Standard Webhooks: webhook-id, webhook-timestamp and a v1 HMAC-SHA256 signature over id.timestamp.body. */
export class WebhookSender {
  private readonly agent = new Agent({ connect: { lookup: pinnedLookup }, keepAliveTimeout: 4000 });

  constructor(
    private readonly allowList: WebhookAllowList,
    private readonly timeoutMs: number,
  ) {}

  async attempt(webhook: WebhookRegistration, delivery: Delivery, now: Date = new Date()): Promise<AttemptOutcome> {
    let url: URL;
    try {
      url = this.allowList.check(webhook.url);
    } catch (e) {
      return { ok: false, reason: (e as Error).message, refused: true };
    }
    // undici's request follows no redirect: a 3xx is an answer, since it could lead anywhere.
    const signature = new Webhook(webhook.secret).sign(delivery.id, now, delivery.body);
    try {
      const res = await request(url, {
        method: 'POST',
        dispatcher: this.agent,
        headers: {
          'content-type': 'application/json',
          'webhook-id': delivery.id,
          'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
          'webhook-signature': signature,
        },
        body: delivery.body,
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      await res.body.dump();
      if (res.statusCode >= 200 && res.statusCode < 300) return { ok: true, status: res.statusCode };
      return { ok: false, reason: `HTTP ${res.statusCode}${res.statusCode >= 300 && res.statusCode < 400 ? ' (redirects are not followed)' : ''}`, refused: false };
    } catch (e) {
      const cause = (e as { cause?: unknown }).cause;
      const refusal = [e, cause].find((x): x is WebhookError => x instanceof WebhookError);
      if (refusal) return { ok: false, reason: refusal.message, refused: true };
      const name = (e as Error).name;
      return { ok: false, reason: name === 'TimeoutError' || name === 'AbortError' || /timeout/i.test(String((e as Error).message)) ? `no answer within ${this.timeoutMs} ms` : (e as Error).message, refused: false };
    }
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}
