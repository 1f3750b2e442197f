import { afterEachTest, call, clock, dataset, listAll, post, setUp, sh, tearDown, url } from './harness';

beforeAll(setUp);
afterAll(tearDown);
afterEach(afterEachTest);

describe('authentication', () => {
  it('refuses a missing or wrong X-Api-Key with 401 {"error":"unauthorized"}', async () => {
    for (const key of [null, 'wrong-key']) {
      const res = await call('/api/v2/warnings', { key });
      expect(res.status).toBe(401);
      expect(res.json()).toEqual({ error: 'unauthorized' });
    }
    const write = await post('/api/v2/rescue/requests', {}, 'k-auth', 'wrong-key');
    expect(write.status).toBe(401);
  });

  it('answers with the right key', async () => {
    expect((await call('/api/v2/warnings')).status).toBe(200);
  });
});

describe('failures and control', () => {
  it('answer unknown paths and methods with 404 in the error format', async () => {
    const res = await call('/api/v2/nothing');
    expect(res.status).toBe(404);
    expect(res.json()).toEqual({ error: 'not found' });
    expect((await call('/api/v2/warnings', { method: 'POST' })).status).toBe(404);
  });

  it('inject a server error, a malformed body and a dropped connection through /__sim/faults', async () => {
    await fetch(`${url}/__sim/faults`, { method: 'POST', body: JSON.stringify({ errorRate: 1 }) });
    const error = await call('/api/v2/warnings');
    expect(error.status).toBe(500);
    expect(typeof error.json().error).toBe('string');

    await fetch(`${url}/__sim/faults`, { method: 'POST', body: JSON.stringify({ errorRate: 0, malformedRate: 1 }) });
    const malformed = await call('/api/v2/warnings');
    expect(() => JSON.parse(malformed.text)).toThrow();

    await fetch(`${url}/__sim/faults`, { method: 'POST', body: JSON.stringify({ malformedRate: 0, down: true }) });
    await expect(call('/api/v2/warnings')).rejects.toThrow();
    await fetch(`${url}/__sim/faults/reset`, { method: 'POST' });
    expect((await call('/api/v2/warnings')).status).toBe(200);
  });

  it('count calls per endpoint', async () => {
    await fetch(`${url}/__sim/calls/reset`, { method: 'POST' });
    await call('/api/v2/warnings');
    await call('/api/v2/warnings?page=2');
    await call('/api/v2/warnings/SHW-19990101-0001');
    const calls = (await (await fetch(`${url}/__sim/calls`)).json()) as { total: number; calls: Record<string, number> };
    expect(calls).toEqual({ total: 3, calls: { 'GET /api/v2/warnings': 2, 'GET /api/v2/warnings/:id': 1 } });
  });

  it('rate-limit per key when switched on: 429 with Retry-After in seconds', async () => {
    await fetch(`${url}/__sim/rate-limit`, { method: 'POST', body: JSON.stringify({ limit: 2, windowMs: 60_000 }) });
    expect((await call('/api/v2/warnings')).status).toBe(200);
    expect((await call('/api/v2/warnings')).status).toBe(200);
    const limited = await call('/api/v2/warnings');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(typeof limited.json().error).toBe('string');
    clock.advance(60_000);
    expect((await call('/api/v2/warnings')).status).toBe(200);
  });

  it('move a record to now through /__sim/touch, so an updatedSince pull sees it', async () => {
    const target = sh(dataset.bases)[0];
    const since = clock.now();
    await fetch(`${url}/__sim/touch`, { method: 'POST', body: JSON.stringify({ collection: 'bases', sourceId: target.sourceId }) });
    const items = await listAll(`/api/v2/rescue/bases?updatedSince=${encodeURIComponent(new Date(Math.floor(since.getTime() / 1000) * 1000).toISOString())}`);
    expect(items.map((i) => i.id)).toEqual([target.sourceId]);
  });
});
