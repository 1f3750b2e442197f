import { createHmac } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Clock } from '../../../adapters/kit/clock';
import type { CollectionRecord } from '../../../adapters/kit/province-adapter';
import { adapter, adapterFor, callsTo, COLLECTIONS, CREDENTIALS, expectSameRecord, mine, NOW, s, type Setup, setUp, start, tearDown } from './harness';

beforeAll(setUp);
afterAll(tearDown);

describe('pull: every canonical record of Jiangsu, field by field', () => {
  it.each(COLLECTIONS)('%s: good records equal the data set, defective ones reported as LEGACY_DATA_INVALID', async (collection) => {
    const result = await adapter.pull(collection, null);
    const expected = mine(s.dataset[collection] as CollectionRecord[typeof collection][]);
    const got = new Map(result.records.map((r) => [r.sourceId, r]));
    expect([...got.keys()].sort()).toEqual(expected.map((r) => r.sourceId).sort());
    for (const want of expected) expectSameRecord(got.get(want.sourceId) as never, want as never);

    const bad = mine(s.dataset.bad).filter((b) => b.collection === collection);
    expect(result.invalid.map((i) => i.sourceId).sort()).toEqual(bad.map((b) => b.record.sourceId).sort());
    for (const issue of result.invalid) {
      expect(issue).toMatchObject({ code: 'LEGACY_DATA_INVALID', province: 'JS' });
      expect(issue.reason.length).toBeGreaterThan(0);
    }
  });

  it('reads a collection of fewer than 200 rows in one call', async () => {
    s.sim.calls.reset();
    await adapter.pull('enterprises', null);
    expect(s.sim.calls.snapshot()).toEqual({ 'GET /jsyj/services/HazardService/enterpriseList': 1 });
  });

  it('keeps a city code in AREA_CODES as the city (the whole city)', async () => {
    const cityWide = mine(s.dataset.warnings).filter((w) => w.areaCodes.some((c) => /^32\d{2}00$/.test(c)));
    expect(cityWide.length).toBeGreaterThan(0);
    const { records } = await adapter.get('warnings', cityWide.map((w) => w.sourceId));
    expect(records.map((r) => r.areaCodes)).toEqual(cityWide.map((w) => w.areaCodes));
  });

  it('turns the 0.000000 of a site never geocoded into a null location', async () => {
    const ungeocoded = mine(s.dataset.enterprises).filter((e) => e.location === null).map((e) => e.sourceId);
    const path = '/jsyj/services/HazardService/enterpriseGet';
    const timestamp = String(Math.floor(s.clock.now().getTime() / 1000));
    const sign = createHmac('sha256', CREDENTIALS.appSecret).update(`${CREDENTIALS.appId}\n${timestamp}\n${path}`).digest('hex');
    const raw = await (await fetch(`${s.url}${path}?ids=${ungeocoded.join(',')}`, { headers: { 'X-App-Id': CREDENTIALS.appId, 'X-Timestamp': timestamp, 'X-Sign': sign } })).text();
    const zeroIds = [...raw.matchAll(/<QY_ID>(\w+)<\/QY_ID>(?:(?!<\/Row>).)*<LNG>0\.000000<\/LNG><LAT>0\.000000<\/LAT>/g)].map((m) => m[1]);
    expect(zeroIds.length).toBeGreaterThan(0);
    const { records, invalid } = await adapter.get('enterprises', zeroIds);
    expect(invalid).toEqual([]);
    expect(records.map((r) => [r.sourceId, r.location])).toEqual(zeroIds.map((id) => [id, null]));
  });
});

describe('pull since', () => {
  it('returns exactly the records updated at or after `since`, defective ones included as issues', async () => {
    const waybills = mine(s.dataset.waybills);
    const times = waybills.map((w) => w.updatedAt).sort();
    const cut = times[Math.floor(times.length * 0.7)];
    const result = await adapter.pull('waybills', new Date(cut));
    const want = waybills.filter((w) => Date.parse(w.updatedAt) >= Date.parse(cut));
    expect(result.records.map((r) => r.sourceId).sort()).toEqual(want.map((w) => w.sourceId).sort());
    for (const r of result.records) expect(Date.parse(r.updatedAt)).toBeGreaterThanOrEqual(Date.parse(cut));
    const badSince = mine(s.dataset.bad).filter((b) => b.collection === 'waybills' && Date.parse(b.record.updatedAt) >= Date.parse(cut));
    expect(result.invalid.map((i) => i.sourceId).sort()).toEqual(badSince.map((b) => b.record.sourceId).sort());
  });

  it('treats a `since` inside a second as the next whole second (records carry whole seconds)', async () => {
    const w = mine(s.dataset.warnings).sort((a, b) => a.updatedAt.localeCompare(b.updatedAt))[10];
    const exact = await adapter.pull('warnings', new Date(w.updatedAt));
    const later = await adapter.pull('warnings', new Date(Date.parse(w.updatedAt) + 1));
    expect(exact.records.map((r) => r.sourceId)).toContain(w.sourceId);
    expect(later.records.map((r) => r.sourceId)).not.toContain(w.sourceId);
  });
});

