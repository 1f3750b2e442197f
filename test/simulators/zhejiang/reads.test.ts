import { activeWarningIds } from '../../../simulators/dataset';
import { bdToWgs, call, clock, dataset, held, heldIds, ID_FIELD, type Json, type Listed, LISTS, metresBetween, NOW, pullAll, setUp, tearDown, token, zj } from './harness';

beforeAll(setUp);
afterAll(tearDown);

describe('lists: cursor pagination, order, since', () => {
  it.each(Object.keys(LISTS) as Listed[])('serves every %s record of ZJ (good and defective) exactly once', async (list) => {
    const { records } = await pullAll(list);
    const ids = records.map((r) => r[ID_FIELD[list]] as string);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(heldIds(list).sort());
  });

  it('pages by limit, orders by gxsj then id, and ends with nextCursor null', async () => {
    const { records, pages } = await pullAll('warnings', '', 7);
    expect(pages).toBe(Math.ceil(heldIds('warnings').length / 7));
    const warnings = held('warnings');
    const expected = warnings
      .map((w) => [Date.parse(w.updatedAt), w.sourceId] as const)
      .sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
      .map(([, id]) => id);
    expect(records.map((r) => r.yjid)).toEqual(expected);
    for (const r of records.filter((x) => typeof x.gxsj === 'number')) {
      expect(r.gxsj).toBe(Date.parse((warnings.find((w) => w.sourceId === r.yjid) as { updatedAt: string }).updatedAt));
    }
  });

  it('since=<epoch ms> returns exactly the records updated at or after it', async () => {
    const bases = zj(dataset.bases);
    const since = Date.parse(bases[Math.floor(bases.length / 2)].updatedAt);
    const { records } = await pullAll('bases', `&since=${since}`);
    const expected = held('bases').filter((b) => Date.parse(b.updatedAt) >= since).map((b) => b.sourceId);
    expect(records.map((r) => r.jdid).sort()).toEqual(expected.sort());
    expect(records.length).toBeLessThan(heldIds('bases').length);
  });

  it('refuses a limit above 100, a non-numeric since and a forged cursor with 400 INVALID', async () => {
    const t = await token();
    for (const q of ['limit=101', 'limit=0', 'limit=abc', 'since=yesterday', 'cursor=not-ours']) {
      const a = await call('GET', `${LISTS.enterprises}?${q}`, { token: t });
      expect([q, a.status, a.json.code]).toEqual([q, 400, 'INVALID']);
      expect(typeof a.json.message).toBe('string');
    }
  });

  it('lets a cursor live 10 minutes, then answers 400 CURSOR_EXPIRED', async () => {
    const first = await call('GET', `${LISTS.waybills}?limit=10`, { token: await token() });
    const cursor = encodeURIComponent(first.json.nextCursor as string);
    clock.advance(9 * 60_000);
    expect((await call('GET', `${LISTS.waybills}?limit=10&cursor=${cursor}`, { token: await token() })).status).toBe(200);
    clock.advance(61_000);
    const late = await call('GET', `${LISTS.waybills}?limit=10&cursor=${cursor}`, { token: await token() });
    expect(late.status).toBe(400);
    expect(late.json.code).toBe('CURSOR_EXPIRED');
  });

  it('active=true lists the warnings in force now', async () => {
    const { records } = await pullAll('warnings', '&active=true');
    const expected = [...activeWarningIds(held('warnings'), clock.now())].map((id) => id.slice('ZJ:Warning:'.length));
    expect(records.length).toBeGreaterThan(0);
    expect(records.map((r) => r.yjid).sort()).toEqual(expected.sort());
  });

  it('nl=<capability> lists the bases with it; an unknown capability is 400 INVALID', async () => {
    const { records } = await pullAll('bases', `&nl=${encodeURIComponent('危化')}`);
    const expected = held('bases').filter((b) => b.capabilities.includes('HAZMAT'));
    expect(records.map((r) => r.jdid).sort()).toEqual(expected.map((b) => b.sourceId).sort());
    const bad = await call('GET', `${LISTS.bases}?nl=${encodeURIComponent('危险化学品')}`, { token: await token() });
    expect([bad.status, bad.json.code]).toEqual([400, 'INVALID']);
  });
});

