import { CODE_TABLES } from '../../../adapters/kit/code-tables';
import type { WarningRecord } from '../../../schema/model';
import { activeWarningIds } from '../../../simulators/dataset';
import { afterEachTest, bad, call, canonicalIds, clock, COLLECTION_PATHS, COLLS, dataset, ID_FIELD, ISO_BEIJING, type Json, list, listAll, setUp, sh, tearDown } from './harness';

beforeAll(setUp);
afterAll(tearDown);
afterEach(afterEachTest);

describe('lists', () => {
  it('hold every canonical SH record, good and bad, and nothing else', async () => {
    for (const c of COLLS) {
      const items = await listAll(COLLECTION_PATHS[c]);
      const ids = items.map((i) => String(i[ID_FIELD[c]]));
      expect(ids.sort()).toEqual(canonicalIds(c).sort());
    }
  });

  it('answer the envelope with a default pageSize of 50 and pages 1-based', async () => {
    const env = await list('/api/v2/hazmat/waybills');
    expect(env).toMatchObject({ total: canonicalIds('waybills').length, page: 1, pageSize: 50 });
    expect(env.items).toHaveLength(50);
    const last = await list('/api/v2/hazmat/waybills?page=3');
    expect(last.items).toHaveLength(env.total - 100);
    const beyond = await list('/api/v2/hazmat/waybills?page=9');
    expect(beyond).toMatchObject({ total: env.total, page: 9, items: [] });
  });

  it('order items by updatedAt ascending, then id, across pages', async () => {
    const items = await listAll('/api/v2/hazmat/enterprises', 7);
    const updatedAt = new Map([...sh(dataset.enterprises), ...bad.map((b) => b.record)].map((r) => [r.sourceId, r.updatedAt]));
    const keys = items.map((i) => ({ id: String(i.id), t: Date.parse(updatedAt.get(String(i.id)) as string) }));
    const sorted = [...keys].sort((a, b) => a.t - b.t || (a.id < b.id ? -1 : 1));
    expect(keys).toEqual(sorted);
    expect(new Set(keys.map((k) => k.id)).size).toBe(keys.length);
    expect(keys.some((k, i) => i > 0 && keys[i - 1].t === k.t)).toBe(true);
  });

  it('allow pageSize up to 500 and refuse more, or bad page numbers, in the error format', async () => {
    expect((await list('/api/v2/warnings?pageSize=500')).pageSize).toBe(500);
    for (const q of ['pageSize=501', 'pageSize=0', 'page=0', 'page=abc', 'pageSize=1.5']) {
      const res = await call(`/api/v2/warnings?${q}`);
      expect(res.status).toBe(400);
      expect(typeof res.json().error).toBe('string');
    }
  });

  it('return records updated at or after updatedSince', async () => {
    const warnings = sh(dataset.warnings);
    const pivot = warnings[Math.floor(warnings.length / 2)].updatedAt;
    const expected = canonicalIds('warnings').filter((id) => {
      const r = [...warnings, ...bad.map((b) => b.record)].find((w) => w.sourceId === id) as WarningRecord;
      return Date.parse(r.updatedAt) >= Date.parse(pivot);
    });
    const items = await listAll(`/api/v2/warnings?updatedSince=${encodeURIComponent(pivot)}`);
    expect(items.map((i) => i.id).sort()).toEqual(expected.sort());
    expect(items.some((i) => i.updatedAt === pivot)).toBe(true);

    const withoutOffset = pivot.replace('+08:00', '');
    const same = await listAll(`/api/v2/warnings?updatedSince=${encodeURIComponent(withoutOffset)}`);
    expect(same.length).toBe(items.length);

    const res = await call('/api/v2/warnings?updatedSince=yesterday');
    expect(res.status).toBe(400);
    expect(res.json().error).toMatch(/updatedSince/);
  });

  it('read a batch by ids, leaving unknown ids out, at most 100', async () => {
    const ids = sh(dataset.bases).slice(0, 3).map((b) => b.sourceId);
    const env = await list(`/api/v2/rescue/bases?ids=${[...ids, 'SHB-9999'].join(',')}`);
    expect(env.total).toBe(3);
    expect(env.items.map((i) => i.id).sort()).toEqual([...ids].sort());

    const many = Array.from({ length: 101 }, (_, i) => `SHB-${i}`).join(',');
    const res = await call(`/api/v2/rescue/bases?ids=${many}`);
    expect(res.status).toBe(400);
    expect(res.json().error).toMatch(/100/);
  });
});

