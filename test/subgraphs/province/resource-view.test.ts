import type { SortKey } from '../../../schema/cursor';
import * as orders from '../../../schema/orders';
import { PROVINCE_CODES, type ProvinceCode, type RescueBaseRecord } from '../../../schema/model';
import { CopyState } from '../../../subgraphs/province/copy/copy-state';
import { INDEX_RULES } from '../../../subgraphs/province/copy/indexes';
import { CopySnapshot } from '../../../subgraphs/province/copy/snapshot';
import * as organisationsModule from '../../../subgraphs/province/organisations';
import { resourceViewPage, sortedResourceViewPage, type ResourceViewAsk } from '../../../subgraphs/province/resource-view';
import { expectedOrganisations } from '../../support/oracle';
import { DATASET_NOW, testDataset } from '../../fixtures/dataset-adapter';

/**
 * Issue 27: the resource view's page is read from the copy's index by organisation key instead of
 * grouping and sorting every organisation of the copy. Pinned against the grouping and sorting
 * (sortedResourceViewPage, the resolver's code before) and the oracle's organisations, over the
 * canonical data set, with cursors, `keys` and `updatedSince`, before and after re-syncs.
 */

const dataset = testDataset();

function snapshotOf(state: CopyState<RescueBaseRecord, ReturnType<(typeof INDEX_RULES)['bases']['build']>>): CopySnapshot<'bases'> {
  return new CopySnapshot('bases', state, { province: 'JS', system: 'test', fetchedAt: DATASET_NOW.toISOString(), failure: null, freshUntil: 0, syncedAt: 42 });
}

function basesOf(province: ProvinceCode): RescueBaseRecord[] {
  return dataset.bases.filter((b) => b.province === province).map((b) => structuredClone(b));
}

function asks(snapshot: CopySnapshot<'bases'>): ResourceViewAsk[] {
  const keys = [...new Set(snapshot.records.map((b) => b.creditCode ?? b.id))].sort();
  const times = snapshot.records.map((b) => Date.parse(b.updatedAt)).sort((a, b) => a - b);
  const afters: (SortKey | null)[] = [null, [keys[0]], [keys[Math.floor(keys.length / 2)]], [keys[keys.length - 1]], ['0'], ['~'], [`${keys[3]}!`], [7], [null]];
  const sinces = [null, times[0], times[Math.floor(times.length / 2)], times[times.length - 1], times[times.length - 1] + 1];
  const keySets = [null, new Set([keys[1], keys[5], keys[9], 'no such key']), new Set(keys.filter((_, i) => i % 3 === 0))];
  const out: ResourceViewAsk[] = [];
  for (const after of afters) for (const since of sinces) for (const wanted of keySets) for (const first of [0, 1, 13, 500]) out.push({ first, after, since, keys: wanted });
  return out;
}

function expectSameAnswers(snapshot: CopySnapshot<'bases'>): void {
  for (const ask of asks(snapshot)) expect(resourceViewPage(snapshot, ask)).toEqual(sortedResourceViewPage(snapshot, ask));
}

describe('resourceView from the index by organisation', () => {
  it.each(PROVINCE_CODES)('%s: answers as grouping and sorting every organisation did, and as the oracle', (province) => {
    const bases = basesOf(province);
    const snapshot = snapshotOf(CopyState.of(INDEX_RULES.bases, bases, []));
    expectSameAnswers(snapshot);
    const whole = resourceViewPage(snapshot, { first: 500, after: null, since: null, keys: null });
    const expected = expectedOrganisations(dataset, bases);
    expect(whole.edges.map((e) => e.node.key)).toEqual(expected.slice(0, 500).map((o) => o.key));
    expect(whole.edges.map((e) => e.node.bases.map((b) => b.id))).toEqual(expected.slice(0, 500).map((o) => o.baseIds));
    expect(whole.totalCount).toBe(expected.length);
  });

  it('answers the same after re-syncs that move bases between organisations, add and drop them', () => {
    let state = CopyState.of(INDEX_RULES.bases, basesOf('AH'), []);
    let seed = 11;
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 6; round++) {
      const held = [...state.records.values()];
      const codes = held.map((b) => b.creditCode);
      for (let i = 0; i < 15; i++) {
        const b = held[Math.floor(next() * held.length)];
        const r = next();
        if (r < 0.4) state = state.put({ ...b, creditCode: codes[Math.floor(next() * codes.length)], updatedAt: new Date(DATASET_NOW.getTime() + round * 60_000 + i).toISOString() });
        else if (r < 0.6) state = state.put({ ...b, creditCode: null });
        else if (r < 0.8) state = state.put({ ...b, id: `${b.id}-r${round}-${i}`, sourceId: `${b.sourceId}-r${round}-${i}` });
        else state = state.drop(b.id);
      }
      expectSameAnswers(snapshotOf(state));
    }
    const merged = resourceViewPage(snapshotOf(state), { first: 500, after: null, since: null, keys: null });
    expect(merged.edges.some((e) => e.node.bases.length > 1)).toBe(true);
    expect(merged.totalCount).toBeLessThan(state.records.size);
  });

  it('never sorts or groups every organisation on the common path (no keys, no updatedSince)', () => {
    const snapshot = snapshotOf(CopyState.of(INDEX_RULES.bases, basesOf('SH'), []));
    const compared = jest.spyOn(orders, 'compareKeys');
    const grouped = jest.spyOn(organisationsModule, 'organisations');
    try {
      const organisations = new Set(snapshot.records.map((b) => b.creditCode ?? b.id)).size;
      expect(organisations).toBeGreaterThan(20);
      const page = resourceViewPage(snapshot, { first: 5, after: null, since: null, keys: null });
      const next = resourceViewPage(snapshot, { first: 5, after: [page.edges[4].node.key], since: null, keys: null });
      expect(next.edges).toHaveLength(5);
      expect(compared).not.toHaveBeenCalled();
      // Each page builds its own organisations and the one that says a next page exists, no more.
      expect(grouped.mock.calls.length).toBe(12);
      expect(grouped.mock.calls.every(([bases]) => bases.length < snapshot.size / 4)).toBe(true);
      // The same spies see the grouping and the sort of the answer before.
      sortedResourceViewPage(snapshot, { first: 5, after: null, since: null, keys: null });
      expect(compared.mock.calls.length).toBeGreaterThanOrEqual(organisations - 1);
      expect(grouped.mock.calls[12][0]).toHaveLength(snapshot.size);
    } finally {
      compared.mockRestore();
      grouped.mockRestore();
    }
  });
});
