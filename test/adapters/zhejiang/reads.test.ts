import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TrackPointRecord } from '../../../schema/model';
import { adapter, adapterFor, badOf, beforeEachTest, calls, COLLECTIONS, dataset, expectLocation, expectMatchesDataset, goodOf, NOW, setUp, tearDown, zj } from './harness';

beforeAll(setUp);
afterAll(tearDown);
beforeEach(beforeEachTest);

describe('pull', () => {
  it.each(COLLECTIONS)('pull(%s, null) returns every good record of ZJ equal to the data set, and every defective one as LEGACY_DATA_INVALID', async (c) => {
    const mapped = await adapter.pull(c, null);
    expectMatchesDataset(c, mapped, goodOf(c), badOf(c).map((b) => b.record.sourceId));
  });

  it('reports each defective record with its own reason', async () => {
    const reasons = new Map<string, string>();
    for (const c of COLLECTIONS) for (const i of (await adapter.pull(c, null)).invalid) reasons.set(i.sourceId, i.reason);
    for (const b of zj(dataset.bad)) {
      const reason = reasons.get(b.record.sourceId) ?? '';
      const expected = { INVALID_CREDIT_CODE: /credit code/, UNKNOWN_CODE: /unknown/, MISSING_FIELD: /missing|empty/, UNPARSEABLE_TIME: /unparseable/ }[b.defect];
      expect([b.defect, reason]).toEqual([b.defect, expect.stringMatching(expected)]);
    }
  });

  it('pulls with the largest page the system allows (limit=100), so 123 waybills take two calls', async () => {
    await adapter.pull('waybills', null);
    const held = goodOf('waybills').length + badOf('waybills').length;
    expect(calls()['GET /zlj/open/whp/yd/list']).toBe(Math.ceil(held / 100));
  });

  it('pull(since) returns exactly the records updated at or after since', async () => {
    const all = goodOf('enterprises');
    const since = new Date(all[Math.floor(all.length * 0.7)].updatedAt);
    const mapped = await adapter.pull('enterprises', since);
    const expected = all.filter((e) => Date.parse(e.updatedAt) >= since.getTime());
    const expectedBad = badOf('enterprises').filter((b) => Date.parse(b.record.updatedAt) >= since.getTime()).map((b) => b.record.sourceId);
    expectMatchesDataset('enterprises', mapped, expected, expectedBad);
    expect(expected.length).toBeLessThan(all.length);
  });
});

describe('get (batch reads)', () => {
  it('reads 150 waybills in two batch calls of at most 100, leaving unknown ids out', async () => {
    const good = goodOf('waybills').slice(0, 145);
    const bad = badOf('waybills').map((b) => b.record.sourceId);
    const ids = [...good.map((w) => w.sourceId), ...bad, 'YD330000209901010001', 'YD330000209901010002'];
    expect(ids.length).toBeGreaterThan(100);
    expect(ids.length).toBeLessThanOrEqual(200);
    const mapped = await adapter.get('waybills', ids);
    expectMatchesDataset('waybills', mapped, good, bad);
    expect(calls()).toEqual({ 'POST /zlj/open/whp/yd/list/batch': 2 });
  });

  it('reads up to 100 ids in one call, duplicates asked once', async () => {
    const bases = goodOf('bases');
    const mapped = await adapter.get('bases', [...bases.map((b) => b.sourceId), bases[0].sourceId]);
    expectMatchesDataset('bases', mapped, bases, []);
    expect(calls()).toEqual({ 'POST /zlj/open/jy/jd/list/batch': 1 });
  });

  it('makes no call for no ids', async () => {
    expect(await adapter.get('warnings', [])).toEqual({ records: [], invalid: [] });
    expect(calls()).toEqual({});
  });
});

describe('track', () => {
  it('returns the data set points that ZJ recorded for a plate, in WGS-84 within 1 m, ordered by time', async () => {
    const points = zj(dataset.trackPoints);
    const counts = new Map<string, number>();
    for (const p of points) counts.set(p.plate, (counts.get(p.plate) ?? 0) + 1);
    const plate = [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
    const mine = points.filter((p) => p.plate === plate);
    const mapped = await adapter.track(plate, new Date(Date.parse(mine[0].at) - 3600_000), NOW);
    expect(mapped.invalid).toEqual([]);
    expect(mapped.records.map((p) => p.at)).toEqual(mine.map((p) => p.at));
    mapped.records.forEach((p: TrackPointRecord, i) => {
      expect({ ...p, location: null }).toEqual({ ...mine[i], location: null });
      expectLocation(p.location, mine[i].location);
    });
    expect(calls()).toEqual({ 'GET /zlj/open/whp/clgj': 1 });
  });

  it('returns no points for a vehicle the system never saw', async () => {
    expect(await adapter.track('鲁A00000', new Date(0), NOW)).toEqual({ records: [], invalid: [] });
  });

  it('keeps to the window it asked for: points the system sends outside [from, to] are left out, the rest ordered by time', async () => {
    const from = NOW.getTime() - 3600_000;
    const to = NOW.getTime();
    const at = [to + 1000, from + 60_000, from, to, from - 1000];
    const stub = http.createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url?.startsWith('/zlj/open/oauth/token')) return res.end(JSON.stringify({ access_token: 'stub', token_type: 'Bearer', expires_in: 600 }));
      res.end(JSON.stringify({ cph: '浙B12345', gj: at.map((ms) => [120.75, 30.77, ms, 50]) }));
    });
    await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
    try {
      const track = await adapterFor(`http://127.0.0.1:${(stub.address() as AddressInfo).port}`).track('浙B12345', new Date(from), new Date(to));
      expect(track.invalid).toEqual([]);
      expect(track.records.map((p) => Date.parse(p.at))).toEqual([from, from + 60_000, to]);
    } finally {
      await new Promise((resolve) => stub.close(resolve));
    }
  });
});
