import { mapBase, mapEnterprise, mapTrackPoint, mapWarning, mapWaybill } from '../../adapters/shanghai/map';
import { adapterFor as configuredAdapter } from '../../adapters';
import { ShanghaiAdapter } from '../../adapters/shanghai';
import { loadLegacySystems } from '../../schema/config/legacy-config';
import { Clock } from '../../adapters/kit/clock';
import { LegacyDataInvalidError, LegacyRejectedError, ProvinceUnavailableError } from '../../adapters/kit/errors';
import type { HttpTuning } from '../../adapters/kit/adapter-options';
import type { Collection } from '../../adapters/kit/province-adapter';
import type { GeoPoint, MutualAidRequestInput } from '../../schema/model';
import { SimClock } from '../../simulators/common/clock';
import type { SimServer } from '../../simulators/common/sim-server';
import { loadDataset } from '../../simulators/dataset';
import { createShanghaiSimulator } from '../../simulators/shanghai';

/**
 * The Shanghai adapter against the real simulator on an ephemeral port, compared record by record
 * with the canonical data set; and its mapping functions on the document's own examples.
 */

const NOW = new Date('2026-07-12T04:00:00Z');
const KEY = 'sh-adapter-test-key';
const dataset = loadDataset({ seed: 'test', now: NOW, scale: 1 });
const sh = <T extends { province: string }>(xs: readonly T[]): T[] => xs.filter((x) => x.province === 'SH');
const bad = dataset.bad.filter((b) => b.province === 'SH');
const FAST: HttpTuning = { timeoutMs: 2000, retries: 2, backoff: { initialMs: 5, maxMs: 20 } };

let simClock: SimClock;
let sim: SimServer;
let url: string;
const adapters: ShanghaiAdapter[] = [];

function adapter(apiKey = KEY, http: HttpTuning = FAST): ShanghaiAdapter {
  const a = new ShanghaiAdapter({ baseUrl: url, credentials: { apiKey }, clock: Clock.startingAt(NOW), http });
  adapters.push(a);
  return a;
}

beforeAll(async () => {
  simClock = new SimClock(NOW);
  sim = createShanghaiSimulator({ dataset, clock: simClock, credentials: { apiKey: KEY } });
  url = await sim.listen(0);
});

afterAll(async () => {
  for (const a of adapters) a.close();
  await sim.close();
});

beforeEach(() => {
  sim.faults.reset();
  sim.calls.reset();
});

/** Metres between two WGS-84 points (haversine). */
function metres(a: GeoPoint, b: GeoPoint): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.sqrt(h));
}

const isPoint = (v: unknown): v is GeoPoint =>
  typeof v === 'object' && v !== null && Object.keys(v).sort().join() === 'lat,lng';

/** Field by field: positions within 1 m, numbers close, everything else equal. */
function expectSame(actual: unknown, expected: unknown, path = '$'): void {
  if (isPoint(expected)) {
    expect(isPoint(actual) ? null : `${path} is not a point`).toBeNull();
    expect(metres(actual as GeoPoint, expected)).toBeLessThan(1);
  } else if (typeof expected === 'number') {
    expect(typeof actual).toBe('number');
    expect(actual as number).toBeCloseTo(expected, 6);
  } else if (Array.isArray(expected)) {
    expect(Array.isArray(actual) ? (actual as unknown[]).length : `${path} is not a list`).toBe(expected.length);
    expected.forEach((e, i) => expectSame((actual as unknown[])[i], e, `${path}[${i}]`));
  } else if (typeof expected === 'object' && expected !== null) {
    expect(typeof actual === 'object' && actual !== null ? Object.keys(actual).sort() : path).toEqual(Object.keys(expected).sort());
    for (const [k, v] of Object.entries(expected)) expectSame((actual as Record<string, unknown>)[k], v, `${path}.${k}`);
  } else {
    expect({ path, value: actual }).toEqual({ path, value: expected });
  }
}

