import type { ProvinceCode } from '../../../schema/model';
import { beijing14, call, clock, control, dataset, everything, fromBeijing14, metres, mine, type Row, setUp, tearDown, toGcj } from './harness';

beforeAll(setUp);
afterAll(tearDown);

describe('lists: pagination, ordering, since', () => {
  it('pages by offset and limit (default 20, at most 200), Total counting every match', async () => {
    const all = mine(dataset.enterprises).length + mine(dataset.bad).filter((b) => b.collection === 'enterprises').length;
    const first = await call('HazardService/enterpriseList');
    expect(first.rows).toHaveLength(20);
    expect(first.total).toBe(all);
    const big = await call('HazardService/enterpriseList', { limit: 200 });
    expect(big.rows).toHaveLength(all);
    const pages: Row[] = [];
    for (let offset = 0; offset < all; offset += 7) pages.push(...(await call('HazardService/enterpriseList', { offset, limit: 7 })).rows);
    expect(pages.map((r) => r.QY_ID)).toEqual(big.rows.map((r) => r.QY_ID));
    expect((await call('HazardService/enterpriseList', { offset: all, limit: 10 })).rows).toEqual([]);
  });

  it('refuses a limit above 200 or below 1 and a non-numeric offset with code 3001', async () => {
    const queries: Record<string, string | number>[] = [{ limit: 201 }, { limit: 0 }, { offset: 'abc' }, { limit: '20x' }];
    for (const query of queries) {
      const a = await call('WarningService/list', query);
      expect(a).toMatchObject({ status: 200, code: '3001' });
    }
  });

  it('orders by UPDATE_TIME ascending, then the record id', async () => {
    const rows = await everything('TransportService/waybillList');
    const keys = rows.filter((r) => /^\d{14}$/.test(String(r.UPDATE_TIME)) && !String(r.UPDATE_TIME).endsWith('246000')).map((r) => `${String(r.UPDATE_TIME)}|${String(r.YD_BH)}`);
    expect(keys).toEqual([...keys].sort());
    const expected = [...mine(dataset.waybills), ...mine(dataset.bad).filter((b) => b.collection === 'waybills').map((b) => b.record)]
      .sort((a, b) => Date.parse(a.updatedAt) - Date.parse(b.updatedAt) || (a.sourceId < b.sourceId ? -1 : 1))
      .map((w) => w.sourceId);
    expect(rows.map((r) => r.YD_BH)).toEqual(expected);
  });

  it('since=yyyyMMddHHmmss (Beijing time) returns exactly the records updated at or after it', async () => {
    const records = [...mine(dataset.bases), ...mine(dataset.bad).filter((b) => b.collection === 'bases').map((b) => b.record)];
    const times = records.map((r) => r.updatedAt).sort();
    const cut = times[Math.floor(times.length / 2)];
    const rows = await everything('RescueService/baseList', { since: beijing14(cut) });
    const want = records.filter((r) => Date.parse(r.updatedAt) >= Date.parse(cut)).map((r) => r.sourceId).sort();
    expect(rows.map((r) => String(r.JD_ID)).sort()).toEqual(want);
    expect(want.length).toBeGreaterThan(0);
    expect(want.length).toBeLessThan(records.length);
    expect((await call('RescueService/baseList', { since: '2026-07-12' })).code).toBe('3001');
    expect((await call('RescueService/baseList', { since: '20261332250000' })).code).toBe('3001');
  });

  it('a record changed through /__sim/touch moves to the end with the simulated now as UPDATE_TIME', async () => {
    const [first] = (await call('HazardService/enterpriseList', { limit: 1 })).rows;
    await control('/__sim/touch', { collection: 'enterprises', sourceId: first.QY_ID });
    const rows = await everything('HazardService/enterpriseList');
    const last = rows[rows.length - 1];
    expect(last.QY_ID).toBe(first.QY_ID);
    expect(Math.abs(fromBeijing14(String(last.UPDATE_TIME)) - clock.now().getTime())).toBeLessThan(5_000);
  });
});

describe('every canonical record of JS is served', () => {
  const cases = [
    ['warnings', 'WarningService/list', 'WARN_ID'],
    ['enterprises', 'HazardService/enterpriseList', 'QY_ID'],
    ['waybills', 'TransportService/waybillList', 'YD_BH'],
    ['bases', 'RescueService/baseList', 'JD_ID'],
  ] as const;
  it.each(cases)('%s: every good and every defective record, once', async (collection, operation, idField) => {
    const rows = await everything(operation);
    const good = (dataset[collection] as { province: ProvinceCode; sourceId: string }[]).filter((r) => r.province === 'JS').map((r) => r.sourceId);
    const bad = mine(dataset.bad).filter((b) => b.collection === collection).map((b) => b.record.sourceId);
    expect(rows.map((r) => String(r[idField])).sort()).toEqual([...good, ...bad].sort());
  });
});

