import { toBeijingIso } from '../../../../adapters/kit/beijing-time';
import type { Collection, CollectionRecord } from '../../../../adapters/kit/province-adapter';
import type { SortKey } from '../../../../schema/cursor';
import { WARNING_LEVELS } from '../../../../schema/model';
import { CONNECTION_ORDER } from '../../../../subgraphs/province/copy/connection-order';
import { CopyState } from '../../../../subgraphs/province/copy/copy-state';
import { INDEX_RULES, type StoredIndex } from '../../../../subgraphs/province/copy/indexes';
import { CopySnapshot } from '../../../../subgraphs/province/copy/snapshot';
import { pageInOrder, paginate, servePage } from '../../../../subgraphs/province/paging';
import { DATASET_NOW, testDataset } from '../../../fixtures/dataset-adapter';

/**
 * Issue 27: each collection's connection order kept as an index of the copy, so that an unfiltered
 * page costs O(page + log n). Pinned against the full sort the connections made before (paginate
 * over every record), through random re-syncs, from the start and after cursors.
 */

const dataset = testDataset();
const P = 'JS';
const COLLECTIONS: readonly Collection[] = ['warnings', 'enterprises', 'waybills', 'bases'];

type State<C extends Collection> = CopyState<CollectionRecord[C], StoredIndex<CollectionRecord[C]>>;

/** A seeded pseudo-random sequence, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed;
  return () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
}

function snapshotOf<C extends Collection>(collection: C, state: State<C>): CopySnapshot<C> {
  return new CopySnapshot(collection, state, { province: P, system: 'test', fetchedAt: DATASET_NOW.toISOString(), failure: null, freshUntil: 0, syncedAt: 42 });
}

function recordsOf<C extends Collection>(collection: C): CollectionRecord[C][] {
  return (dataset[collection] as CollectionRecord[C][]).filter((r) => r.province === P).map((r) => structuredClone(r));
}

/** A change that moves a record in its order: its sort fields shifted, or a new record with the same ones (a tie). */
function changed<C extends Collection>(collection: C, record: CollectionRecord[C], next: () => number, i: number): CollectionRecord[C] {
  const at = (days: number): string => toBeijingIso(new Date(DATASET_NOW.getTime() + Math.round(days * 86_400_000)));
  const updatedAt = at(1 + i / 1000);
  const r = { ...record, updatedAt } as CollectionRecord[Collection];
  if (next() < 0.2) return { ...r, id: `${record.id}-copy${i}`, sourceId: `${record.sourceId}-copy${i}` } as CollectionRecord[C];
  if ('departedAt' in r) return { ...r, departedAt: next() < 0.2 ? null : at(-30 * next()) } as CollectionRecord[C];
  if ('issuedAt' in r) return { ...r, issuedAt: at(-10 * next()), level: WARNING_LEVELS[Math.floor(next() * WARNING_LEVELS.length)] } as CollectionRecord[C];
  if ('creditCode' in r && 'chemicals' in r) {
    const codes = recordsOf('enterprises');
    const other = codes[Math.floor(next() * Math.min(10, codes.length))];
    return { ...r, creditCode: other.creditCode } as CollectionRecord[C];
  }
  return r as CollectionRecord[C];
}

/** Every page of every size shape the connections answer: from the start and after several keys. */
function expectSamePages<C extends Collection>(collection: C, snapshot: CopySnapshot<C>, next: () => number): void {
  const { order, keyOf } = CONNECTION_ORDER[collection];
  const all = snapshot.records.map((node) => ({ node, key: keyOf(node) }));
  const afters: (SortKey | null)[] = [null, ...Array.from({ length: 6 }, () => keyOf(snapshot.records[Math.floor(next() * snapshot.records.length)]))];
  for (const after of afters) {
    for (const first of [0, 1, 7, 50, 500]) {
      expect(pageInOrder(snapshot, keyOf, first, after, snapshot.syncedAt)).toEqual(servePage(paginate(all, order, first, after, snapshot.syncedAt), snapshot.serve));
    }
  }
  const whole = [...(snapshot.inOrder(null) ?? [])].map((r) => r.id);
  expect(whole).toEqual(paginate(all, order, 500_000, null, null).edges.map((e) => e.node.id));
}

/** Random re-syncs (changes that move records, ties, new records, drops), each state's pages checked against the full sort. */
function pinThroughResyncs<C extends Collection>(collection: C): void {
  const next = random(27);
  const source = recordsOf(collection);
  expect(source.length).toBeGreaterThan(5);
  let state: State<C> = CopyState.of(INDEX_RULES[collection], source, []);
  expectSamePages(collection, snapshotOf(collection, state), next);
  for (let round = 0; round < 12; round++) {
    const before = snapshotOf(collection, state);
    const beforeOrder = [...(before.inOrder(null) ?? [])].map((r) => r.id);
    const held = [...state.records.values()];
    for (let k = 0; k < 5; k++) {
      const pick = held[Math.floor(next() * held.length)];
      if (next() < 0.25) state = state.drop(pick.id);
      else state = state.put(changed(collection, pick, next, round * 10 + k));
    }
    expectSamePages(collection, snapshotOf(collection, state), next);
    expect([...(before.inOrder(null) ?? [])].map((r) => r.id)).toEqual(beforeOrder);
  }
}

describe("each collection's connection order, kept as an index of the copy", () => {
  for (const collection of COLLECTIONS) {
    it(`${collection}: pages read from the index equal the full sort, before and after random re-syncs`, () => pinThroughResyncs(collection));
  }

  it('falls back to sorting (null) while a record cannot be ordered exactly, and for a cursor of another shape', () => {
    const source = recordsOf('waybills');
    let state = CopyState.of(INDEX_RULES.waybills, source, []);
    expect(snapshotOf('waybills', state).inOrder(null)).not.toBeNull();
    const odd = { ...source[0], id: `${source[0].id}-odd`, sourceId: `${source[0].sourceId}-odd`, departedAt: 'not a time' };
    state = state.put(odd);
    expect(snapshotOf('waybills', state).inOrder(null)).toBeNull();
    state = state.drop(odd.id);
    const snapshot = snapshotOf('waybills', state);
    expect(snapshot.inOrder(null)).not.toBeNull();
    expect(snapshot.inOrder(['x', source[0].id])).toBeNull();
    expect(snapshot.inOrder([1.5, source[0].id])).toBeNull();
    expect(snapshot.inOrder([null, source[0].id])).not.toBeNull();
  });
});
