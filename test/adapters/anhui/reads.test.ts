import { AnhuiAdapter } from '../../../adapters/anhui';
import { Clock } from '../../../adapters/kit/clock';
import { ProvinceUnavailableError } from '../../../adapters/kit/errors';
import { adapter, adapters, admin, afterEachTest, ah, badOf, byId, calls, credentials, dataset, expectSame, type HeldRecord, NOW, setUp, tearDown, throttled, url } from './harness';

beforeAll(setUp);
afterAll(tearDown);
afterEach(afterEachTest);

describe('pull', () => {
  it.each(['warnings', 'enterprises', 'waybills', 'bases'] as const)(
    'returns every good %s record of AH equal to the data set, and reports every defective one as LEGACY_DATA_INVALID',
    async (collection) => {
      const { records, invalid } = await adapter().pull(collection, null);
      const expected = byId(ah(dataset[collection] as readonly HeldRecord[]) as { sourceId: string }[]);
      expect(byId(records).map((r) => r.sourceId)).toEqual(expected.map((r) => r.sourceId));
      expectSame(byId(records), expected);
      expect(invalid.map((i) => i.sourceId).sort()).toEqual(badOf(collection).map((b) => b.record.sourceId).sort());
      for (const issue of invalid) expect(issue).toMatchObject({ code: 'LEGACY_DATA_INVALID', province: 'AH', reason: expect.any(String) });
    },
  );

  it('pulls incrementally: only the records updated at or after `since`', async () => {
    const all = ah(dataset.enterprises);
    const since = new Date([...all].sort((a, b) => Date.parse(a.updatedAt) - Date.parse(b.updatedAt))[Math.floor(all.length * 0.7)].updatedAt);
    const { records } = await adapter().pull('enterprises', since);
    expect(byId(records).map((r) => r.sourceId)).toEqual(byId(all.filter((e) => Date.parse(e.updatedAt) >= since.getTime())).map((e) => e.sourceId));
    expect(records.length).toBeGreaterThan(0);
  });

  it('keeps names outside GB2312 (堃, 喆) intact through GBK', async () => {
    const { records } = await adapter().pull('bases', null);
    for (const ch of ['堃', '喆']) {
      const expected = ah(dataset.bases).filter((b) => b.name.includes(ch)).map((b) => b.name);
      expect(expected.length).toBeGreaterThan(0);
      expect(records.filter((b) => b.name.includes(ch)).map((b) => b.name)).toEqual(expected);
    }
  });

  it('reads YJJB downwards, packed strings and JSON inside JSON into the contract', async () => {
    const { records: warnings } = await adapter().pull('warnings', null);
    const red = ah(dataset.warnings).find((w) => w.level === 'RED');
    expect(warnings.find((w) => w.sourceId === red?.sourceId)?.level).toBe('RED');
    const { records: bases } = await adapter().pull('bases', null);
    const withTeams = ah(dataset.bases).find((b) => b.teams.length > 2) as (typeof dataset.bases)[number];
    expect(bases.find((b) => b.sourceId === withTeams.sourceId)?.teams).toEqual(withTeams.teams);
  });

  it('misses nothing when a record changes between two pages of the same pull (the pages after it are read again by GXSJ)', async () => {
    // In the first page, and not one that later tests compare field by field.
    const moved = [...ah(dataset.enterprises)].sort((a, b) => Date.parse(a.updatedAt) - Date.parse(b.updatedAt))[45];
    let touched: Promise<unknown> | null = null;
    const a = adapter({
      onCall: (info) => {
        if (info.endpoint === 'GET /ahyj/api/whp/qyxx/list' && touched === null) {
          touched = admin('/__sim/touch', { collection: 'enterprises', sourceId: moved.sourceId, patch: { contactPhone: '0551-87654321' } });
        }
      },
    });
    // The next page is held 300 ms at the system, so it is read after the change.
    await admin('/__sim/faults', { latencyMs: 300, paths: ['/ahyj/api/whp/qyxx/list'] });
    const { records } = await a.pull('enterprises', null);
    await touched;
    expect(byId(records).map((r) => r.sourceId)).toEqual(byId(ah(dataset.enterprises)).map((r) => r.sourceId));
    expect(records.find((r) => r.sourceId === moved.sourceId)?.contactPhone).toBe('0551-87654321');
  });

  it('uses the largest page (50) and pulls every page once when nothing changes', async () => {
    await admin('/__sim/calls/reset', {});
    const a = adapter();
    await a.pull('waybills', null);
    const list = (await calls())['GET /ahyj/api/whp/ydxx/list'];
    const held = ah(dataset.waybills).length + badOf('waybills').length;
    expect(list).toBe(Math.ceil(held / 50));
  });

  it('says its copy is as of its last page request (every change made before it was seen), not its first', async () => {
    await admin('/__sim/faults', { latencyMs: 150 });
    try {
      const clock = Clock.startingAt(NOW);
      const a = new AnhuiAdapter({ baseUrl: url, credentials, clock });
      adapters.push(a);
      await a.pull('waybills', null);
      const before = clock.now().getTime();
      const pulled = await a.pull('waybills', null);
      const after = clock.now().getTime();
      const asOf = (pulled.asOf as Date).getTime();
      // Three pages, one after another: two answered before the last request went out, which took its own latency.
      expect(asOf - before).toBeGreaterThanOrEqual(2 * 150 - 20);
      expect(after - asOf).toBeGreaterThanOrEqual(150 - 20);
    } finally {
      await admin('/__sim/faults/reset', {});
    }
  });
});

