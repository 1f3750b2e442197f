import { parseBeijingTime } from '../../adapters/kit/beijing-time';
import { CODE_TABLES } from '../../adapters/kit/code-tables';
import { isValidCreditCode } from '../../adapters/kit/credit-code';
import { LegacyDataInvalidError } from '../../adapters/kit/errors';
import type { WarningRecord } from '../../schema/model';
import { SimClock } from '../../simulators/common/clock';
import type { SimServer } from '../../simulators/common/sim-server';
import { activeWarningIds, loadDataset } from '../../simulators/dataset';
import { createShanghaiSimulator } from '../../simulators/shanghai';

/**
 * The Shanghai simulator against legacy-apis/shanghai.md, over real HTTP: what a client of the
 * real system would see, checked against the canonical data set.
 */

const NOW = new Date('2026-07-12T04:00:00Z');
const KEY = 'sh-test-key';
const dataset = loadDataset({ seed: 'test', now: NOW, scale: 1 });
const sh = <T extends { province: string }>(xs: readonly T[]): T[] => xs.filter((x) => x.province === 'SH');
const bad = dataset.bad.filter((b) => b.province === 'SH');
const ISO_BEIJING = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/;

type Json = Record<string, unknown>;
interface Envelope {
  total: number;
  page: number;
  pageSize: number;
  items: Json[];
}

let clock: SimClock;
let sim: SimServer;
let url: string;

beforeAll(async () => {
  clock = new SimClock(NOW);
  sim = createShanghaiSimulator({ dataset, clock, credentials: { apiKey: KEY } });
  url = await sim.listen(0);
});

afterAll(async () => {
  await sim.close();
});

afterEach(async () => {
  sim.faults.reset();
  await fetch(`${url}/__sim/rate-limit`, { method: 'POST', body: '{}' });
});

async function call(path: string, init: RequestInit & { key?: string | null } = {}): Promise<{ status: number; headers: Headers; text: string; json: () => Json }> {
  const headers = new Headers(init.headers);
  if (init.key !== null) headers.set('x-api-key', init.key ?? KEY);
  const res = await fetch(`${url}${path}`, { ...init, headers });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) as Json };
}

async function list(path: string): Promise<Envelope> {
  const res = await call(path);
  expect(res.status).toBe(200);
  return res.json() as unknown as Envelope;
}

/** Every item of a list, page by page, as a client of the real system pulls it. */
async function listAll(path: string, pageSize = 500): Promise<Json[]> {
  const items: Json[] = [];
  const sep = path.includes('?') ? '&' : '?';
  for (let page = 1; ; page++) {
    const env = await list(`${path}${sep}page=${page}&pageSize=${pageSize}`);
    items.push(...env.items);
    if (items.length >= env.total || env.items.length === 0) return items;
  }
}

function post(path: string, body: unknown, idempotencyKey?: string, key?: string | null) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (idempotencyKey !== undefined) headers['idempotency-key'] = idempotencyKey;
  return call(path, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), headers, key });
}

const COLLECTION_PATHS = {
  warnings: '/api/v2/warnings',
  enterprises: '/api/v2/hazmat/enterprises',
  waybills: '/api/v2/hazmat/waybills',
  bases: '/api/v2/rescue/bases',
} as const;
const ID_FIELD = { warnings: 'id', enterprises: 'id', waybills: 'waybillNo', bases: 'id' } as const;
type Coll = keyof typeof COLLECTION_PATHS;
const COLLS = Object.keys(COLLECTION_PATHS) as Coll[];

const canonicalIds = (c: Coll): string[] => [
  ...sh(dataset[c] as { province: string; sourceId: string }[]).map((r) => r.sourceId),
  ...bad.filter((b) => b.collection === c).map((b) => b.record.sourceId),
];

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

