import { adapterFor } from '../../adapters';
import type { Clock } from '../../adapters/kit/clock';
import type { Collection, ProvinceAdapter } from '../../adapters/kit/province-adapter';
import { loadLegacySystems } from '../../schema/config/legacy-config';
import { PROVINCE_CODES, type ProvinceCode } from '../../schema/model';
import { SimClock } from '../../simulators/common/clock';
import type { SimServer } from '../../simulators/common/sim-server';
import { SimStore, type Selection, type SimCollection } from '../../simulators/common/store';
import { StreamListError, StreamStore } from '../../simulators/common/stream-store';
import { loadDataset } from '../../simulators/dataset';
import { SyntheticStream } from '../../simulators/dataset/synthetic-stream';
import type { CanonicalDataset } from '../../simulators/dataset/types';
import { createSimulators } from '../../simulators/main';

/**
 * The simulators' stream mode (issue 27's scale 1,000): a StreamStore serves a synthetic stream
 * without holding its records, with changes as an overlay. Checked at a small scale (3) against
 * the same records held whole in a SimStore (the stream materialised): the same pages, totals and
 * keyed reads for every selection the simulators make, before and after changes; then through the
 * real adapters over HTTP, both kinds of simulator answer the same full pulls, and 1 % of records
 * changed shows up, exactly, in an incremental pull.
 */

const NOW = new Date('2026-07-12T04:00:00Z');
const SCALE = 3;
const COLLECTIONS: readonly SimCollection[] = ['warnings', 'enterprises', 'waybills', 'bases'];
const stream = new SyntheticStream({ seed: 'test', now: NOW, scale: SCALE });
const templates = loadDataset({ seed: 'test', now: NOW, scale: 1 });

/** The stream held whole, as a canonical data set (the oracle). */
function materialised(): CanonicalDataset {
  const all = <C extends SimCollection>(c: C): CanonicalDataset[C] => PROVINCE_CODES.flatMap((p) => [...stream.pages(c, p, 500)].flat()) as CanonicalDataset[C];
  return { ...templates, warnings: all('warnings'), enterprises: all('enterprises'), waybills: all('waybills'), bases: all('bases'), bad: [], deletions: [] };
}
const whole = materialised();

const ids = (page: readonly { record: { sourceId: string } }[]): string[] => page.map((e) => e.record.sourceId);

describe('StreamStore against the same records held whole', () => {
  const clock = new SimClock(NOW);
  const province: ProvinceCode = 'JS';
  const oracle = new SimStore(whole, province, clock);
  const streamed = new StreamStore(stream, templates, province, clock);

  const selections = (c: SimCollection): Selection<SimCollection>[] => {
    const order = oracle.list(c);
    const mid = order[Math.floor(order.length / 2)].record;
    const late = order[order.length - 7].record;
    const sinceMid = Date.parse(mid.updatedAt);
    return [
      { sinceMs: null, offset: 0, limit: 50 },
      { sinceMs: null, offset: 100, limit: 37 },
      { sinceMs: null, offset: order.length - 5, limit: 50 },
      { sinceMs: null, offset: order.length + 3, limit: 50 },
      { sinceMs: sinceMid, offset: 0, limit: 20 },
      { sinceMs: sinceMid, offset: 13, limit: 200 },
      { sinceMs: NOW.getTime() + 1, offset: 0, limit: 20 },
      { sinceMs: null, after: { t: Date.parse(mid.updatedAt), id: mid.sourceId }, offset: 0, limit: 25 },
      { sinceMs: sinceMid - 60_000, after: { t: Date.parse(late.updatedAt), id: late.sourceId }, offset: 0, limit: 25 },
      { sinceMs: null, keep: (e) => e.record.sourceId.endsWith('1'), offset: 4, limit: 30 },
    ];
  };

  const expectSame = (): void => {
    for (const c of COLLECTIONS) {
      for (const q of selections(c)) {
        const want = oracle.select(c, q);
        const got = streamed.select(c, q);
        expect({ c, q: { ...q, keep: Boolean(q.keep) }, total: got.total, ids: ids(got.page) }).toEqual({ c, q: { ...q, keep: Boolean(q.keep) }, total: want.total, ids: ids(want.page) });
        expect(got.page.map((e) => e.record)).toEqual(want.page.map((e) => e.record));
      }
    }
  };

  it('selects the same pages and totals, and reads the same records by key', () => {
    expectSame();
    for (const c of COLLECTIONS) {
      const order = oracle.list(c);
      for (const e of [order[0], order[order.length - 1], order[Math.floor(order.length / 3)]]) expect(streamed.get(c, e.record.sourceId)).toEqual(e);
      expect(streamed.get(c, `${order[0].record.sourceId}-zz`)).toBeUndefined();
      expect(streamed.get(c, 'no-such-record')).toBeUndefined();
    }
  });

  it('after changes (some twice, some at one second), the same pages, with the changed records at the end of list order', () => {
    const changed = streamed.touchSome('waybills', 9, 'a');
    for (const id of changed) oracle.touch('waybills', id);
    clock.advance(1000);
    const touchedWaybills = new Set(changed);
    for (const c of COLLECTIONS) {
      const order = oracle.list(c);
      for (const e of [order[0], order[5], order[order.length - 2]]) {
        oracle.touch(c, e.record.sourceId, {});
        streamed.touch(c, e.record.sourceId, {});
        if (c === 'waybills') touchedWaybills.add(e.record.sourceId);
      }
    }
    const again = changed.slice(0, 3);
    clock.advance(2000);
    for (const id of again) {
      oracle.touch('waybills', id);
      streamed.touch('waybills', id);
    }
    expectSame();
    const tail = oracle.list('waybills').slice(-3);
    expect(ids(tail).sort()).toEqual([...again].sort());
    expect(streamed.changedCount('waybills')).toBe(touchedWaybills.size);
  });

  it('refuses to list every record at once', () => {
    expect(() => streamed.list('warnings')).toThrow(StreamListError);
  });
});

