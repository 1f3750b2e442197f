import { AnhuiAdapter } from '../../adapters/anhui';
import type { HttpTuning } from '../../adapters/kit/adapter-options';
import { Clock } from '../../adapters/kit/clock';
import { LegacyRejectedError, ProvinceUnavailableError } from '../../adapters/kit/errors';
import type { Collection } from '../../adapters/kit/province-adapter';
import type { GeoPoint, MutualAidRequestInput } from '../../schema/model';
import { createAnhuiSimulator } from '../../simulators/anhui';
import { SimClock } from '../../simulators/common/clock';
import type { SimServer } from '../../simulators/common/sim-server';
import { loadDataset } from '../../simulators/dataset';

const NOW = new Date('2026-07-12T04:00:00Z');
const dataset = loadDataset({ seed: 'test', now: NOW, scale: 1 });
const credentials = { user: 'demo', password: 'demo-ah-password' };

let clock: SimClock;
let sim: SimServer;
let url: string;
const adapters: AnhuiAdapter[] = [];

function adapter(http?: HttpTuning, password = credentials.password): AnhuiAdapter {
  const a = new AnhuiAdapter({ baseUrl: url, credentials: { ...credentials, password }, clock: Clock.startingAt(NOW), http });
  adapters.push(a);
  return a;
}

const admin = async <T>(path: string, body?: unknown): Promise<T> => {
  const res = await fetch(`${url}${path}`, { method: body === undefined ? 'GET' : 'POST', body: body === undefined ? undefined : JSON.stringify(body) });
  return (await res.json()) as T;
};
const calls = async (): Promise<Record<string, number>> => (await admin<{ calls: Record<string, number> }>('/__sim/calls')).calls;
const throttled = async (): Promise<number> => (await admin<{ total: number }>('/__sim/throttled')).total;

type HeldRecord = { province: string; sourceId: string; updatedAt: string };
const ah = <T extends { province: string }>(xs: readonly T[]): T[] => xs.filter((x) => x.province === 'AH');
const badOf = (collection: Collection) => dataset.bad.filter((b) => b.province === 'AH' && b.collection === collection);
const byId = <T extends { sourceId: string }>(xs: readonly T[]): T[] => [...xs].sort((a, b) => (a.sourceId < b.sourceId ? -1 : 1));

function metres(a: GeoPoint, b: GeoPoint): number {
  const k = 111_320;
  return Math.hypot((a.lng - b.lng) * k * Math.cos((a.lat * Math.PI) / 180), (a.lat - b.lat) * k);
}

/** Field by field: positions within 1 m, other numbers close, everything else equal. */
function expectSame(actual: unknown, expected: unknown, path = 'record'): void {
  if (expected !== null && typeof expected === 'object' && 'lng' in expected && 'lat' in expected) {
    expect(actual).not.toBeNull();
    if (metres(actual as GeoPoint, expected as GeoPoint) >= 1) throw new Error(`${path}: ${JSON.stringify(actual)} is not within 1 m of ${JSON.stringify(expected)}`);
    return;
  }
  if (typeof expected === 'number') {
    expect(typeof actual).toBe('number');
    expect(actual as number).toBeCloseTo(expected, 6);
    return;
  }
  if (Array.isArray(expected)) {
    expect(Array.isArray(actual)).toBe(true);
    expect((actual as unknown[]).length).toBe(expected.length);
    expected.forEach((e, i) => expectSame((actual as unknown[])[i], e, `${path}[${i}]`));
    return;
  }
  if (expected !== null && typeof expected === 'object') {
    expect(Object.keys(actual as object).sort()).toEqual(Object.keys(expected).sort());
    for (const [k, v] of Object.entries(expected)) expectSame((actual as Record<string, unknown>)[k], v, `${path}.${k}`);
    return;
  }
  if (actual !== expected) throw new Error(`${path}: ${JSON.stringify(actual)} !== ${JSON.stringify(expected)}`);
}

beforeAll(async () => {
  clock = new SimClock(NOW);
  sim = createAnhuiSimulator({ dataset, clock, credentials });
  url = await sim.listen(0);
});

afterAll(async () => {
  for (const a of adapters) a.close();
  await sim.close();
});