describe('quirks, on a deterministic minority of records', () => {
  it('write the abolished 310108 for 310106 in some warnings districts, nothing else changed', async () => {
    const items = await listAll('/api/v2/warnings');
    let abolished = 0;
    let kept = 0;
    for (const w of sh(dataset.warnings)) {
      const districts = (items.find((i) => i.id === w.sourceId) as Json).districts as string[];
      expect(districts.map((d) => (d === '310108' ? '310106' : d))).toEqual(w.areaCodes);
      if (districts.includes('310108')) abolished++;
      else if (w.areaCodes.includes('310106')) kept++;
    }
    expect(abolished).toBeGreaterThan(0);
    expect(kept).toBeGreaterThan(0);
  });

  it('carry reserveTon and kg as exact strings on some records', async () => {
    const enterprises = await listAll('/api/v2/hazmat/enterprises');
    const waybills = await listAll('/api/v2/hazmat/waybills');
    const strings = { reserveTon: 0, kg: 0 };
    for (const e of sh(dataset.enterprises)) {
      const item = enterprises.find((i) => i.id === e.sourceId) as Json;
      (item.chemicals as Json[]).forEach((c, i) => {
        if (typeof c.reserveTon === 'string') strings.reserveTon++;
        expect(Number(c.reserveTon)).toBe(e.chemicals[i].tonnes);
      });
    }
    for (const w of sh(dataset.waybills)) {
      const item = waybills.find((i) => i.waybillNo === w.sourceId) as Json;
      (item.goods as Json[]).forEach((g, i) => {
        if (typeof g.kg === 'string') strings.kg++;
        expect(Number(g.kg)).toBe(w.goods[i].kilograms);
      });
    }
    expect(strings.reserveTon).toBeGreaterThan(0);
    expect(strings.kg).toBeGreaterThan(0);
    const allChemicals = sh(dataset.enterprises).flatMap((e) => e.chemicals).length;
    expect(strings.reserveTon).toBeLessThan(allChemicals / 2);
  });

  it('write some plates with the middle dot, which is not part of the plate', async () => {
    const items = await listAll('/api/v2/hazmat/waybills');
    const dotted = items.filter((i) => String(i.plate).includes('·'));
    expect(dotted.length).toBeGreaterThan(0);
    expect(dotted.length).toBeLessThan(items.length / 2);
    for (const w of sh(dataset.waybills)) {
      const item = items.find((i) => i.waybillNo === w.sourceId) as Json;
      expect(String(item.plate).replace('·', '')).toBe(w.plate);
    }
  });

  it('write a site without a position as null or 0,0, and every other position exactly (WGS-84)', async () => {
    const items = await listAll('/api/v2/hazmat/enterprises');
    const shapes = new Set<string>();
    for (const e of sh(dataset.enterprises)) {
      const loc = (items.find((i) => i.id === e.sourceId) as Json).location;
      if (e.location === null) {
        shapes.add(JSON.stringify(loc));
        expect([null, { lng: 0, lat: 0 }]).toContainEqual(loc);
      } else {
        expect(loc).toEqual(e.location);
      }
    }
    expect(shapes).toEqual(new Set(['null', '{"lng":0,"lat":0}']));
  });
});

describe('records the system holds broken', () => {
  it('render each bad record of the data set corrupted as its defect says', async () => {
    expect(new Set(bad.map((b) => b.defect)).size).toBeGreaterThanOrEqual(3);
    for (const b of bad) {
      const items = (await list(`${COLLECTION_PATHS[b.collection]}?ids=${b.record.sourceId}`)).items;
      expect(items).toHaveLength(1);
      const item = items[0];
      switch (b.defect) {
        case 'INVALID_CREDIT_CODE': {
          const name = { warnings: '', enterprises: 'creditCode', waybills: 'carrierCreditCode', bases: 'creditCode' }[b.collection];
          const code = String(item[name]);
          expect(code).toHaveLength(18);
          expect(isValidCreditCode(code)).toBe(false);
          break;
        }
        case 'UNKNOWN_CODE': {
          const decoders: Record<Coll, () => unknown> = {
            warnings: () => CODE_TABLES.SH.event.decode(item.type as string),
            enterprises: () => CODE_TABLES.SH.majorHazardGrade.decode(item.hazardLevel as string),
            waybills: () => CODE_TABLES.SH.waybillStatus.decode(item.status as string),
            bases: () => CODE_TABLES.SH.baseLevel.decode(item.level as string),
          };
          expect(decoders[b.collection]).toThrow(LegacyDataInvalidError);
          break;
        }
        case 'MISSING_FIELD': {
          const name = { warnings: 'title', enterprises: 'name', waybills: 'plate', bases: 'name' }[b.collection];
          expect(item).not.toHaveProperty(name);
          break;
        }
        case 'UNPARSEABLE_TIME': {
          const name = b.collection === 'warnings' ? 'publishTime' : 'updatedAt';
          expect(() => parseBeijingTime(item[name] as string)).toThrow(LegacyDataInvalidError);
          expect(Number.isNaN(Date.parse(item[name] as string))).toBe(true);
          break;
        }
      }
    }
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
