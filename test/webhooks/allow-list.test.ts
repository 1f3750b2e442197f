import { isAddressAllowedForName, WebhookAllowList } from '../../schema/webhooks/allow-list';
import { backoffMs } from '../../schema/webhooks/backoff';
import { checkedSecret, newWebhookSecret } from '../../schema/webhooks/secret';

describe('the webhook allow-list', () => {
  const list = new WebhookAllowList(['https://duty.js.example', 'http://10.2.3.4:8080']);

  it('accepts exactly the listed origins, whatever the path', () => {
    expect(list.check('https://duty.js.example/yrd/warnings?x=1').href).toBe('https://duty.js.example/yrd/warnings?x=1');
    expect(list.check('http://10.2.3.4:8080/hook').origin).toBe('http://10.2.3.4:8080');
  });

  it.each([
    ['another host', 'https://evil.example/'],
    ['a subdomain', 'https://a.duty.js.example/'],
    ['another scheme', 'http://duty.js.example/'],
    ['another port', 'http://10.2.3.4:8081/'],
    ['cloud metadata', 'http://169.254.169.254/latest/meta-data'],
  ])('refuses %s with WEBHOOK_TARGET_NOT_ALLOWED', (_, url) => {
    expect(() => list.check(url)).toThrow(expect.objectContaining({ code: 'WEBHOOK_TARGET_NOT_ALLOWED' }));
  });

  it('refuses what is not an http(s) URL, or carries credentials, with WEBHOOK_INVALID', () => {
    for (const url of ['not a url', 'file:///etc/passwd', 'https://user:pw@duty.js.example/']) expect(() => list.check(url)).toThrow(expect.objectContaining({ code: 'WEBHOOK_INVALID' }));
  });

  it('takes only origins as entries', () => {
    expect(() => new WebhookAllowList(['https://duty.js.example/path'])).toThrow(/not an origin/);
  });

  it('lets a listed name lead to private addresses, never to loopback, link-local, unspecified or multicast ones', () => {
    expect(['10.1.2.3', '192.168.1.9', '172.16.0.1', '8.8.8.8', '2001:db8::1'].filter((a) => !isAddressAllowedForName(a))).toEqual([]);
    expect(['127.0.0.1', '127.9.9.9', '0.0.0.0', '169.254.169.254', '224.0.0.1', '::1', '::', 'fe80::1', 'ff02::1', '::ffff:127.0.0.1'].filter((a) => isAddressAllowedForName(a))).toEqual([]);
  });
});

describe('backoff and secrets', () => {
  it('doubles the wait after each failure up to the cap, with jitter between half and all of it', () => {
    const backoff = { initialMs: 1000, maxMs: 8000 };
    expect([1, 2, 3, 4, 5].map((n) => backoffMs(n, backoff, () => 1))).toEqual([1000, 2000, 4000, 8000, 8000]);
    expect([1, 2, 3, 4, 5].map((n) => backoffMs(n, backoff, () => 0))).toEqual([500, 1000, 2000, 4000, 4000]);
  });

  it('makes whsec_ secrets of 32 random bytes and refuses others', () => {
    const secret = newWebhookSecret();
    expect(Buffer.from(secret.slice('whsec_'.length), 'base64')).toHaveLength(32);
    expect(newWebhookSecret()).not.toBe(secret);
    expect(checkedSecret(secret)).toBe(secret);
    for (const bad of ['secret', `whsec_${Buffer.alloc(8).toString('base64')}`, secret.slice(6)]) expect(() => checkedSecret(bad)).toThrow(expect.objectContaining({ code: 'WEBHOOK_INVALID' }));
  });
});