describe('get', () => {
  it('reads one record at a time through detail: one call per distinct id, unknown ids left out, defective ones reported', async () => {
    const a = adapter();
    await a.pull('warnings', null);
    const good = ah(dataset.bases).slice(0, 3);
    const bad = badOf('bases')[0].record;
    await admin('/__sim/calls/reset', {});
    const { records, invalid } = await a.get('bases', [good[0].sourceId, good[1].sourceId, good[0].sourceId, 'AHJD9999', bad.sourceId, good[2].sourceId]);
    expectSame(byId(records), byId(good));
    expect(invalid.map((i) => i.sourceId)).toEqual([bad.sourceId]);
    expect(await calls()).toEqual({ 'GET /ahyj/api/jydw/jdxx/detail': 5 });
  });

  it.each(['warnings', 'enterprises', 'waybills'] as const)('reads %s by id equal to the data set', async (collection) => {
    const wanted = ah(dataset[collection] as readonly HeldRecord[]).slice(5, 8) as { sourceId: string }[];
    const { records } = await adapter().get(collection, wanted.map((r) => r.sourceId));
    expectSame(byId(records), byId(wanted));
  });

  it('does not ask for warning ids that cannot exist (ahyj warning ids are integers)', async () => {
    const a = adapter();
    await a.get('warnings', [ah(dataset.warnings)[0].sourceId]);
    await admin('/__sim/calls/reset', {});
    expect((await a.get('warnings', ['not-a-number'])).records).toEqual([]);
    expect(await calls()).toEqual({});
  });

  it('paces 20 detail reads under 5 a second: no 429 at the simulator, no sooner than the limit allows (3 s)', async () => {
    const a = adapter();
    const ids = ah(dataset.enterprises).slice(0, 20).map((e) => e.sourceId);
    const before = await throttled();
    const started = Date.now();
    const { records } = await a.get('enterprises', ids);
    const took = Date.now() - started;
    expect(records).toHaveLength(20);
    expect((await throttled()) - before).toBe(0);
    expect(took).toBeGreaterThanOrEqual(3000);
    expect(took).toBeLessThan(7000);
  });

  it('without the limiter, a burst of detail reads is refused with 429 by the simulator', async () => {
    const a = adapter({ rateLimit: undefined, retries: 0 });
    const before = await throttled();
    await expect(a.get('enterprises', ah(dataset.enterprises).slice(20, 40).map((e) => e.sourceId))).rejects.toBeInstanceOf(ProvinceUnavailableError);
    expect((await throttled()) - before).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 1100));
  });
});

describe('track', () => {
  it("equals the data set's points recorded in Anhui for the plate, paged to the end", async () => {
    const points = ah(dataset.trackPoints);
    const counts = new Map<string, number>();
    for (const p of points) counts.set(p.plate, (counts.get(p.plate) ?? 0) + 1);
    const [plate] = [...counts.entries()].sort((x, y) => y[1] - x[1])[0];
    const mine = points.filter((p) => p.plate === plate);
    await admin('/__sim/calls/reset', {});
    const { records, invalid } = await adapter().track(plate, new Date(Date.parse(mine[0].at) - 60_000), new Date(Date.parse(mine[mine.length - 1].at) + 60_000));
    expect(invalid).toEqual([]);
    expectSame(records, mine);
    expect((await calls())['GET /ahyj/api/whp/clgj']).toBe(Math.floor(mine.length / 50) + 1);
  });

  it('limits the track to [from, to]', async () => {
    const points = ah(dataset.trackPoints);
    const plate = points[0].plate;
    const mine = points.filter((p) => p.plate === plate);
    const { records } = await adapter().track(plate, new Date(mine[1].at), new Date(mine[3].at));
    expect(records.map((p) => p.at)).toEqual(mine.slice(1, 4).map((p) => p.at));
  });
});