const COLLECTIONS: Collection[] = ['warnings', 'enterprises', 'waybills', 'bases'];
const ENDPOINT: Record<Collection, string> = {
  warnings: 'GET /api/v2/warnings',
  enterprises: 'GET /api/v2/hazmat/enterprises',
  waybills: 'GET /api/v2/hazmat/waybills',
  bases: 'GET /api/v2/rescue/bases',
};
const good = (c: Collection): { sourceId: string; updatedAt: string }[] => sh(dataset[c] as { province: string; sourceId: string; updatedAt: string }[]);
const badIds = (c: Collection): string[] => bad.filter((b) => b.collection === c).map((b) => b.record.sourceId);

describe('pull', () => {
  it.each(COLLECTIONS)('%s: every good canonical record equal field by field, every bad one reported', async (c) => {
    const result = await adapter().pull(c, null);
    const expected = good(c);
    expect(result.records.map((r) => r.sourceId).sort()).toEqual(expected.map((r) => r.sourceId).sort());
    for (const record of expected) expectSame(result.records.find((r) => r.sourceId === record.sourceId), record);
    expect(result.invalid.map((i) => i.sourceId).sort()).toEqual(badIds(c).sort());
    // An enterprise that cannot be mapped still says its credit code, so that a read by credit code can name it.
    const creditCode = c === 'enterprises' ? { creditCode: expect.stringMatching(/^[0-9A-Z]{18}$/) } : {};
    for (const issue of result.invalid) expect(issue).toEqual({ code: 'LEGACY_DATA_INVALID', province: 'SH', sourceId: issue.sourceId, reason: expect.any(String), ...creditCode });
    expect(sim.calls.snapshot()).toEqual({ [ENDPOINT[c]]: 1 });
  });

  it('reports each kind of defect with a reason that names it', async () => {
    const a = adapter();
    const reasons = new Map<string, string>();
    for (const c of COLLECTIONS) for (const i of (await a.pull(c, null)).invalid) reasons.set(i.sourceId, i.reason);
    const pattern = { INVALID_CREDIT_CODE: /credit code/, UNKNOWN_CODE: /unknown/, MISSING_FIELD: /missing/, UNPARSEABLE_TIME: /unparseable time/ };
    for (const b of bad) expect(reasons.get(b.record.sourceId)).toMatch(pattern[b.defect]);
  });

  it('since: only records updated at or after it', async () => {
    const a = adapter();
    const waybills = good('waybills');
    const pivot = waybills[Math.floor(waybills.length / 3)].updatedAt;
    const result = await a.pull('waybills', new Date(pivot));
    const expected = waybills.filter((w) => Date.parse(w.updatedAt) >= Date.parse(pivot)).map((w) => w.sourceId);
    expect(result.records.map((r) => r.sourceId).sort()).toEqual(expected.sort());
    expect(result.records.length).toBeLessThan(waybills.length);

    const later = new Date(Date.parse(pivot) + 500);
    const strict = await a.pull('waybills', later);
    expect(strict.records.every((r) => Date.parse(r.updatedAt) >= later.getTime())).toBe(true);

    expect((await a.pull('warnings', new Date(NOW.getTime() + 3600_000))).records).toEqual([]);
  });

  it('since: sees a record changed in the system after the last pull', async () => {
    const a = adapter();
    const before = simClock.now();
    const target = good('enterprises')[0].sourceId;
    await fetch(`${url}/__sim/touch`, { method: 'POST', body: JSON.stringify({ collection: 'enterprises', sourceId: target, patch: { contactPhone: '021-12345678' } }) });
    const result = await a.pull('enterprises', new Date(Math.floor(before.getTime() / 1000) * 1000));
    expect(result.records).toHaveLength(1);
    expect(result.records[0]).toMatchObject({ sourceId: target, contactPhone: '021-12345678' });
  });
});

