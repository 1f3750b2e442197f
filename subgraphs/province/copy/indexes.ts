import type { Collection, CollectionRecord } from '../../../adapters/kit/province-adapter';
import { ancestors } from '../../../schema/geography';
import type { HazmatEnterpriseRecord, Provenance, RescueBaseRecord, WarningRecord, WaybillRecord } from '../../../schema/model';
import type { IndexRules } from './copy-state';
import { PersistentUniqueMap, type Grouping } from './persistent-map';
import { PersistentMultiMap } from './persistent-multi-map';
import { finishedKey } from './history-window';
import { organisationKey } from '../organisations';
import { orderKeysOf, unorderedOf } from './connection-order';

/** A record as served: the contract record and where it came from. */
export type Served<T> = T & { provenance: Provenance };

/** Records grouped under a key, in id order; empty when none. */
export interface Group<V> {
  get(key: string): readonly V[];
}

/** One record per key. */
export interface Lookup<V> {
  get(key: string): V | undefined;
  has(key: string): boolean;
  values(): IterableIterator<V>;
}

export interface WarningIndex {
  /** Warnings by each adcode their areas name. */
  byArea: Group<Served<WarningRecord>>;
  /** The UPDATE and CANCEL messages that refer to a warning, by its id. */
  referrers: Group<Served<WarningRecord>>;
}

export interface EnterpriseIndex {
  byCreditCode: Lookup<Served<HazmatEnterpriseRecord>>;
  /** Enterprises by their division and every division that contains it. */
  byDivision: Group<Served<HazmatEnterpriseRecord>>;
}

export interface WaybillIndex {
  byPlate: Group<Served<WaybillRecord>>;
}

/** Groups of records under keys, walked in key order. */
export interface OrderedGroups<V> extends Group<V> {
  /** The groups under the keys strictly after `key` (all when null), in key order, each in id order. */
  groupsAfter(key: string | null): Iterable<readonly [string, readonly V[]]>;
  /** How many keys have records. */
  readonly size: number;
}

export interface BaseIndex {
  byDivision: Group<Served<RescueBaseRecord>>;
  /** Bases by their organisation's key (organisations.ts): the resource view's order. */
  byOrganisation: OrderedGroups<Served<RescueBaseRecord>>;
}

export interface IndexOf {
  warnings: WarningIndex;
  enterprises: EnterpriseIndex;
  waybills: WaybillIndex;
  bases: BaseIndex;
}

type Keys<R> = (record: R) => readonly string[];

/** The kept form of an index: groups of raw records under each of their keys, one group map per name. */
export type StoredIndex<R> = Readonly<Record<string, Grouping<R>>>;

/** How one collection's records are grouped: per group name, the keys a record is filed under. */
type Groupings<R> = Readonly<Record<string, Keys<R>>>;

function rulesOf<R extends { id: string }>(groupings: Groupings<R>, unique: ReadonlySet<string>): IndexRules<R, StoredIndex<R>> {
  const names = Object.keys(groupings);
  const each = (index: StoredIndex<R>, record: R, step: (map: Grouping<R>, key: string) => Grouping<R>): StoredIndex<R> =>
    Object.fromEntries(names.map((name) => [name, [...new Set(groupings[name](record))].reduce(step, index[name])]));
  const of = (name: string, entries: (readonly [string, string, R])[]): Grouping<R> => (unique.has(name) ? PersistentUniqueMap.of(entries) : PersistentMultiMap.of(entries));
  return {
    empty: Object.fromEntries(names.map((name) => [name, of(name, [])])),
    build: (records) => Object.fromEntries(names.map((name) => [name, of(name, records.flatMap((r) => [...new Set(groupings[name](r))].map((key) => [key, r.id, r] as const)))])),
    add: (index, record) => each(index, record, (map, key) => map.add(key, record.id, record)),
    remove: (index, record) => each(index, record, (map, key) => map.remove(key, record.id)),
  };
}

const divisions = <R extends { divisionCode: string }>(r: R): string[] => [r.divisionCode, ...ancestors(r.divisionCode)];