describe('paging through more than one page', () => {
  let big: Setup;
  beforeAll(async () => {
    big = await start(3);
  });
  afterAll(async () => {
    await big.sim.close();
  });

  it('pages at 200 rows to the end in the fewest calls', async () => {
    const total = mine(big.dataset.waybills).length + mine(big.dataset.bad).filter((b) => b.collection === 'waybills').length;
    expect(total).toBeGreaterThan(200);
    big.sim.calls.reset();
    const result = await adapterFor(big.url).pull('waybills', null);
    expect(result.records.length + result.invalid.length).toBe(total);
    expect(callsTo(big.sim, 'TransportService/waybillList')).toBe(Math.ceil(total / 200));
  });

  it('misses nothing when a record of the first page changes before the second is read', async () => {
    const touched = mine(big.dataset.waybills).sort((a, b) => a.updatedAt.localeCompare(b.updatedAt) || a.sourceId.localeCompare(b.sourceId))[0];
    let pages = 0;
    // A proxy that changes a record in the system right after it has served the first page.
    const proxy = http.createServer((req, res) => {
      void (async () => {
        const signature = Object.fromEntries(Object.entries(req.headers).filter(([k]) => k.startsWith('x-'))) as Record<string, string>;
        const upstream = await fetch(`${big.url}${req.url ?? '/'}`, { headers: signature });
        const body = Buffer.from(await upstream.arrayBuffer());
        if (req.url?.includes('waybillList') && ++pages === 1) {
          big.clock.advance(60_000);
          await fetch(`${big.url}/__sim/touch`, { method: 'POST', body: JSON.stringify({ collection: 'waybills', sourceId: touched.sourceId }) });
        }
        res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/xml' }).end(body);
      })();
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const viaProxy = adapterFor(`http://127.0.0.1:${(proxy.address() as AddressInfo).port}`, Clock.startingAt(big.clock.now()));
      const result = await viaProxy.pull('waybills', null);
      const ids = result.records.map((r) => r.sourceId);
      expect(ids.sort()).toEqual(mine(big.dataset.waybills).map((w) => w.sourceId).sort());
      expect(new Set(ids).size).toBe(ids.length);
      const changed = result.records.find((r) => r.sourceId === touched.sourceId);
      expect(Date.parse(changed?.updatedAt ?? '')).toBeGreaterThan(Date.parse(touched.updatedAt));
    } finally {
      proxy.closeAllConnections();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    }
  });
});

describe('get: batch reads at the minimum number of calls', () => {
  it('reads 120 waybills in ceil(n / 50) calls, equal to the data set, unknown ids left out', async () => {
    const waybills = mine(s.dataset.waybills);
    s.sim.calls.reset();
    const result = await adapter.get('waybills', [...waybills.map((w) => w.sourceId), 'YD320000209901010001', waybills[0].sourceId]);
    expect(callsTo(s.sim, 'TransportService/waybillGet')).toBe(Math.ceil((waybills.length + 1) / 50));
    expect(s.sim.calls.total()).toBe(Math.ceil((waybills.length + 1) / 50));
    const got = new Map(result.records.map((r) => [r.sourceId, r]));
    expect(got.size).toBe(waybills.length);
    for (const w of waybills) expectSameRecord(got.get(w.sourceId) as never, w as never);
  });

  it('reads 50 ids in one call, and no ids in none', async () => {
    const ids = mine(s.dataset.enterprises).slice(0, 50).map((e) => e.sourceId);
    s.sim.calls.reset();
    expect((await adapter.get('enterprises', ids)).records).toHaveLength(50);
    expect((await adapter.get('bases', [])).records).toEqual([]);
    expect(s.sim.calls.total()).toBe(1);
  });

  it('reports a defective record read by id as LEGACY_DATA_INVALID', async () => {
    const bad = mine(s.dataset.bad).find((b) => b.collection === 'bases');
    expect(bad).toBeDefined();
    const result = await adapter.get('bases', [bad?.record.sourceId as string, mine(s.dataset.bases)[0].sourceId]);
    expect(result.records.map((r) => r.sourceId)).toEqual([mine(s.dataset.bases)[0].sourceId]);
    expect(result.invalid).toEqual([expect.objectContaining({ code: 'LEGACY_DATA_INVALID', province: 'JS', sourceId: bad?.record.sourceId })]);
  });
});

describe('track', () => {
  it("equals the data set's Jiangsu points of a plate in [from, to]", async () => {
    const points = mine(s.dataset.trackPoints);
    const plate = points[points.length - 1].plate;
    const ofPlate = points.filter((p) => p.plate === plate);
    const from = new Date(ofPlate[0].at);
    const to = new Date(ofPlate[ofPlate.length - 1].at);
    s.sim.calls.reset();
    const result = await adapter.track(plate, from, to);
    expect(s.sim.calls.total()).toBe(1);
    expect(result.invalid).toEqual([]);
    expect(result.records).toHaveLength(ofPlate.length);
    result.records.forEach((r, i) => expectSameRecord(r, ofPlate[i]));
  });

  it('is empty for a vehicle the system never saw', async () => {
    expect(await adapter.track('鲁Z99999', new Date('2026-06-01T00:00:00Z'), NOW)).toEqual({ records: [], invalid: [] });
  });
});