afterEach(async () => {
  await admin('/__sim/faults/reset', {});
});

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

describe('mutual aid', () => {
  const base = ah(dataset.bases).find((b) => b.teams.length > 0 && b.materials.length > 0) as (typeof dataset.bases)[number];
  const input = (over: Partial<MutualAidRequestInput> = {}): MutualAidRequestInput => ({
    clientRequestId: '7d1c8f0e-1111-4222-a333-444455556666',
    baseId: base.id,
    fromProvince: 'ZJ',
    incident: { title: '杭州湾化工园区火灾（喆）', location: { lng: 121.1234567, lat: 30.3456789 }, occurredAt: '2026-07-12T11:05:00+08:00' },
    teamIds: [base.teams[0].id],
    materials: [{ code: base.materials[0].code, quantity: 1 }],
    contact: '王堃 13900000000',
    ...over,
  });

  it('submits through zyqq/add (WGS-84 decimal, crid in bz) and reads the status back', async () => {
    const a = adapter();
    const created = await a.submitMutualAid(input());
    expect(created).toMatchObject({ province: 'AH', clientRequestId: input().clientRequestId, baseId: base.id, fromProvince: 'ZJ', status: 'SUBMITTED' });
    expect(created.id).toBe(`AH:MutualAidRequest:${created.sourceId}`);
    const stored = (await admin<{ qqbh: string; jdbh: string; sjbt: string; contact: string; remark: string; location: GeoPoint; teams: string[]; occurredAt: string }[]>('/__sim/mutual-aid')).find((r) => r.qqbh === created.sourceId);
    expect(stored).toMatchObject({ jdbh: base.sourceId, sjbt: '杭州湾化工园区火灾（喆）', contact: '王堃 13900000000', remark: `crid:${input().clientRequestId}`, teams: [base.teams[0].sourceId], occurredAt: '2026-07-12T11:05:00+08:00' });
    expect(metres(stored?.location as GeoPoint, input().incident.location)).toBeLessThan(0.05);

    expect(await a.getMutualAid(created.sourceId)).toEqual({ id: created.id, province: 'AH', sourceId: created.sourceId, status: 'SUBMITTED', updatedAt: created.updatedAt });
    expect(await a.getMutualAid('AHQQ999999')).toBeNull();
    const listed = await a.listMutualAid(base.sourceId, new Date(NOW.getTime() - 3600_000));
    expect(listed).toContainEqual({ sourceId: created.sourceId, remark: `crid:${input().clientRequestId}`, status: 'SUBMITTED', updatedAt: created.updatedAt });
  });

  it('declares no idempotency but a lookup by clientRequestId, which finds the request its remark names and no other', async () => {
    const a = adapter();
    expect(a.writeGuarantee.kind).toBe('lookup-by-client-request-id');
    if (a.writeGuarantee.kind !== 'lookup-by-client-request-id') return;
    const crid = 'lookup-0000-4000-a000-000000000001';
    const created = await a.submitMutualAid(input({ clientRequestId: crid }));
    const since = new Date(NOW.getTime() - 3600_000);
    expect(await a.writeGuarantee.find(crid, base.id, since)).toEqual([{ sourceId: created.sourceId, status: 'SUBMITTED', updatedAt: created.updatedAt }]);
    expect(await a.writeGuarantee.find(crid.replace(/1$/, '2'), base.id, since)).toEqual([]);
  });

  it('holds the remark (bz) to its 200 characters with the clientRequestId inside: 195 characters go, 196 are refused unsent', async () => {
    const a = adapter();
    const fits = 'r'.repeat(195);
    const created = await a.submitMutualAid(input({ clientRequestId: fits }));
    const stored = (await admin<{ qqbh: string; remark: string }[]>('/__sim/mutual-aid')).find((r) => r.qqbh === created.sourceId);
    expect(stored?.remark).toBe(`crid:${fits}`);
    expect(stored?.remark).toHaveLength(200);
    await admin('/__sim/calls/reset', {});
    await expect(a.submitMutualAid(input({ clientRequestId: `${fits}r` }))).rejects.toBeInstanceOf(LegacyRejectedError);
    expect((await calls())['POST /ahyj/api/jydw/zyqq/add'] ?? 0).toBe(0);
  });

  it('refuses a text GBK cannot hold before sending anything, rather than let "?" stand in for it', async () => {
    const a = adapter();
    await a.getMutualAid('AHQQ000001');
    await admin('/__sim/calls/reset', {});
    const refusal = await a.submitMutualAid(input({ contact: '𠮷野家 13900000000' })).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(LegacyRejectedError);
    expect((refusal as Error).message).toContain('U+20BB7');
    expect((await calls())['POST /ahyj/api/jydw/zyqq/add'] ?? 0).toBe(0);
  });

  it('sends a write once: no retry even when the system fails', async () => {
    const a = adapter({ retries: 3 });
    await a.getMutualAid('AHQQ000001');
    await admin('/__sim/calls/reset', {});
    await admin('/__sim/faults', { errorRate: 1, paths: ['/ahyj/api/jydw/zyqq/add'] });
    await expect(a.submitMutualAid(input())).rejects.toBeInstanceOf(ProvinceUnavailableError);
    expect((await calls())['POST /ahyj/api/jydw/zyqq/add']).toBe(1);
  });

  it('reads the status of a request from the data set', async () => {
    const canonical = ah(dataset.mutualAidRequests)[0];
    expect(await adapter().getMutualAid(canonical.sourceId)).toEqual({ id: canonical.id, province: 'AH', sourceId: canonical.sourceId, status: canonical.status, updatedAt: canonical.updatedAt });
  });

  it.each([
    ['a team of another base', { teamIds: ['AH:RescueTeam:AHDW9999'] }],
    ['more than the stock', { materials: [{ code: base.materials[0].code, quantity: base.materials[0].quantity + 1 }] }],
    ['an unknown base', { baseId: 'AH:RescueBase:AHJD9999' }],
    ['a base of another province', { baseId: 'JS:RescueBase:JSB0001' }],
  ])('turns a refusal for %s into LegacyRejectedError', async (_what, over) => {
    await expect(adapter().submitMutualAid(input(over))).rejects.toBeInstanceOf(LegacyRejectedError);
  });
});

