import { loadWebhooksConfig } from '../../schema/webhooks/config';

describe('webhook configuration', () => {
  it('reads the allow-list as origins, and the retry policy', () => {
    const config = loadWebhooksConfig({ WEBHOOK_ALLOWED_TARGETS: 'https://duty.js.example, http://10.2.3.4:8080/', WEBHOOK_MAX_ATTEMPTS: '5', REDIS_URL: 'redis://127.0.0.1:6379' });
    expect(config.delivery).toMatchObject({ allowedTargets: ['https://duty.js.example', 'http://10.2.3.4:8080/'], maxAttempts: 5, backoff: { initialMs: 1000, maxMs: 300_000 } });
    expect(config.store).toEqual({ redisUrl: 'redis://127.0.0.1:6379', redisPrefix: 'yrd:webhooks:', file: '.registry/webhooks.json' });
    expect(loadWebhooksConfig({}).delivery.allowedTargets).toEqual([]);
  });

  it('fails with CONFIG_INVALID on an allow-list entry that is not an origin', () => {
    for (const bad of ['https://duty.js.example/hooks', 'duty.js.example', 'ftp://x.example', 'https://user:pw@x.example']) {
      expect(() => loadWebhooksConfig({ WEBHOOK_ALLOWED_TARGETS: bad })).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID', message: expect.stringContaining('WEBHOOK_ALLOWED_TARGETS') }));
    }
  });
});
