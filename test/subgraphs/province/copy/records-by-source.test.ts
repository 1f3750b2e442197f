import { CopyState, type CopiedRecord } from '../../../../subgraphs/province/copy/copy-state';
import type { IndexRules } from '../../../../subgraphs/province/copy/copy-state';
import { compact } from '../../../../subgraphs/province/copy/compact-record';
import { DatasetAdapter, testDataset } from '../../../fixtures/dataset-adapter';

/** Records found by source id from their id: against a map of every put, with ids made otherwise mixed in. */
describe('a copy finds records by source id', () => {
  const none: IndexRules<CopiedRecord, null> = { empty: null, build: () => null, add: () => null, remove: () => null };
  const record = (id: string, sourceId: string, updatedAt = '2026-06-15T10:00:00+08:00'): CopiedRecord => ({ id, sourceId, updatedAt });

  it('answers as a map from source id to the last record put under it, through puts and drops', () => {
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    let state = CopyState.of(none, [record('SH:Waybill:A0', 'A0'), record('odd-1', 'A1')], []);
    const oracle = new Map<string, string>([['A0', 'SH:Waybill:A0'], ['A1', 'odd-1']]);
    const held = new Map<string, CopiedRecord>([['SH:Waybill:A0', record('SH:Waybill:A0', 'A0')], ['odd-1', record('odd-1', 'A1')]]);
    for (let step = 0; step < 400; step++) {
      const source = `A${random(40)}`;
      if (random(3) === 0) {
        const id = random(4) === 0 ? `odd-${source}` : `SH:Waybill:${source}`;
        const gone = held.get(id);
        state = state.drop(id);
        held.delete(id);
        if (gone && oracle.get(gone.sourceId) === id) oracle.delete(gone.sourceId);
      } else {
        const id = random(4) === 0 ? `odd-${source}` : `SH:Waybill:${source}`;
        const r = record(id, source, `2026-06-15T10:${String(random(60)).padStart(2, '0')}:00+08:00`);
        const unchanged = JSON.stringify(held.get(id)) === JSON.stringify(r);
        state = state.put(r);
        held.set(id, r);
        if (!unchanged) oracle.set(source, id);
      }
      for (let i = 0; i < 40; i++) {
        const s = `A${i}`;
        const expected = oracle.get(s);
        const found = state.bySource(s);
        // A drop of the record that was last put under a source id leaves the other one held under it findable (a map would forget it).
        if (expected === undefined) expect(found === undefined || found.sourceId === s).toBe(true);
        else expect(found?.id).toBe(expected);
      }
      expect(state.sourceIds().sort()).toEqual([...new Set([...held.values()].map((r) => r.sourceId))].sort());
    }
  });

  it('keeps a record equal to the one put, in a copy of its own', () => {
    const [waybill] = new DatasetAdapter('SH', testDataset()).records('waybills');
    const kept = compact(waybill);
    expect(kept).toEqual(waybill);
    expect(JSON.stringify(kept)).toBe(JSON.stringify(waybill));
    expect(kept).not.toBe(waybill);
    expect(kept.goods).not.toBe(waybill.goods);
  });
});
