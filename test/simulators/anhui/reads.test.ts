import { activeWarningIds } from '../../../simulators/dataset';
import { afterEachTest, ah, all, bad, call, clock, dataset, held, type HeldRecord, type Page, type Row, setUp, tearDown } from './harness';

beforeAll(setUp);
afterAll(tearDown);
afterEach(afterEachTest);

describe('lists: pagination, ordering, incremental pulls', () => {
  it.each([
    ['warnings', '/yjxx/list', 'ID'],
    ['enterprises', '/whp/qyxx/list', 'QYBH'],
    ['waybills', '/whp/ydxx/list', 'YDBH'],
    ['bases', '/jydw/jdxx/list', 'JDBH'],
  ] as const)('serves every %s record it holds (good and defective), ordered by GXSJ then id', async (collection, path, idField) => {
    const expected = held(collection).map((r) => r.sourceId);
    const { total, rows, pages } = await all(path);
    expect(total).toBe(expected.length);
    expect(pages).toBe(Math.floor(expected.length / 50) + 1);
    expect(rows.map((r) => String(r[idField]))).toEqual(expected);
    expect(ah(dataset[collection] as readonly HeldRecord[]).length + bad(collection).length).toBe(expected.length);
  });

  it('pages 20 by default and at most 50; bad paging parameters answer 1002', async () => {
    const first = await call('/whp/qyxx/list');
    expect((first.body.data as Page).rows).toHaveLength(20);
    const second = await call('/whp/qyxx/list', { pageNo: 2 });
    expect((second.body.data as Page).rows.map((r) => r.QYBH)).toEqual(held('enterprises').slice(20, 40).map((r) => r.sourceId));
    for (const query of <Record<string, string | number>[]>[{ pageSize: 51 }, { pageSize: 0 }, { pageNo: 0 }, { pageNo: 'abc' }, { kssj: '2026-07-01T00:00:00' }, { kssj: '2026/07/01 00:00' }]) {
      const a = await call('/whp/qyxx/list', query);
      expect(a.status).toBe(200);
      expect(a.body).toMatchObject({ code: 1002, data: null });
    }
  });

  it('returns only the records updated at or after kssj (Beijing time)', async () => {
    const records = held('waybills');
    const pivot = records[Math.floor(records.length / 2)];
    const b = new Date(Date.parse(pivot.updatedAt) + 8 * 3600_000).toISOString();
    const kssj = `${b.slice(0, 10)} ${b.slice(11, 19)}`;
    const { rows } = await all('/whp/ydxx/list', { kssj });
    expect(rows.map((r) => r.YDBH)).toEqual(records.filter((r) => Date.parse(r.updatedAt) >= Date.parse(pivot.updatedAt)).map((r) => r.sourceId));
  });

  it('filters warnings in force with yxzt=1', async () => {
    const active = activeWarningIds(held('warnings') as never, clock.now());
    const { rows } = await all('/yjxx/list', { yxzt: 1 });
    expect(rows.map((r) => `AH:Warning:${String(r.ID)}`).sort()).toEqual([...active].sort());
    expect(rows.length).toBeGreaterThan(0);
    expect((await call('/yjxx/list', { yxzt: 7 })).body.code).toBe(1002);
  });
});

describe('detail reads (the only way to read single records)', () => {
  it.each([
    ['warnings', '/yjxx/detail', 'id', 'ID'],
    ['enterprises', '/whp/qyxx/detail', 'qybh', 'QYBH'],
    ['waybills', '/whp/ydxx/detail', 'ydbh', 'YDBH'],
    ['bases', '/jydw/jdxx/detail', 'jdbh', 'JDBH'],
  ] as const)('reads one %s record by id; an unknown id answers 1004', async (collection, path, param, idField) => {
    const record = ah(dataset[collection] as readonly HeldRecord[])[3];
    const a = await call(path, { [param]: record.sourceId });
    expect(a.body.code).toBe(0);
    expect(String((a.body.data as Row)[idField])).toBe(record.sourceId);
    const unknown = await call(path, { [param]: collection === 'warnings' ? '19990101001' : 'NOPE0001' });
    expect(unknown.body).toMatchObject({ code: 1004, data: null });
  });

  it('answers 1002 for a warning id that is not an integer', async () => {
    expect((await call('/yjxx/detail', { id: 'abc' })).body.code).toBe(1002);
  });
});

describe('vehicle tracks', () => {
  const points = ah(dataset.trackPoints);
  const plates = [...new Set(points.map((p) => p.plate))];

  it('serves every point it recorded, per plate, ordered by time, in decimal degrees', async () => {
    let served = 0;
    for (const plate of plates) {
      const { rows, total } = await all('/whp/clgj', { cphm: plate });
      const mine = points.filter((p) => p.plate === plate);
      expect(total).toBe(mine.length);
      expect(rows.map((r) => r.DWSJ)).toEqual([...(rows.map((r) => String(r.DWSJ)))].sort());
      rows.forEach((r, i) => {
        expect(typeof r.jd).toBe('number');
        expect(r.jd).toBeCloseTo(mine[i].location.lng, 6);
        expect(r.wd).toBeCloseTo(mine[i].location.lat, 6);
        expect(r.DWSJ).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
      });
      served += rows.length;
    }
    expect(served).toBe(points.length);
  });

  it('limits the track to [kssj, jssj] and pages it; a missing plate is a parameter error', async () => {
    const plate = plates.reduce((a, b) => (points.filter((p) => p.plate === a).length >= points.filter((p) => p.plate === b).length ? a : b));
    const mine = points.filter((p) => p.plate === plate);
    const fmt = (iso: string): string => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 19);
    const a = await call('/whp/clgj', { cphm: plate, kssj: fmt(mine[2].at), jssj: fmt(mine[5].at), pageNo: 1, pageSize: 2 });
    expect(a.body.data).toMatchObject({ total: 4, rows: [{ DWSJ: fmt(mine[2].at) }, { DWSJ: fmt(mine[3].at) }] });
    expect((await call('/whp/clgj', {})).body.code).toBe(1002);
  });
});
