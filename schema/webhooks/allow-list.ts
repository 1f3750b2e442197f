import { isIP } from 'node:net';
import { WebhookError } from './errors';

/**
 * Which targets webhooks may be sent to: exact origins (scheme, host and port), e.g.
 * `https://duty.js.example` or `http://10.2.3.4:8080`. Nothing else: no paths, no wildcards.
 */
export class WebhookAllowList {
  private readonly origins: ReadonlySet<string>;

  constructor(entries: readonly string[]) {
    this.origins = new Set(entries.map(originOf));
  }

  get size(): number {
    return this.origins.size;
  }

  /** The target as a URL when its origin is listed; throws WEBHOOK_TARGET_NOT_ALLOWED otherwise. */
  check(target: string): URL {
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      throw new WebhookError('WEBHOOK_INVALID', `"${target}" is not a URL`, { argument: 'url' });
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new WebhookError('WEBHOOK_INVALID', 'a webhook target is an http or https URL', { argument: 'url' });
    if (url.username || url.password) throw new WebhookError('WEBHOOK_INVALID', 'a webhook target carries no credentials in its URL', { argument: 'url' });
    if (!this.origins.has(url.origin)) {
      throw new WebhookError('WEBHOOK_TARGET_NOT_ALLOWED', `${url.origin} is not on the webhook allow-list (WEBHOOK_ALLOWED_TARGETS); ask the operator to add the origin`, { argument: 'url', origin: url.origin });
    }
    return url;
  }
}

function originOf(entry: string): string {
  const url = new URL(entry);
  if (url.origin === 'null' || url.pathname !== '/' || url.search || url.hash) throw new Error(`WEBHOOK_ALLOWED_TARGETS: "${entry}" is not an origin (scheme://host[:port])`);
  return url.origin;
}

/** Literal IP hosts are allowed exactly as listed; a name must not lead to these (DNS pointing an allowed name elsewhere). */
const UNROUTED: RegExp[] = [/^127\./, /^0\./, /^169\.254\./, /^2(2[4-9]|3\d)\./, /^255\.255\.255\.255$/, /^::1?$/, /^fe[89ab][0-9a-f]:/i, /^ff/i, /^::ffff:(127|0|169\.254)\./i];

/** Whether a name on the allow-list may connect to this resolved address: not loopback, link-local (cloud metadata), unspecified or multicast. */
export function isAddressAllowedForName(address: string): boolean {
  return isIP(address) !== 0 && !UNROUTED.some((r) => r.test(address));
}