describe('authentication for the life of the process', () => {
  it('logs in lazily once for concurrent calls, and once more after the token expires', async () => {
    const a = adapter();
    await admin('/__sim/calls/reset', {});
    await Promise.all([a.get('bases', [ah(dataset.bases)[0].sourceId]), a.get('enterprises', [ah(dataset.enterprises)[0].sourceId]), a.getMutualAid('AHQQ000001')]);
    expect((await calls())['POST /ahyj/api/login']).toBe(1);
    clock.advance(2 * 3600_000 + 60_000);
    const { records } = await a.get('bases', [ah(dataset.bases)[1].sourceId]);
    expect(records).toHaveLength(1);
    const after = await calls();
    expect(after['POST /ahyj/api/login']).toBe(2);
    expect(after['GET /ahyj/api/jydw/jdxx/detail']).toBe(3);
  });

  it('a refused login is ProvinceUnavailableError', async () => {
    await expect(adapter(undefined, 'wrong').pull('bases', null)).rejects.toBeInstanceOf(ProvinceUnavailableError);
  });
});

describe('when the system misbehaves', () => {
  it('its HTML 503 page becomes ProvinceUnavailableError', async () => {
    await admin('/__sim/faults', { errorRate: 1 });
    await expect(adapter({ retries: 1, backoff: { initialMs: 1, maxMs: 5 } }).pull('warnings', null)).rejects.toBeInstanceOf(ProvinceUnavailableError);
  });

  it('a malformed body becomes ProvinceUnavailableError', async () => {
    const a = adapter();
    await a.get('bases', [ah(dataset.bases)[0].sourceId]);
    await admin('/__sim/faults', { malformedRate: 1 });
    await expect(a.pull('bases', null)).rejects.toThrow(/malformed/);
    await expect(a.pull('bases', null)).rejects.toBeInstanceOf(ProvinceUnavailableError);
  });

  it('a system that is down becomes ProvinceUnavailableError', async () => {
    await admin('/__sim/faults', { down: true });
    await expect(adapter({ retries: 0 }).getMutualAid('AHQQ000001')).rejects.toBeInstanceOf(ProvinceUnavailableError);
  });
});
