import { toBeijingIso } from '../../../../adapters/kit/beijing-time';
import type { Collection, CollectionRecord, Pulled } from '../../../../adapters/kit/province-adapter';
import type { WaybillRecord } from '../../../../schema/model';
import { CopyState } from '../../../../subgraphs/province/copy/copy-state';
import { INDEX_RULES } from '../../../../subgraphs/province/copy/indexes';
import { nodesMade } from '../../../../subgraphs/province/copy/persistent-map';
import { Replica, type Snapshot } from '../../../../subgraphs/province/replica';
import type { IndexOf } from '../../../../subgraphs/province/province-data';
import { DATASET_NOW, DatasetAdapter, testDataset } from '../../../fixtures/dataset-adapter';
import { ManualClock } from '../../../support/manual-clock';

const dataset = testDataset();
const P = 'SH';
const MAX_AGE = 10_000;

/** Pulls that take a few timer turns, so that reads run while a re-sync is under way. */
class SlowAdapter extends DatasetAdapter {
  readonly during: (() => void)[] = [];
  override async pull<C extends Collection>(collection: C, since: Date | null): Promise<Pulled<CollectionRecord[C]>> {
    const pulled = await super.pull(collection, since);
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r, 1));
      for (const read of this.during) read();
    }
    return pulled;
  }
}

type WaybillSnapshot = Snapshot<WaybillRecord, IndexOf['waybills']>;

/** What a snapshot holds, without provenance: records by id, the plate index, invalid source ids. */
function contentsOf(s: WaybillSnapshot): { records: Record<string, WaybillRecord>; plates: Record<string, string[]>; invalid: string[] } {
  const records: Record<string, WaybillRecord> = {};
  const plates: Record<string, string[]> = {};
  for (const kept of s.records) {
    const served = s.serve(kept);
    const { provenance, ...record } = served;
    expect(provenance.sourceId).toBe(record.sourceId);
    expect(record).toEqual(kept);
    records[record.id] = record;
    expect(s.byId.get(record.id)).toEqual(served);
  }
  for (const plate of new Set(Object.values(records).map((r) => r.plate))) plates[plate] = s.index.byPlate.get(plate).map((w) => w.id);
  return { records, plates, invalid: [...s.invalid.keys()].sort() };
}

/** The same, computed from scratch from what the system holds now. */
function oracle(adapter: DatasetAdapter): ReturnType<typeof contentsOf> {
  const list = adapter.records('waybills');
  const records = Object.fromEntries(list.map((r) => [r.id, structuredClone(r)]));
  const plates: Record<string, string[]> = {};
  for (const r of [...list].sort((a, b) => (a.id < b.id ? -1 : 1))) (plates[r.plate] ??= []).push(r.id);
  const invalid = dataset.bad.filter((b) => b.province === P && b.collection === 'waybills').map((b) => b.record.sourceId).sort();
  return { records, plates, invalid };
}

/** A seeded pseudo-random sequence, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed;
  return () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
}

describe('incremental snapshots of a copy', () => {
  it('a re-sync that brings k records allocates O(k log n) nodes: 64× the records cost less than twice as much', () => {
    const base = dataset.waybills.filter((w) => w.province === P);
    const cost = (n: number): number => {
      const records = Array.from({ length: n }, (_, i) => {
        const w = base[i % base.length];
        return { ...w, id: `${w.id}-${i}`, sourceId: `${w.sourceId}-${i}` };
      });
      let state = CopyState.of(INDEX_RULES.waybills, records, []);
      const before = nodesMade();
      const old = state;
      for (let i = 0; i < 20; i++) {
        const w = base[(i * 7) % base.length];
        state = state.put({ ...w, id: `${w.id}-${i * 7}`, sourceId: `${w.sourceId}-${i * 7}`, plate: `沪Z${i}`, updatedAt: toBeijingIso(new Date(DATASET_NOW.getTime() + i)) });
      }
      const made = nodesMade() - before;
      expect(old.records.get(`${base[7].id}-7`)?.plate).toBe(base[7].plate);
      expect(state.index.byPlate.get('沪Z1').map((r) => r.id)).toEqual([`${base[7].id}-7`]);
      expect(state.records.size).toBe(n);
      return made;
    };
    const small = cost(1_000);
    const large = cost(64_000);
    expect(large).toBeLessThan(2 * small);
    expect(large).toBeLessThan(20 * 6 * Math.log2(64_000) * 3);
  });

  it('readers holding a snapshot see the old state whole while re-syncs run; each new snapshot equals the oracle (changes, new plates, additions, removals)', async () => {
    const clock = new ManualClock(DATASET_NOW);
    const adapter = new SlowAdapter(P, dataset);
    const replica = new Replica({ adapter, collection: 'waybills', clock, maxAgeMs: MAX_AGE, pullWindowMs: 600_000 });
    let snapshot = (await replica.read()) as WaybillSnapshot;
    expect(contentsOf(snapshot)).toEqual(oracle(adapter));
    const next = random(27);
    let t = Math.max(...adapter.records('waybills').map((w) => Date.parse(w.updatedAt)));
    let checks = 0;
    for (let round = 0; round < 12; round++) {
      const held = snapshot;
      const expected = contentsOf(held);
      const list = adapter.records('waybills');
      const changed = Math.floor(next() * 5) + 1;
      for (let i = 0; i < changed; i++) {
        const w = list[Math.floor(next() * list.length)];
        t += 1_000;
        const plate = next() < 0.5 ? w.plate : list[Math.floor(next() * list.length)].plate;
        adapter.upsert('waybills', { ...w, plate, status: next() < 0.5 ? 'ARRIVED' : w.status, updatedAt: toBeijingIso(new Date(t)) });
      }
      if (round % 3 === 1) {
        t += 1_000;
        const w = list[round];
        adapter.upsert('waybills', { ...w, id: `${w.id}-new${round}`, sourceId: `${w.sourceId}-new${round}`, updatedAt: toBeijingIso(new Date(t)) });
      }
      const gone = round % 4 === 2 ? list[list.length - 1 - round].sourceId : null;
      if (gone) adapter.remove('waybills', gone);
      adapter.during.length = 0;
      adapter.during.push(() => {
        expect(contentsOf(held)).toEqual(expected);
        checks += 1;
      });
      clock.advance(MAX_AGE);
      const reads = await Promise.all([replica.read(), replica.read(), gone ? replica.pullAll() : replica.read()]);
      snapshot = reads[2] as WaybillSnapshot;
      expect(contentsOf(held)).toEqual(expected);
      expect(contentsOf(snapshot)).toEqual(oracle(adapter));
    }
    expect(checks).toBeGreaterThanOrEqual(12 * 3);
  });

  it('a re-sync that changed nothing keeps the same contents, so what is derived from them is not computed again', async () => {
    const clock = new ManualClock(DATASET_NOW);
    const adapter = new DatasetAdapter(P, dataset);
    const replica = new Replica({ adapter, collection: 'waybills', clock, maxAgeMs: MAX_AGE, pullWindowMs: 600_000 });
    const first = await replica.read();
    clock.advance(MAX_AGE);
    const second = await replica.read();
    expect(adapter.pulls).toHaveLength(2);
    expect(second).not.toBe(first);
    expect(second.syncedAt).toBeGreaterThan(first.syncedAt);
    expect(second.contents).toBe(first.contents);
  });
});