describe('batch reads', () => {
  it('ids=a,b,c returns the known ones and leaves unknown ids out', async () => {
    const ids = mine(dataset.warnings).slice(0, 3).map((w) => w.sourceId);
    const a = await call('WarningService/get', { ids: [...ids, 'JSW0000000000000'].join(',') });
    expect(a.code).toBe('0');
    expect(a.rows.map((r) => r.WARN_ID)).toEqual(ids);
  });

  it('takes at most 50 ids; 51 or none is code 3001', async () => {
    const ids = mine(dataset.waybills).map((w) => w.sourceId);
    expect((await call('TransportService/waybillGet', { ids: ids.slice(0, 50).join(',') })).rows).toHaveLength(50);
    expect((await call('TransportService/waybillGet', { ids: ids.slice(0, 51).join(',') })).code).toBe('3001');
    expect((await call('TransportService/waybillGet', { ids: '' })).code).toBe('3001');
  });

  it('has a get operation for every collection', async () => {
    const e = mine(dataset.enterprises)[0];
    const b = mine(dataset.bases)[0];
    expect((await call('HazardService/enterpriseGet', { ids: e.sourceId })).rows.map((r) => r.QY_ID)).toEqual([e.sourceId]);
    expect((await call('RescueService/baseGet', { ids: b.sourceId })).rows.map((r) => r.JD_ID)).toEqual([b.sourceId]);
  });
});

describe('filters', () => {
  it('active=1: warnings neither expired nor cancelled at the simulated now', async () => {
    const now = clock.now().getTime();
    const ws = mine(dataset.warnings);
    const cancelled = new Set(ws.filter((w) => w.messageType === 'CANCEL' && Date.parse(w.issuedAt) <= now).map((w) => w.supersedesId));
    const want = ws
      .filter((w) => w.messageType !== 'CANCEL' && (w.expiresAt === null || Date.parse(w.expiresAt) > now) && !cancelled.has(w.id))
      .map((w) => w.sourceId)
      .sort();
    const rows = await everything('WarningService/list', { active: '1' });
    const got = rows.map((r) => String(r.WARN_ID)).filter((id) => !mine(dataset.bad).some((b) => b.record.sourceId === id));
    expect(got.sort()).toEqual(want);
    expect(want.length).toBeGreaterThan(0);
    expect(want.length).toBeLessThan(ws.length);
  });

  it('status filters waybills by ZT, nl filters bases by capability code', async () => {
    const transit = await everything('TransportService/waybillList', { status: '1' });
    expect(transit.map((r) => r.ZT)).toEqual(transit.map(() => '1'));
    expect(transit.length).toBe(
      [...mine(dataset.waybills), ...mine(dataset.bad).filter((b) => b.collection === 'waybills').map((b) => b.record as (typeof dataset.waybills)[number])].filter((w) => w.status === 'IN_TRANSIT').length,
    );
    const water = await everything('RescueService/baseList', { nl: 'SY' });
    expect(water.length).toBeGreaterThan(0);
    expect(water.every((r) => String(r.NL).split(',').includes('SY'))).toBe(true);
    expect((await call('RescueService/baseList', { nl: 'NOPE' })).code).toBe('3001');
    expect((await call('TransportService/waybillList', { status: '5' })).code).toBe('3001');
  });
});

describe('track', () => {
  it('answers the points recorded inside Jiangsu for a plate in [start, end], ordered by GPS_TIME', async () => {
    const points = mine(dataset.trackPoints);
    const plate = points[0].plate;
    const ofPlate = points.filter((p) => p.plate === plate);
    const from = ofPlate[1].at;
    const to = ofPlate[ofPlate.length - 2].at;
    const a = await call('TransportService/track', { cph: plate, start: beijing14(from), end: beijing14(to) });
    const want = ofPlate.filter((p) => p.at >= from && p.at <= to);
    expect(a.total).toBe(want.length);
    expect(a.rows.map((r) => r.GPS_TIME)).toEqual(want.map((p) => beijing14(p.at)));
    expect(a.rows.map((r) => (r.SPEED === '' ? null : Number(r.SPEED)))).toEqual(want.map((p) => p.speedKmh));
    const [lng, lat] = toGcj(want[0].location);
    expect(metres({ lng: Number(a.rows[0].LNG), lat: Number(a.rows[0].LAT) }, { lng, lat })).toBeLessThan(0.2);
  });

  it('answers Total 0 for a vehicle it never saw, and 3001 without cph or times', async () => {
    expect(await call('TransportService/track', { cph: '鲁Z99999', start: '20260101000000', end: '20261231000000' })).toMatchObject({ code: '0', total: 0, rows: [] });
    expect((await call('TransportService/track', { start: '20260101000000', end: '20261231000000' })).code).toBe('3001');
    expect((await call('TransportService/track', { cph: '苏A12345', start: 'yesterday', end: '20261231000000' })).code).toBe('3001');
  });
});
