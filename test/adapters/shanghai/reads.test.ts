import { ShanghaiAdapter } from '../../../adapters/shanghai';
import { Clock } from '../../../adapters/kit/clock';
import { SimClock } from '../../../simulators/common/clock';
import type { SimServer } from '../../../simulators/common/sim-server';
import { loadDataset } from '../../support/test-dataset';
import { createShanghaiSimulator } from '../../../simulators/shanghai';
import { adapter, adapters, bad, badIds, beforeEachTest, COLLECTIONS, dataset, ENDPOINT, expectSame, FAST, good, KEY, NOW, setUp, sh, sim, simClock, tearDown, url } from './harness';

beforeAll(setUp);
afterAll(tearDown);
beforeEach(beforeEachTest);

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
