import { afterEachTest, call, clock, dataset, ISO_BEIJING, type Json, post, setUp, sh, tearDown, url } from './harness';

beforeAll(setUp);
afterAll(tearDown);
afterEach(afterEachTest);

describe('mutual-aid requests', () => {
  const base = sh(dataset.bases).find((b) => b.teams.length > 0 && b.materials.length > 0) as (typeof dataset.bases)[number];
  const material = base.materials[0];
  const body = (over: Json = {}): Json => ({
    baseId: base.sourceId,
    fromProvince: 'JS',
    incident: { title: '化工园区泄漏', lng: 121.35, lat: 30.72, occurredAt: '2026-07-12T11:40:00+08:00' },
    teams: [base.teams[0].sourceId],
    materials: [{ code: material.code, qty: Math.min(1, material.quantity) }],
    contact: '江苏省应急管理厅 025-0000',
    ...over,
  });
  const held = async (): Promise<Json[]> => (await (await fetch(`${url}/__sim/mutual-aid`)).json() as { items: Json[] }).items;

  it('create a request (201), and answer a repeat of the Idempotency-Key with the first answer (200) creating nothing', async () => {
    const before = (await held()).length;
    const first = await post('/api/v2/rescue/requests', body(), 'key-once');
    expect(first.status).toBe(201);
    expect(first.json()).toEqual({ requestId: expect.stringMatching(/^SHR-20260712-\d{4}$/), status: 'SUBMITTED' });
    const repeat = await post('/api/v2/rescue/requests', body({ contact: 'someone else' }), 'key-once');
    expect(repeat.status).toBe(200);
    expect(repeat.json()).toEqual(first.json());
    const all = await held();
    expect(all).toHaveLength(before + 1);
    expect(all.find((r) => r.requestId === first.json().requestId)).toMatchObject({
      idempotencyKey: 'key-once',
      baseId: base.sourceId,
      fromProvince: 'JS',
      incident: { lng: 121.35, lat: 30.72 },
      status: 'SUBMITTED',
    });
  });

  it('forget a key after 24 h of simulated time', async () => {
    const first = await post('/api/v2/rescue/requests', body(), 'key-day');
    clock.advance(23 * 3600_000);
    expect((await post('/api/v2/rescue/requests', body(), 'key-day')).status).toBe(200);
    clock.advance(1 * 3600_000 + 1000);
    const later = await post('/api/v2/rescue/requests', body(), 'key-day');
    expect(later.status).toBe(201);
    expect(later.json().requestId).not.toBe(first.json().requestId);
  });

  it('refuse an unknown base, team or material code, or a quantity above the stock, with 422', async () => {
    const cases: Json[] = [
      body({ baseId: 'SHB-9999' }),
      body({ teams: ['SHT-9999'] }),
      body({ materials: [{ code: 'ZZ-999', qty: 1 }] }),
      body({ materials: [{ code: material.code, qty: material.quantity + 1 }] }),
    ];
    for (const [i, c] of cases.entries()) {
      const res = await post('/api/v2/rescue/requests', c, `key-422-${i}`);
      expect(res.status).toBe(422);
      expect(typeof res.json().error).toBe('string');
    }
  });

  it('evaluate a key anew after a refusal, since the refusal created nothing', async () => {
    expect((await post('/api/v2/rescue/requests', body({ baseId: 'SHB-9999' }), 'key-fixed')).status).toBe(422);
    expect((await post('/api/v2/rescue/requests', body(), 'key-fixed')).status).toBe(201);
  });

  it('answer bad JSON and wrong types with 400 in the error format', async () => {
    for (const b of ['{"baseId": ', '[]', JSON.stringify(body({ incident: { title: 'x', lng: '121', lat: 30, occurredAt: '2026-07-12T11:40:00+08:00' } })), JSON.stringify(body({ fromProvince: 'XX' }))]) {
      const res = await post('/api/v2/rescue/requests', b);
      expect(res.status).toBe(400);
      expect(typeof res.json().error).toBe('string');
    }
  });

  it('read a request status, 404 for an unknown one', async () => {
    const created = (await post('/api/v2/rescue/requests', body())).json();
    const res = await call(`/api/v2/rescue/requests/${String(created.requestId)}`);
    expect(res.json()).toEqual({ requestId: created.requestId, status: 'SUBMITTED', updatedAt: expect.stringMatching(ISO_BEIJING) });
    const seeded = sh(dataset.mutualAidRequests)[0];
    expect((await call(`/api/v2/rescue/requests/${seeded.sourceId}`)).json()).toEqual({ requestId: seeded.sourceId, status: seeded.status, updatedAt: seeded.updatedAt });
    const missing = await call('/api/v2/rescue/requests/SHR-19990101-0001');
    expect(missing.status).toBe(404);
    expect(missing.json()).toEqual({ error: 'not found' });
  });
});