describe('the stream simulators through the real adapters over HTTP', () => {
  const clock = new SimClock(NOW);
  const adapterClock = { now: () => clock.now() } as Clock;
  const stores = Object.fromEntries(PROVINCE_CODES.map((p) => [p, new StreamStore(stream, templates, p, clock)])) as Record<ProvinceCode, StreamStore>;
  const streamSims = createSimulators(templates, clock, { maintenanceWindow: false, stores });
  const wholeSims = createSimulators(whole, clock, { maintenanceWindow: false });
  const adapters = { stream: {} as Record<ProvinceCode, ProvinceAdapter>, whole: {} as Record<ProvinceCode, ProvinceAdapter> };

  const adaptersOver = async (sims: Record<ProvinceCode, SimServer>): Promise<Record<ProvinceCode, ProvinceAdapter>> => {
    const env: NodeJS.ProcessEnv = {};
    for (const p of PROVINCE_CODES) env[`LEGACY_${p}_URL`] = await sims[p].listen(0);
    const legacy = loadLegacySystems(env);
    return Object.fromEntries(PROVINCE_CODES.map((p) => [p, adapterFor(p, legacy, adapterClock, { timeoutMs: 10_000 })])) as Record<ProvinceCode, ProvinceAdapter>;
  };

  beforeAll(async () => {
    adapters.stream = await adaptersOver(streamSims);
    adapters.whole = await adaptersOver(wholeSims);
  });

  afterAll(async () => {
    for (const set of [adapters.stream, adapters.whole]) for (const p of PROVINCE_CODES) (set[p] as ProvinceAdapter & { close?: () => void }).close?.();
    await Promise.all(PROVINCE_CODES.flatMap((p) => [streamSims[p].close(), wholeSims[p].close()]));
  });

  const sorted = <R extends { sourceId: string }>(records: readonly R[]): R[] => [...records].sort((a, b) => (a.sourceId < b.sourceId ? -1 : 1));

  it.each(PROVINCE_CODES)('%s: a full pull of every collection equals the pull from the records held whole; 1 %% changed shows up in an incremental pull', async (p) => {
    for (const c of COLLECTIONS as Collection[]) {
      const [fromStream, fromWhole] = await Promise.all([adapters.stream[p].pull(c, null), adapters.whole[p].pull(c, null)]);
      expect(fromStream.invalid).toEqual([]);
      expect(fromStream.records.length).toBeGreaterThan(stream.count(c, p) / 3);
      expect(sorted(fromStream.records)).toEqual(sorted(fromWhole.records));
      expect(await adapters.stream[p].count(c)).toBe(await adapters.whole[p].count(c));
    }
    clock.advance(60_000);
    const since = new Date(Math.floor(clock.now().getTime() / 1000) * 1000);
    const changed = stores[p].touchSome('bases', Math.ceil(stream.count('bases', p) / 100), p);
    clock.advance(1000);
    const pulled = await adapters.stream[p].pull('bases', since);
    expect(pulled.records.map((r) => r.sourceId).sort()).toEqual([...changed].sort());
    expect(pulled.records.every((r) => Date.parse(r.updatedAt) >= since.getTime())).toBe(true);
    const keyed = await adapters.stream[p].get('bases', changed);
    expect(sorted(keyed.records)).toEqual(sorted(pulled.records));
  });
});
