import { SimClock } from '../../../simulators/common/clock';
import type { SimServer } from '../../../simulators/common/sim-server';
import { createZhejiangSimulator } from '../../../simulators/zhejiang';
import { call, CREDENTIALS, dataset, form, heldIds, type Json, LISTS, pullAll, setUp, tearDown, token, url } from './harness';

beforeAll(setUp);
afterAll(tearDown);

describe('errors in its own format, faults, call counters', () => {
  afterEach(async () => {
    await call('POST', '/__sim/faults/reset');
  });

  it('answers an unknown path or method with 404 {"code": "NOT_FOUND"}', async () => {
    for (const [method, path] of [['GET', '/zlj/open/nothing'], ['DELETE', LISTS.warnings], ['GET', '/']]) {
      const a = await call(method, path);
      expect([method, path, a.status, a.json.code]).toEqual([method, path, 404, 'NOT_FOUND']);
    }
  });

  it('injects its own 5xx, malformed bodies and a dead connection on request', async () => {
    const t = await token();
    await call('POST', '/__sim/faults', { type: 'application/json', body: JSON.stringify({ errorRate: 1 }) });
    const broken = await call('GET', `${LISTS.warnings}?limit=1`, { token: t });
    expect([broken.status, broken.json.code]).toEqual([500, 'SYSTEM_ERROR']);

    await call('POST', '/__sim/faults', { type: 'application/json', body: JSON.stringify({ errorRate: 0, malformedRate: 1 }) });
    const garbled = await call('GET', `${LISTS.warnings}?limit=1`, { token: t });
    expect(() => JSON.parse(garbled.text)).toThrow();

    await call('POST', '/__sim/faults', { type: 'application/json', body: JSON.stringify({ malformedRate: 0, down: true }) });
    await expect(fetch(`${url}${LISTS.warnings}?limit=1`)).rejects.toThrow();
  });

  it('counts calls per endpoint', async () => {
    await call('POST', '/__sim/calls/reset');
    const { pages } = await pullAll('waybills', '', 50);
    const counts = (await call('GET', '/__sim/calls')).json.calls as Record<string, number>;
    expect(counts).toEqual({ 'GET /zlj/open/whp/yd/list': pages, 'POST /zlj/open/oauth/token': 1 });
    expect(pages).toBe(Math.ceil(heldIds('waybills').length / 50));
  });
});

describe('nightly maintenance window (02:00–02:30 Beijing time)', () => {
  const beijing = (hhmm: string): Date => new Date(`2026-07-13T${hhmm}:00+08:00`);

  async function startAt(at: Date, maintenanceWindow?: boolean): Promise<{ server: SimServer; base: string; simClock: SimClock }> {
    const simClock = new SimClock(at);
    const server = createZhejiangSimulator({ dataset, clock: simClock, credentials: CREDENTIALS, maintenanceWindow });
    return { server, base: await server.listen(0), simClock };
  }

  it('answers 503 to every call inside the window, with Retry-After until 02:30, and serves again after it', async () => {
    const { server, base, simClock } = await startAt(beijing('02:10'));
    try {
      const tokenCall = await fetch(`${base}/zlj/open/oauth/token`, { method: 'POST', body: form({ grant_type: 'client_credentials', client_id: 'demo-zj-client', client_secret: 'demo-zj-secret' }) });
      expect(tokenCall.status).toBe(503);
      expect(Number(tokenCall.headers.get('retry-after'))).toBeGreaterThan(19 * 60);
      expect(((await tokenCall.json()) as Json).code).toBe('MAINTENANCE');
      const list = await fetch(`${base}${LISTS.warnings}?limit=1`);
      expect(list.status).toBe(503);
      simClock.advance(21 * 60_000);
      const after = await fetch(`${base}/zlj/open/oauth/token`, { method: 'POST', body: form({ grant_type: 'client_credentials', client_id: 'demo-zj-client', client_secret: 'demo-zj-secret' }) });
      expect(after.status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('is off when maintenanceWindow is false', async () => {
    const { server, base } = await startAt(beijing('02:10'), false);
    try {
      const a = await fetch(`${base}/zlj/open/oauth/token`, { method: 'POST', body: form({ grant_type: 'client_credentials', client_id: 'demo-zj-client', client_secret: 'demo-zj-secret' }) });
      expect(a.status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