describe('pull across pages (scale 5)', () => {
  const big = loadDataset({ seed: 'test', now: NOW, scale: 5 });
  const waybills = sh(big.waybills);
  const badWaybills = big.bad.filter((b) => b.province === 'SH' && b.collection === 'waybills').map((b) => b.record.sourceId);
  let bigSim: SimServer;
  let bigUrl: string;

  beforeAll(async () => {
    bigSim = createShanghaiSimulator({ dataset: big, clock: new SimClock(NOW), credentials: { apiKey: KEY } });
    bigUrl = await bigSim.listen(0);
  });
  afterAll(() => bigSim.close());

  it('pages of 500 to the end', async () => {
    expect(waybills.length + badWaybills.length).toBeGreaterThan(500);
    const a = new ShanghaiAdapter({ baseUrl: bigUrl, credentials: { apiKey: KEY }, clock: Clock.startingAt(NOW), http: FAST });
    adapters.push(a);
    const result = await a.pull('waybills', null);
    expect(result.records.map((r) => r.sourceId).sort()).toEqual(waybills.map((w) => w.sourceId).sort());
    expect(result.invalid.map((i) => i.sourceId).sort()).toEqual([...badWaybills].sort());
    expect(bigSim.calls.snapshot()).toEqual({ 'GET /api/v2/hazmat/waybills': 2 });
  });

  it('neither skips nor repeats a record when one changes between two pages', async () => {
    const oldest = waybills[0].sourceId;
    let touched: Promise<Response> | undefined;
    const a = new ShanghaiAdapter({
      baseUrl: bigUrl,
      credentials: { apiKey: KEY },
      clock: Clock.startingAt(NOW),
      // one request per 550 ms, so the change below lands between the first page and the next request
      http: {
        ...FAST,
        rateLimit: { perSecond: 2, concurrency: 1 },
        onCall: () => {
          touched ??= fetch(`${bigUrl}/__sim/touch`, { method: 'POST', body: JSON.stringify({ collection: 'waybills', sourceId: oldest }) });
        },
      },
    });
    adapters.push(a);
    const result = await a.pull('waybills', null);
    await touched;
    const ids = result.records.map((r) => r.sourceId);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(waybills.map((w) => w.sourceId).sort());
    expect(result.invalid.map((i) => i.sourceId).sort()).toEqual([...badWaybills].sort());
    expect(Date.parse(result.records.find((r) => r.sourceId === oldest)?.updatedAt ?? '')).toBeGreaterThan(Date.parse(waybills[0].updatedAt));
  });
});

describe('get', () => {
  it('reads 100 ids per call, the fewest calls, leaving unknown ids out', async () => {
    const ids = [...good('waybills').map((w) => w.sourceId), ...badIds('waybills'), 'YD310000199901010001', 'YD310000199901010002'];
    expect(ids.length).toBeGreaterThan(100);
    expect(ids.length).toBeLessThanOrEqual(200);
    const result = await adapter().get('waybills', ids);
    expect(sim.calls.snapshot()).toEqual({ 'GET /api/v2/hazmat/waybills': 2 });
    expect(result.records).toHaveLength(good('waybills').length);
    for (const w of good('waybills')) expectSame(result.records.find((r) => r.sourceId === w.sourceId), w);
    expect(result.invalid.map((i) => i.sourceId).sort()).toEqual(badIds('waybills').sort());
  });

  it('reads a few ids in one call, and none in no call', async () => {
    const a = adapter();
    const bases = good('bases').slice(0, 3);
    const result = await a.get('bases', [...bases.map((b) => b.sourceId), bases[0].sourceId]);
    expect(result.records.map((r) => r.sourceId).sort()).toEqual(bases.map((b) => b.sourceId).sort());
    expect(await a.get('warnings', [])).toEqual({ records: [], invalid: [] });
    expect(sim.calls.total()).toBe(1);
  });
});