/**
 * The groupings whose keys each name one record, kept with one node per record: unordered files
 * ids, and an order whose key ends with the id (not enterprises', by credit code, which several
 * enterprises can share).
 */
const ONE_PER_ID: ReadonlySet<string> = new Set(['inOrder', 'unordered']);
const ONE_PER_ID_BUT_ORDER: ReadonlySet<string> = new Set(['unordered']);

/**
 * Every collection's records in its connection's order (inOrder), and those that order cannot place
 * (unordered). Bases are ordered by id, as the records themselves are kept: they have no index of
 * their own for it (the snapshot walks the records). Enterprises are ordered by credit code, so
 * their order is also their index by credit code.
 */
const ordered = <C extends Collection>(collection: C): Groupings<CollectionRecord[C]> => ({ inOrder: orderKeysOf(collection), unordered: unorderedOf(collection) });

const GROUPINGS: { [C in Collection]: Groupings<CollectionRecord[C]> } = {
  warnings: { byArea: (w) => w.areaCodes, referrers: (w) => (w.supersedesId ? [w.supersedesId] : []), ...ordered('warnings') },
  enterprises: { byDivision: divisions, ...ordered('enterprises') },
  waybills: { byPlate: (w) => [w.plate], finished: finishedKey, ...ordered('waybills') },
  bases: { byDivision: divisions, byOrganisation: (b) => [organisationKey(b)] },
};

export const INDEX_RULES: { [C in Collection]: IndexRules<CollectionRecord[C], StoredIndex<CollectionRecord[C]>> } = {
  warnings: rulesOf(GROUPINGS.warnings, ONE_PER_ID),
  enterprises: rulesOf(GROUPINGS.enterprises, ONE_PER_ID_BUT_ORDER),
  waybills: rulesOf(GROUPINGS.waybills, ONE_PER_ID),
  bases: rulesOf(GROUPINGS.bases, ONE_PER_ID),
};

type Serve<R> = (record: R) => Served<R>;

function group<R>(stored: Grouping<R>, serve: Serve<R>): Group<Served<R>> {
  return { get: (key) => stored.get(key).map(serve) };
}

function orderedGroups<R>(stored: Grouping<R>, serve: Serve<R>): OrderedGroups<Served<R>> {
  return {
    get: (key) => stored.get(key).map(serve),
    *groupsAfter(key) {
      for (const [k, members] of stored.groupsAfter(key)) yield [k, members.map(serve)] as const;
    },
    size: stored.size,
  };
}

/** Of several enterprises under one credit code, the one updated last (then the greatest id). */
function newestOf(list: readonly HazmatEnterpriseRecord[]): HazmatEnterpriseRecord | undefined {
  return list.reduce<HazmatEnterpriseRecord | undefined>((best, e) => (best === undefined || Date.parse(e.updatedAt) >= Date.parse(best.updatedAt) ? e : best), undefined);
}

function creditCodes(stored: Grouping<HazmatEnterpriseRecord>, serve: Serve<HazmatEnterpriseRecord>): Lookup<Served<HazmatEnterpriseRecord>> {
  const get = (code: string): Served<HazmatEnterpriseRecord> | undefined => {
    const found = newestOf(stored.get(code));
    return found && serve(found);
  };
  return {
    get,
    has: (code) => stored.get(code).length > 0,
    *values() {
      for (const code of stored.keys()) yield get(code) as Served<HazmatEnterpriseRecord>;
    },
  };
}

/** The index as a snapshot's readers see it: the stored groups, each record served with the snapshot's provenance. */
export const INDEX_VIEWS: { [C in Collection]: (stored: StoredIndex<CollectionRecord[C]>, serve: Serve<CollectionRecord[C]>) => IndexOf[C] } = {
  warnings: (s, serve) => ({ byArea: group(s.byArea, serve), referrers: group(s.referrers, serve) }),
  enterprises: (s, serve) => ({ byCreditCode: creditCodes(s.inOrder, serve), byDivision: group(s.byDivision, serve) }),
  waybills: (s, serve) => ({ byPlate: group(s.byPlate, serve) }),
  bases: (s, serve) => ({ byDivision: group(s.byDivision, serve), byOrganisation: orderedGroups(s.byOrganisation, serve) }),
};
