import type { GeoPoint } from '../../../schema/model';
import type { CanonicalDataset } from '../../../simulators/dataset/types';
import { call, clock, dataset, type Json, metresBetween, NOW, setUp, tearDown, token, wgsToBd, zj } from './harness';

beforeAll(setUp);
afterAll(tearDown);

describe('mutual-aid requests (POST jy/zyqq)', () => {
  const base = () => zj(dataset.bases).find((b) => b.teams.length > 0 && b.materials.length > 0) as CanonicalDataset['bases'][number];
  const incident = { lng: 121.5, lat: 29.9 };
  const request = (qqid: string, patch: Json = {}): string => {
    const b = base();
    const [bdLng, bdLat] = wgsToBd(incident);
    return JSON.stringify({
      qqid,
      jdid: b.sourceId,
      qqsf: 'SH',
      sj: { bt: '化工园区储罐泄漏', bdLng, bdLat, fssj: NOW.getTime() },
      dw: [b.teams[0].sourceId],
      wz: [{ bm: b.materials[0].code, sl: Math.min(1, b.materials[0].quantity) }],
      lxr: '张三 13800000000',
      ...patch,
    });
  };
  const submit = async (body: string, t?: string) => call('POST', '/zlj/open/jy/zyqq', { token: t ?? (await token()), type: 'application/json', body });
  const held = async (): Promise<Json[]> => (await call('GET', '/__sim/mutual-aid')).json.data as Json[];

  it('creates a SUBMITTED request, readable by id, held with its qqid and the incident in WGS-84', async () => {
    const a = await submit(request('req-create-1'));
    expect(a.status).toBe(200);
    expect(a.json).toEqual({ zyqqid: expect.stringMatching(/^ZJZYQQ-\d{8}-\d{3}$/), zt: 'SUBMITTED' });
    const status = await call('GET', `/zlj/open/jy/zyqq/${a.json.zyqqid as string}`, { token: await token() });
    expect(status.json).toEqual({ zyqqid: a.json.zyqqid, zt: 'SUBMITTED', gxsj: expect.any(Number) });
    const mine = (await held()).find((r) => r.zyqqid === a.json.zyqqid) as Json;
    expect(mine).toMatchObject({ qqid: 'req-create-1', jdid: base().sourceId, qqsf: 'SH', zt: 'SUBMITTED' });
    expect(metresBetween((mine.sj as { wgs84: GeoPoint }).wgs84, incident)).toBeLessThan(1);
  });

  it('answers a qqid seen in the last 24 h with the same answer and creates nothing', async () => {
    const first = await submit(request('req-idem-1'));
    const count = (await held()).length;
    const again = await submit(request('req-idem-1', { sj: { bt: 'different', bdLng: 1, bdLat: 1, fssj: 1 } }));
    expect(again.status).toBe(200);
    expect(again.json).toEqual(first.json);
    expect((await held()).length).toBe(count);
  });

  it('creates a new request for a qqid last seen more than 24 h ago', async () => {
    const first = await submit(request('req-idem-old'));
    clock.advance(24 * 3600_000 + 1000);
    const later = await submit(request('req-idem-old'));
    expect(later.status).toBe(200);
    expect(later.json.zyqqid).not.toBe(first.json.zyqqid);
    expect((await held()).filter((r) => r.qqid === 'req-idem-old').length).toBe(2);
  });

  it('refuses an unknown base, team or material, or more than the stock, with 400 INVALID', async () => {
    const b = base();
    const cases: Json[] = [
      { jdid: 'ZJJD-999' },
      { dw: ['ZJDW-9999'] },
      { wz: [{ bm: 'NO-SUCH', sl: 1 }] },
      { wz: [{ bm: b.materials[0].code, sl: b.materials[0].quantity + 1 }] },
      { qqsf: 'XX' },
      { sj: { bt: 'x', bdLng: 'east', bdLat: 30, fssj: 1 } },
    ];
    for (const [i, patch] of cases.entries()) {
      const a = await submit(request(`req-invalid-${i}`, patch));
      expect([i, a.status, a.json.code, typeof a.json.message]).toEqual([i, 400, 'INVALID', 'string']);
    }
    const before = (await held()).length;
    const replay = await submit(request('req-invalid-0'));
    expect([replay.status, replay.json.code]).toEqual([400, 'INVALID']);
    expect((await held()).length).toBe(before);
  });

  it('answers bad JSON and a missing qqid with 400 INVALID, an unknown request with 404 NOT_FOUND', async () => {
    for (const body of ['{oops', '[]', JSON.stringify({ jdid: 'ZJJD-001' })]) {
      const a = await submit(body);
      expect([a.status, a.json.code]).toEqual([400, 'INVALID']);
    }
    const missing = await call('GET', '/zlj/open/jy/zyqq/ZJZYQQ-20000101-001', { token: await token() });
    expect([missing.status, missing.json.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('holds the requests of earlier exercises with their qqid', async () => {
    const seeded = zj(dataset.mutualAidRequests);
    const all = await held();
    for (const r of seeded) expect(all).toContainEqual(expect.objectContaining({ zyqqid: r.sourceId, qqid: r.clientRequestId, zt: r.status }));
  });
});
