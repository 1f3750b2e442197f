/**
 * How the shard router treats each root field and entity type of the `provinces` subgraph.
 * The router's code is generic; what is routed by which key, what is scattered and how answers
 * merge is said here and nowhere else.
 */

import type { ShardCode } from './shard-code';

export type KeyKind = 'globalId' | 'creditCode' | 'adcode';

/** Orders of the connections; the sort keys and comparators live in schema/orders.ts. */
export type ConnectionMerge = 'sorted' | 'organisations';

export type RootFieldRule =
  /** One province, named by a key found at `arg` (a dotted path into the arguments). */
  | { kind: 'route'; key: KeyKind; arg: string }
  /**
   * Every province of `provincesArg` (all when absent), pages merged in the connection's order;
   * with `zoneArg`, only the provinces the zone's divisions lie in (records of this connection
   * lie in the province that holds them; waybills do not, so they scatter whatever the zone).
   * `otherShards`: sources that are no province but hold records of this connection (asked like a
   * province, and named in `provincesArg` like one), where the router has a subgraph for them.
   */
  | { kind: 'connection'; merge: ConnectionMerge; provincesArg?: string; zoneArg?: string; parts?: PartsRule; otherShards?: readonly ShardCode[] }
  /** Every province of `provincesArg` (all when absent), answers merged as `merge` says. */
  | { kind: 'scatter'; merge: ObjectMerge; provincesArg?: string };

/** concat: the provinces' lists one after another, in province order. */
export type ObjectMerge = 'vehicle' | 'materialTotals' | 'concat';

/**
 * A connection whose records are held in parts by several provinces (organisations by key).
 * Given one of `filters`, each province pages only the records its own part admits, so the router
 * asks the provinces missing from a page's record for their parts by `keysArg` (filters and
 * `after` dropped) and merges them in. `sharedKeysField` lists, per province, the keys of the
 * whole connection that another province may hold too, so that totalCount counts a record once.
 */
export interface PartsRule {
  keysArg: string;
  filters: readonly string[];
  sharedKeysField: string;
}

export const ROOT_FIELDS: Readonly<Record<string, RootFieldRule>> = {
  node: { kind: 'route', key: 'globalId', arg: 'id' },
  warning: { kind: 'route', key: 'globalId', arg: 'id' },
  waybill: { kind: 'route', key: 'globalId', arg: 'id' },
  rescueBase: { kind: 'route', key: 'globalId', arg: 'id' },
  mutualAidRequest: { kind: 'route', key: 'globalId', arg: 'id' },
  hazmatEnterprise: { kind: 'route', key: 'creditCode', arg: 'creditCode' },
  requestMutualAid: { kind: 'route', key: 'globalId', arg: 'input.baseId' },
  warnings: { kind: 'connection', merge: 'sorted', provincesArg: 'filter.provinces', zoneArg: 'filter.zone' },
  hazmatEnterprises: { kind: 'connection', merge: 'sorted', provincesArg: 'filter.provinces', zoneArg: 'filter.zone' },
  waybills: { kind: 'connection', merge: 'sorted', provincesArg: 'filter.provinces' },
  rescueBases: { kind: 'connection', merge: 'sorted', provincesArg: 'filter.provinces', zoneArg: 'filter.zone' },
  resourceView: { kind: 'connection', merge: 'organisations', parts: { keysArg: 'keys', filters: ['updatedSince'], sharedKeysField: 'creditCodes' } },
  vehicle: { kind: 'scatter', merge: 'vehicle' },
  materialTotals: { kind: 'scatter', merge: 'materialTotals', provincesArg: 'filter.provinces' },
  dataQuality: { kind: 'scatter', merge: 'concat', provincesArg: 'sources' },
  removedRecords: { kind: 'connection', merge: 'sorted', provincesArg: 'sources', otherShards: ['CR'] },
};

export type EntityRule =
  /** Routed by the first of these key fields that the representation carries. */
  | { kind: 'route'; keys: readonly { field: string; key: KeyKind }[] }
  | { kind: 'scatter'; merge: ObjectMerge };

export const ENTITIES: Readonly<Record<string, EntityRule>> = {
  Warning: { kind: 'route', keys: [{ field: 'id', key: 'globalId' }] },
  Waybill: { kind: 'route', keys: [{ field: 'id', key: 'globalId' }] },
  RescueBase: { kind: 'route', keys: [{ field: 'id', key: 'globalId' }] },
  MutualAidRequest: { kind: 'route', keys: [{ field: 'id', key: 'globalId' }] },
  HazmatEnterprise: { kind: 'route', keys: [{ field: 'id', key: 'globalId' }, { field: 'creditCode', key: 'creditCode' }] },
  AdminDivision: { kind: 'route', keys: [{ field: 'adcode', key: 'adcode' }] },
  Vehicle: { kind: 'scatter', merge: 'vehicle' },
};

/**
 * Fields of provinces types that return an entity another shard may hold. The query planner sees
 * one `provinces` subgraph and plans no hop for them, so the router asks the shard for the key
 * only and resolves the reference itself, routed or scattered by that key.
 */
export const CROSS_SHARD_REFERENCES: Readonly<Record<string, { type: string; keys: readonly string[] }>> = {
  'WaybillParty.enterprise': { type: 'HazmatEnterprise', keys: ['creditCode'] },
  'Waybill.vehicle': { type: 'Vehicle', keys: ['plate'] },
};

/** Fields the router needs in shard answers to merge lists, whatever the client selected. */
export const MERGE_FIELDS: Readonly<Record<string, readonly string[]>> = {
  'Vehicle.track': ['at'],
  'Vehicle.waybills': ['departedAt', 'id'],
  'Query.materialTotals': ['code', 'unit', 'quantity'],
  'MaterialTotal.byProvince': ['province', 'quantity'],
  'ResourceOrganisation.materials': ['code', 'unit', 'quantity'],
  'ResourceOrganisation.provinces': [],
};