describe('batch reads', () => {
  it('POST <list>/batch answers the found items in the order asked', async () => {
    const ids = zj(dataset.enterprises).slice(0, 3).map((e) => e.sourceId);
    const a = await call('POST', `${LISTS.enterprises}/batch`, { token: await token(), type: 'application/json', body: JSON.stringify({ ids: [ids[2], 'ZJQY-9999', ids[0], ids[1]] }) });
    expect(a.status).toBe(200);
    expect((a.json.data as Json[]).map((r) => r.qyid)).toEqual([ids[2], ids[0], ids[1]]);
  });

  it('takes at most 100 ids, and only a JSON {"ids": [strings]}', async () => {
    const t = await token();
    const tooMany = JSON.stringify({ ids: Array.from({ length: 101 }, (_, i) => `ZJQY-${i}`) });
    for (const body of [tooMany, '{"ids": "ZJQY-0001"}', '{"ids": [1]}', '{not json', 'null']) {
      const a = await call('POST', `${LISTS.enterprises}/batch`, { token: t, type: 'application/json', body });
      expect([body.slice(0, 20), a.status, a.json.code]).toEqual([body.slice(0, 20), 400, 'INVALID']);
    }
    const hundred = JSON.stringify({ ids: zj(dataset.waybills).slice(0, 100).map((w) => w.sourceId) });
    const ok = await call('POST', `${LISTS.waybills}/batch`, { token: t, type: 'application/json', body: hundred });
    expect((ok.json.data as Json[]).length).toBe(100);
  });
});

describe('vehicle tracks', () => {
  it('GET whp/clgj answers the points ZJ recorded for the plate in [kssj, jssj], in BD-09, ordered by time', async () => {
    const points = zj(dataset.trackPoints);
    const plate = points[0].plate;
    const mine = points.filter((p) => p.plate === plate);
    const from = Date.parse(mine[0].at);
    const to = Date.parse(mine[mine.length - 1].at);
    const a = await call('GET', `/zlj/open/whp/clgj?cph=${encodeURIComponent(plate)}&kssj=${from}&jssj=${to}`, { token: await token() });
    expect(a.status).toBe(200);
    expect(a.json.cph).toBe(plate);
    const gj = a.json.gj as [number, number, number, number | null][];
    expect(gj.map((p) => p[2])).toEqual(mine.map((p) => Date.parse(p.at)));
    gj.forEach((p, i) => {
      expect(metresBetween(bdToWgs(p[0], p[1]), mine[i].location)).toBeLessThan(1);
      expect(p[3]).toBe(mine[i].speedKmh);
    });
    const narrow = await call('GET', `/zlj/open/whp/clgj?cph=${encodeURIComponent(plate)}&kssj=${from + 1}&jssj=${to}`, { token: await token() });
    expect((narrow.json.gj as unknown[]).length).toBe(mine.length - 1);
  });

  it('answers gj [] for a vehicle it never saw, and 400 INVALID without cph or times', async () => {
    const t = await token();
    const none = await call('GET', `/zlj/open/whp/clgj?cph=${encodeURIComponent('鲁A00000')}&kssj=0&jssj=${NOW.getTime()}`, { token: t });
    expect(none.json).toEqual({ cph: '鲁A00000', gj: [] });
    for (const q of ['kssj=0&jssj=1', `cph=${encodeURIComponent('浙B12345')}&kssj=x&jssj=1`, `cph=${encodeURIComponent('浙B12345')}&kssj=5&jssj=1`]) {
      const a = await call('GET', `/zlj/open/whp/clgj?${q}`, { token: t });
      expect([a.status, a.json.code]).toEqual([400, 'INVALID']);
    }
  });
});