describe('track', () => {
  const points = sh(dataset.trackPoints);
  const counts = new Map<string, number>();
  for (const p of points) counts.set(p.plate, (counts.get(p.plate) ?? 0) + 1);
  const plate = [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
  const mine = points.filter((p) => p.plate === plate);

  it("equals the data set's SH points of the plate, in one call", async () => {
    const result = await adapter().track(plate, new Date(mine[0].at), new Date(mine[mine.length - 1].at));
    expect(result.invalid).toEqual([]);
    expectSame(result.records, mine);
    expect(sim.calls.snapshot()).toEqual({ 'GET /api/v2/hazmat/vehicles/:plate/tracks': 1 });
  });

  it('keeps to [from, to] and accepts a plate written with its dot', async () => {
    const from = new Date(Date.parse(mine[2].at) - 1);
    const to = new Date(mine[5].at);
    const result = await adapter().track(`${plate.slice(0, 2)}·${plate.slice(2)}`, from, to);
    expectSame(result.records, mine.slice(2, 6));
  });

  it('answers no points for a vehicle Shanghai never saw', async () => {
    expect(await adapter().track('沪Z00000', new Date('2026-01-01T00:00:00Z'), NOW)).toEqual({ records: [], invalid: [] });
  });
});

describe('mutual aid', () => {
  const base = sh(dataset.bases).find((b) => b.teams.length > 0 && b.materials.length > 0) as (typeof dataset.bases)[number];
  const input = (over: Partial<MutualAidRequestInput> = {}): MutualAidRequestInput => ({
    clientRequestId: 'adapter-req-1',
    baseId: base.id,
    fromProvince: 'ZJ',
    incident: { title: '槽罐车侧翻', location: { lng: 121.2, lat: 30.9 }, occurredAt: '2026-07-12T03:30:00Z' },
    teamIds: [base.teams[0].id],
    materials: [{ code: base.materials[0].code, quantity: Math.min(1, base.materials[0].quantity) }],
    contact: '浙江省应急管理厅',
    ...over,
  });
  const held = async (): Promise<Record<string, unknown>[]> => ((await (await fetch(`${url}/__sim/mutual-aid`)).json()) as { items: Record<string, unknown>[] }).items;

  it('submits with the Idempotency-Key, WGS-84 coordinates and legacy ids, then reads the status', async () => {
    const a = adapter();
    const created = await a.submitMutualAid(input());
    expect(created).toEqual({
      id: `SH:MutualAidRequest:${created.sourceId}`,
      province: 'SH',
      sourceId: expect.stringMatching(/^SHR-\d{8}-\d{4}$/),
      clientRequestId: 'adapter-req-1',
      baseId: base.id,
      fromProvince: 'ZJ',
      status: 'SUBMITTED',
      updatedAt: expect.stringMatching(/\+08:00$/),
    });
    const stored = (await held()).find((r) => r.requestId === created.sourceId);
    expect(stored).toMatchObject({
      idempotencyKey: 'adapter-req-1',
      baseId: base.sourceId,
      teams: [base.teams[0].sourceId],
      incident: { title: '槽罐车侧翻', lng: 121.2, lat: 30.9, occurredAt: '2026-07-12T11:30:00+08:00' },
    });
    expect(await a.getMutualAid(created.sourceId)).toEqual({
      id: created.id,
      province: 'SH',
      sourceId: created.sourceId,
      status: 'SUBMITTED',
      updatedAt: expect.stringMatching(/\+08:00$/),
    });
  });

  it('a repeat answers the first request and creates nothing', async () => {
    const a = adapter();
    const first = await a.submitMutualAid(input({ clientRequestId: 'adapter-req-2' }));
    const count = (await held()).length;
    const again = await a.submitMutualAid(input({ clientRequestId: 'adapter-req-2' }));
    expect(again.sourceId).toBe(first.sourceId);
    expect(await held()).toHaveLength(count);
  });

  it('reads a seeded request, and null for an unknown one', async () => {
    const seeded = sh(dataset.mutualAidRequests)[0];
    expect(await adapter().getMutualAid(seeded.sourceId)).toEqual({
      id: seeded.id, province: 'SH', sourceId: seeded.sourceId, status: seeded.status, updatedAt: seeded.updatedAt,
    });
    expect(await adapter().getMutualAid('SHR-19990101-0001')).toBeNull();
  });

  it('a write refused for bad input is LegacyRejectedError, sent once', async () => {
    const tooMuch = input({ clientRequestId: 'adapter-req-3', materials: [{ code: base.materials[0].code, quantity: base.materials[0].quantity + 1 }] });
    await expect(adapter().submitMutualAid(tooMuch)).rejects.toBeInstanceOf(LegacyRejectedError);
    await expect(adapter().submitMutualAid(input({ clientRequestId: 'adapter-req-4', baseId: 'JS:RescueBase:JSB0001' }))).rejects.toBeInstanceOf(LegacyRejectedError);
    expect(sim.calls.snapshot()).toEqual({ 'POST /api/v2/rescue/requests': 1 });
  });

  it('a write is never retried on a 5xx', async () => {
    sim.faults.set({ errorRate: 1 });
    await expect(adapter().submitMutualAid(input({ clientRequestId: 'adapter-req-5' }))).rejects.toBeInstanceOf(ProvinceUnavailableError);
    expect(sim.calls.snapshot()).toEqual({ 'POST /api/v2/rescue/requests': 1 });
  });
});

describe('failures', () => {
  it('a wrong API key is ProvinceUnavailableError after one call', async () => {
    await expect(adapter('not-the-key').pull('warnings', null)).rejects.toMatchObject({ name: 'ProvinceUnavailableError', province: 'SH', code: 'PROVINCE_UNAVAILABLE' });
    expect(sim.calls.total()).toBe(1);
  });

  it('a 5xx on a read is retried', async () => {
    sim.faults.set({ errorRate: 0.5 });
    const a = adapter();
    await a.pull('bases', null);
    const result = await a.pull('bases', null);
    expect(result.records).toHaveLength(good('bases').length);
    expect(sim.calls.snapshot()).toEqual({ 'GET /api/v2/rescue/bases': 3 });
  });

  it('a system that keeps failing is ProvinceUnavailableError after the retries', async () => {
    sim.faults.set({ errorRate: 1 });
    await expect(adapter().pull('bases', null)).rejects.toBeInstanceOf(ProvinceUnavailableError);
    expect(sim.calls.total()).toBe(3);
  });

  it('a malformed body or a dropped connection is ProvinceUnavailableError', async () => {
    sim.faults.set({ malformedRate: 1 });
    await expect(adapter().pull('warnings', null)).rejects.toBeInstanceOf(ProvinceUnavailableError);
    sim.faults.set({ malformedRate: 0, down: true });
    await expect(adapter().get('warnings', ['SHW-1'])).rejects.toBeInstanceOf(ProvinceUnavailableError);
  });

  it('honours 429 Retry-After', async () => {
    await fetch(`${url}/__sim/rate-limit`, { method: 'POST', body: JSON.stringify({ limit: 1, windowMs: 1000 }) });
    try {
      const a = adapter();
      await a.getMutualAid('SHR-19990101-0001');
      const started = Date.now();
      expect(await a.getMutualAid('SHR-19990101-0001')).toBeNull();
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    } finally {
      await fetch(`${url}/__sim/rate-limit`, { method: 'POST', body: '{}' });
    }
  });
});

describe('quirks, through the adapter', () => {
  it('maps the abolished 310108 to 310106', async () => {
    const raw = (await (await fetch(`${url}/api/v2/warnings?pageSize=500`, { headers: { 'x-api-key': KEY } })).json()) as { items: { id: string; districts: string[] }[] };
    const zhabei = raw.items.filter((w) => w.districts.includes('310108')).map((w) => w.id);
    expect(zhabei.length).toBeGreaterThan(0);
    const records = (await adapter().get('warnings', zhabei)).records;
    expect(records).toHaveLength(zhabei.length);
    for (const r of records) {
      expect(r.areaCodes).toContain('310106');
      expect(r.areaCodes).not.toContain('310108');
    }
  });

  it('parses numbers written as strings', async () => {
    const raw = (await (await fetch(`${url}/api/v2/hazmat/enterprises?pageSize=500`, { headers: { 'x-api-key': KEY } })).json()) as {
      items: { id: string; chemicals: { reserveTon: unknown }[] }[];
    };
    const stringy = raw.items.filter((e) => e.chemicals.some((c) => typeof c.reserveTon === 'string')).map((e) => e.id);
    expect(stringy.length).toBeGreaterThan(0);
    const records = (await adapter().get('enterprises', stringy)).records;
    for (const r of records) expectSame(r.chemicals, sh(dataset.enterprises).find((e) => e.sourceId === r.sourceId)?.chemicals);
  });
});

describe("mapping the document's own examples", () => {
  const warning = {
    id: 'SHW-20260712-0031', type: '台风', color: '橙色', msgType: 'Update',
    refId: 'SHW-20260711-0027', title: '上海中心气象台台风橙色预警',
    content: '受台风影响…', guide: '停止户外集体活动…', publisher: '上海中心气象台',
    publishTime: '2026-07-12T08:30:00+08:00', effectiveTime: '2026-07-12T09:00:00+08:00',
    expireTime: '2026-07-13T09:00:00+08:00', districts: ['310115', '310118'],
    updatedAt: '2026-07-12T08:31:02+08:00',
  };

  it('a warning', () => {
    expect(mapWarning(warning)).toEqual({
      id: 'SH:Warning:SHW-20260712-0031', province: 'SH', sourceId: 'SHW-20260712-0031',
      event: 'TYPHOON', level: 'ORANGE', messageType: 'UPDATE', supersedesId: 'SH:Warning:SHW-20260711-0027',
      headline: '上海中心气象台台风橙色预警', description: '受台风影响…', instruction: '停止户外集体活动…', issuer: '上海中心气象台',
      issuedAt: '2026-07-12T08:30:00+08:00', effectiveAt: '2026-07-12T09:00:00+08:00', expiresAt: '2026-07-13T09:00:00+08:00',
      areaCodes: ['310115', '310118'], updatedAt: '2026-07-12T08:31:02+08:00',
    });
  });

  it('a warning naming the abolished Zhabei district, and one without its refId', () => {
    expect(mapWarning({ ...warning, districts: ['310108', '310115'] }).areaCodes).toEqual(['310106', '310115']);
    expect(mapWarning({ ...warning, districts: ['310108', '310106'] }).areaCodes).toEqual(['310106']);
    expect(() => mapWarning({ ...warning, refId: undefined })).toThrow(LegacyDataInvalidError);
    expect(() => mapWarning({ ...warning, color: '紫色' })).toThrow(/unknown color/);
  });

  const enterprise = {
    id: 'SHE-000412', name: '上海某石化有限公司', creditCode: '91310116XXXXXXXXXX',
    districtCode: '310116', location: { lng: 121.33, lat: 30.72 }, hazardLevel: '二级',
    chemicals: [{ unNo: '1203', name: '汽油', cls: '3', reserveTon: 1200.5 }],
    contactPhone: '021-5794xxxx', updatedAt: '2026-07-12T08:31:02+08:00',
  };
  const validCode = sh(dataset.enterprises)[0].creditCode;

  it("an enterprise; the example's placeholder credit code is not a valid one", () => {
    expect(() => mapEnterprise(enterprise)).toThrow(/credit code/);
    expect(mapEnterprise({ ...enterprise, creditCode: validCode, chemicals: [{ ...enterprise.chemicals[0], reserveTon: '1200.5' }] })).toEqual({
      id: 'SH:HazmatEnterprise:SHE-000412', province: 'SH', sourceId: 'SHE-000412', creditCode: validCode,
      name: '上海某石化有限公司', divisionCode: '310116', location: { lng: 121.33, lat: 30.72 }, majorHazardGrade: 'GRADE_2',
      chemicals: [{ unNumber: '1203', name: '汽油', hazardClass: 'CLASS_3', tonnes: 1200.5 }],
      contactPhone: '021-5794xxxx', updatedAt: '2026-07-12T08:31:02+08:00',
    });
  });

  it('an enterprise that is not a major hazard installation, or never geocoded', () => {
    const e = mapEnterprise({ ...enterprise, creditCode: validCode, hazardLevel: null, location: { lng: 0, lat: 0 } });
    expect(e.majorHazardGrade).toBeNull();
    expect(e.location).toBeNull();
    const { hazardLevel: _omitted, ...withoutGrade } = { ...enterprise, creditCode: validCode };
    expect(() => mapEnterprise(withoutGrade)).toThrow(/missing hazardLevel/);
  });

  it('a waybill: the plate without its dot, kg as a string', () => {
    const carrier = sh(dataset.waybills)[0].carrierCreditCode as string;
    const w = mapWaybill({
      waybillNo: 'YD310000202607120001', plate: '沪A·D1234', carrierCreditCode: carrier,
      origin: { name: '上海某石化有限公司', creditCode: validCode, districtCode: '310116' },
      dest: { name: '南京某化工', creditCode: null, districtCode: '320117' },
      goods: [{ unNo: '1203', name: '汽油', cls: '3', pg: 'II', kg: '28000' }],
      departTime: '2026-07-12T08:00:00+08:00', status: '在途', updatedAt: '2026-07-12T08:31:02+08:00',
    });
    expect(w).toMatchObject({
      id: 'SH:Waybill:YD310000202607120001', number: 'YD310000202607120001', plate: '沪AD1234', status: 'IN_TRANSIT',
      destination: { name: '南京某化工', creditCode: null, divisionCode: '320117' },
      goods: [{ unNumber: '1203', name: '汽油', hazardClass: 'CLASS_3', packingGroup: 'II', kilograms: 28000 }],
    });
  });

  it('a base with its teams as global ids', () => {
    const b = mapBase({
      id: 'SHB-0007', name: '国家危险化学品应急救援上海基地', level: '国家级', creditCode: null, districtCode: '310116',
      location: { lng: 121.33, lat: 30.72 }, capabilities: ['危化品', '水域'],
      teams: [{ id: 'SHT-0031', name: '一队', members: 120, specialty: '危化品' }],
      materials: [{ code: 'FH-001', name: '防化服', qty: 300, unit: '套' }], onDuty: true, phone: '021-0000', updatedAt: '2026-07-12T08:31:02+08:00',
    });
    expect(b).toMatchObject({
      id: 'SH:RescueBase:SHB-0007', level: 'NATIONAL', capabilities: ['HAZMAT', 'WATER'],
      teams: [{ id: 'SH:RescueTeam:SHT-0031', sourceId: 'SHT-0031', name: '一队', members: 120, specialty: 'HAZMAT' }],
      materials: [{ code: 'FH-001', name: '防化服', quantity: 300, unit: '套' }], onDuty: true, dutyPhone: '021-0000',
    });
  });

  it('a track point; one without a position in China is invalid', () => {
    expect(mapTrackPoint('沪AD1234', { lng: 121.4737, lat: 31.2304, ts: '2026-07-12T08:30:00+08:00', speed: 62.5 })).toEqual({
      plate: '沪AD1234', at: '2026-07-12T08:30:00+08:00', location: { lng: 121.4737, lat: 31.2304 }, speedKmh: 62.5, province: 'SH',
    });
    expect(() => mapTrackPoint('沪AD1234', { lng: 0, lat: 0, ts: '2026-07-12T08:30:00+08:00', speed: 0 })).toThrow(LegacyDataInvalidError);
  });
});

describe('configuration', () => {
  it('reads LEGACY_SH_URL and LEGACY_SH_API_KEY', async () => {
    const a = configuredAdapter('SH', loadLegacySystems({ LEGACY_SH_URL: url, LEGACY_SH_API_KEY: KEY }), Clock.startingAt(NOW), FAST) as ShanghaiAdapter;
    adapters.push(a);
    expect(a.province).toBe('SH');
    expect(a.system).toBe('SH api/v2');
    expect((await a.get('bases', [good('bases')[0].sourceId])).records).toHaveLength(1);
  });
});