describe('warnings', () => {
  it('answer one warning by id, and 404 {"error":"not found"} for an unknown one', async () => {
    const w = sh(dataset.warnings)[0];
    const res = await call(`/api/v2/warnings/${w.sourceId}`);
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ id: w.sourceId, title: w.headline, updatedAt: w.updatedAt });
    const missing = await call('/api/v2/warnings/SHW-19990101-0001');
    expect(missing.status).toBe(404);
    expect(missing.json()).toEqual({ error: 'not found' });
  });

  it('filter status=active by the simulated clock: not expired, cancelled or replaced', async () => {
    const held = [...sh(dataset.warnings), ...bad.filter((b) => b.collection === 'warnings').map((b) => b.record as WarningRecord)];
    const expected = [...activeWarningIds(held, clock.now())].map((id) => id.split(':')[2]);
    const items = await listAll('/api/v2/warnings?status=active');
    expect(items.map((i) => i.id).sort()).toEqual(expected.sort());
    expect(items.length).toBeGreaterThan(0);
    expect(items.length).toBeLessThan(sh(dataset.warnings).length);
    expect((await call('/api/v2/warnings?status=current')).status).toBe(400);
  });

  it('render the code tables in Chinese, refId for updates and cancels, ISO-8601 with +08:00', async () => {
    const items = await listAll('/api/v2/warnings');
    for (const w of sh(dataset.warnings)) {
      const item = items.find((i) => i.id === w.sourceId) as Json;
      expect(item.type).toBe(CODE_TABLES.SH.event.encode(w.event));
      expect(item.color).toBe(CODE_TABLES.SH.level.encode(w.level));
      expect(item.msgType).toBe(CODE_TABLES.SH.messageType.encode(w.messageType));
      if (w.supersedesId === null) expect(item).not.toHaveProperty('refId');
      else expect(item.refId).toBe(w.supersedesId.split(':')[2]);
      for (const t of [item.publishTime, item.effectiveTime, item.updatedAt]) expect(t).toMatch(ISO_BEIJING);
      expect(item.expireTime).toBe(w.expiresAt);
      expect(item.guide).toBe(w.instruction);
    }
    expect(items.some((i) => i.msgType === 'Update' || i.msgType === 'Cancel')).toBe(true);
  });
});

describe('filters', () => {
  it('enterprises by district', async () => {
    const items = await listAll('/api/v2/hazmat/enterprises?district=310116');
    const expected = canonicalIds('enterprises').filter((id) =>
      [...sh(dataset.enterprises), ...bad.map((b) => b.record)].some((r) => r.sourceId === id && 'divisionCode' in r && r.divisionCode === '310116'));
    expect(items.map((i) => i.id).sort()).toEqual(expected.sort());
    expect(items.length).toBeGreaterThan(0);
  });

  it('waybills by status and by plate, with or without the dot', async () => {
    const inTransit = await listAll(`/api/v2/hazmat/waybills?status=${encodeURIComponent('在途')}`);
    const good = sh(dataset.waybills).filter((w) => w.status === 'IN_TRANSIT').map((w) => w.sourceId);
    expect(inTransit.length).toBeGreaterThan(0);
    for (const id of good) expect(inTransit.map((i) => i.waybillNo)).toContain(id);
    for (const i of inTransit) if (!bad.some((b) => b.record.sourceId === i.waybillNo)) expect(i.status).toBe('在途');

    const plate = sh(dataset.waybills)[0].plate;
    const expected = sh(dataset.waybills).filter((w) => w.plate === plate).map((w) => w.sourceId).sort();
    for (const asked of [plate, `${plate.slice(0, 2)}·${plate.slice(2)}`]) {
      const items = await listAll(`/api/v2/hazmat/waybills?plate=${encodeURIComponent(asked)}`);
      expect(items.map((i) => i.waybillNo).filter((id) => !bad.some((b) => b.record.sourceId === id)).sort()).toEqual(expected);
    }
    expect((await call(`/api/v2/hazmat/waybills?status=${encodeURIComponent('丢失')}`)).status).toBe(400);
  });

  it('bases by capability', async () => {
    const items = await listAll(`/api/v2/rescue/bases?capability=${encodeURIComponent('危化品')}`);
    const expected = sh(dataset.bases).filter((b) => b.capabilities.includes('HAZMAT')).map((b) => b.sourceId);
    expect(items.length).toBeGreaterThan(0);
    for (const id of expected) expect(items.map((i) => i.id)).toContain(id);
    for (const i of items) expect(i.capabilities).toContain('危化品');
    const unknown = await call(`/api/v2/rescue/bases?capability=${encodeURIComponent('潜水')}`);
    expect(unknown.status).toBe(400);
    expect(unknown.json().error).toMatch(/capability/);
  });
});

describe('vehicle tracks', () => {
  const points = sh(dataset.trackPoints);
  const plate = [...new Set(points.map((p) => p.plate))].sort((a, b) =>
    points.filter((p) => p.plate === b).length - points.filter((p) => p.plate === a).length)[0];
  const mine = points.filter((p) => p.plate === plate);

  it('answer the points recorded inside Shanghai in [from, to], ordered by time', async () => {
    const from = mine[1].at;
    const to = mine[mine.length - 2].at;
    const res = await call(`/api/v2/hazmat/vehicles/${encodeURIComponent(plate)}/tracks?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
    expect(res.status).toBe(200);
    const body = res.json() as { plate: string; points: Json[] };
    expect(body.plate).toBe(plate);
    expect(body.points).toEqual(mine.slice(1, -1).map((p) => ({ lng: p.location.lng, lat: p.location.lat, ts: p.at, speed: p.speedKmh })));
  });

  it('answer an empty list for a vehicle not seen, and 400 without from and to', async () => {
    const res = await call(`/api/v2/hazmat/vehicles/${encodeURIComponent('沪Z00000')}/tracks?from=2026-01-01T00:00:00%2B08:00&to=2026-12-31T00:00:00%2B08:00`);
    expect(res.json()).toEqual({ plate: '沪Z00000', points: [] });
    const missing = await call(`/api/v2/hazmat/vehicles/${encodeURIComponent(plate)}/tracks`);
    expect(missing.status).toBe(400);
    expect(typeof missing.json().error).toBe('string');
  });
});
