import type { Collection, CollectionRecord } from '../../../../adapters/kit/province-adapter';
import type { SortKey } from '../../../../schema/cursor';
import * as orders from '../../../../schema/orders';
import type { EnterpriseFilter } from '../../../../schema/province/hazmat';
import type { RescueBaseFilter } from '../../../../schema/province/rescue';
import type { WarningFilter } from '../../../../schema/province/warning';
import type { WaybillFilter } from '../../../../schema/province/waybill';
import type { WaybillRecord } from '../../../../schema/model';
import { CONNECTION_ORDER } from '../../../../subgraphs/province/copy/connection-order';
import { CopyState } from '../../../../subgraphs/province/copy/copy-state';
import { INDEX_RULES } from '../../../../subgraphs/province/copy/indexes';
import { CopySnapshot } from '../../../../subgraphs/province/copy/snapshot';
import { basePredicate, enterprisePredicate, warningPredicate, waybillPredicate } from '../../../../subgraphs/province/filters';
import { copyPage, paginate, servePage, type Page } from '../../../../subgraphs/province/paging';
import type { Served } from '../../../../subgraphs/province/replica';
import { DATASET_NOW, testDataset } from '../../../fixtures/dataset-adapter';

/**
 * Issue 27: a filtered page of a connection in its default order is read by walking the copy's
 * ordered index and keeping the first matches, not by sorting every record of the copy. Pinned
 * against the full sort the connections made before (paginate over every matching record), record
 * by record, with the resolvers' own predicates over the canonical data set, from the start and
 * after cursors, before and after re-syncs.
 */

const dataset = testDataset();
const P = 'JS';

type Predicate<C extends Collection> = (record: CollectionRecord[C]) => boolean;

function snapshotOf<C extends Collection>(collection: C, records: readonly CollectionRecord[C][]): CopySnapshot<C> {
  const state = CopyState.of(INDEX_RULES[collection], records, []);
  return new CopySnapshot(collection, state, { province: P, system: 'test', fetchedAt: DATASET_NOW.toISOString(), failure: null, freshUntil: 0, syncedAt: 42 });
}

function recordsOf<C extends Collection>(collection: C): CollectionRecord[C][] {
  return (dataset[collection] as CollectionRecord[C][]).filter((r) => r.province === P).map((r) => structuredClone(r));
}

/** The page the connections answered before: every matching record, sorted. */
function sortedPage<C extends Collection>(collection: C, snapshot: CopySnapshot<C>, matches: Predicate<C>, first: number, after: SortKey | null): Page<Served<CollectionRecord[C]>> {
  const { order, keyOf } = CONNECTION_ORDER[collection];
  return servePage(paginate(snapshot.records.filter(matches).map((node) => ({ node, key: keyOf(node) })), order, first, after, snapshot.syncedAt), snapshot.serve);
}

const FILTERS: { [C in Collection]: { name: string; matches: (snapshot: CopySnapshot<C>) => Predicate<C>; filter: object }[] } = {
  waybills: [
    { name: 'in transit', filter: { statuses: ['IN_TRANSIT'] }, matches: () => waybillPredicate({ statuses: ['IN_TRANSIT'] } as WaybillFilter) },
    { name: 'class 3 goods', filter: { hazardClasses: ['CLASS_3'] }, matches: () => waybillPredicate({ hazardClasses: ['CLASS_3'] } as WaybillFilter) },
    { name: 'one plate', filter: { plate: 'x' }, matches: (s) => waybillPredicate({ plate: s.records[3].plate } as WaybillFilter) },
  ],
  warnings: [
    { name: 'orange and above', filter: { minLevel: 'ORANGE' }, matches: (s) => warningPredicate({ minLevel: 'ORANGE' } as WarningFilter, (id) => s.index.referrers.get(id)) },
    { name: 'gales', filter: { events: ['GALE'] }, matches: (s) => warningPredicate({ events: ['GALE'] } as WarningFilter, (id) => s.index.referrers.get(id)) },
  ],
  enterprises: [
    { name: 'class 3 chemicals', filter: { hazardClasses: ['CLASS_3'] }, matches: () => enterprisePredicate({ hazardClasses: ['CLASS_3'] } as EnterpriseFilter, DATASET_NOW) },
    { name: 'grade 1', filter: { majorHazardGrades: ['GRADE_1'] }, matches: () => enterprisePredicate({ majorHazardGrades: ['GRADE_1'] } as EnterpriseFilter, DATASET_NOW) },
  ],
  bases: [
    { name: 'on duty', filter: { onDuty: true }, matches: () => basePredicate({ onDuty: true } as RescueBaseFilter) },
    { name: 'hazmat capability', filter: { capabilities: ['HAZMAT'] }, matches: () => basePredicate({ capabilities: ['HAZMAT'] } as RescueBaseFilter) },
  ],
};

function expectSameFilteredPages<C extends Collection>(collection: C, snapshot: CopySnapshot<C>): void {
  const { keyOf } = CONNECTION_ORDER[collection];
  for (const { filter, matches: predicateOf } of FILTERS[collection]) {
    const matches = predicateOf(snapshot);
    const matching = snapshot.records.filter(matches);
    expect(matching.length).toBeGreaterThan(0);
    expect(matching.length).toBeLessThan(snapshot.size);
    const afters: (SortKey | null)[] = [null, keyOf(matching[0]), keyOf(matching[Math.floor(matching.length / 2)]), keyOf(snapshot.records[1]), keyOf(matching[matching.length - 1])];
    for (const after of afters) {
      for (const first of [0, 1, 7, 50, 500]) {
        const page = copyPage(snapshot, filter, keyOf, first, after, () => { throw new Error('sorted the copy'); }, matches);
        expect(page).toEqual(sortedPage(collection, snapshot, matches, first, after));
      }
    }
  }
}

describe("a filtered page in the connection's order, from the ordered index", () => {
  for (const collection of ['warnings', 'enterprises', 'waybills', 'bases'] as const) {
    it(`${collection}: equals the full sort of the matching records, record by record, before and after a re-sync`, () => {
      const records = recordsOf(collection);
      expectSameFilteredPages(collection, snapshotOf(collection, records));
      const resynced = records.filter((_, i) => i % 7 !== 0).map((r, i) => (i % 5 === 0 ? { ...r, updatedAt: new Date(DATASET_NOW.getTime() + i).toISOString() } : r));
      expectSameFilteredPages(collection, snapshotOf(collection, resynced));
    });
  }

  it('never sorts the copy: a filtered page makes no key comparison', () => {
    const snapshot = snapshotOf('waybills', recordsOf('waybills'));
    const filter = { statuses: ['IN_TRANSIT'] };
    const matches = waybillPredicate(filter as WaybillFilter);
    const compared = jest.spyOn(orders, 'compareKeys');
    try {
      const { keyOf } = CONNECTION_ORDER.waybills;
      const sorted = (): Page<Served<WaybillRecord>> => sortedPage('waybills', snapshot, matches, 5, null);
      const matching = snapshot.records.filter(matches).length;
      expect(matching).toBeGreaterThan(5);
      const page = copyPage(snapshot, filter, keyOf, 5, null, sorted, matches);
      expect(page.edges).toHaveLength(5);
      expect(compared).not.toHaveBeenCalled();
      // The same spy sees the sort when the index cannot answer (a distance order: no predicate given).
      copyPage(snapshot, filter, keyOf, 5, null, sorted, null);
      expect(compared.mock.calls.length).toBeGreaterThanOrEqual(matching - 1);
    } finally {
      compared.mockRestore();
    }
  });
});
