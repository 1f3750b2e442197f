import type { FieldNode } from 'graphql';
import { decodeCursor, isSortKey, startCursorFrom, type SortKey } from '../../schema/cursor';
import { SHARD_CODES, type ShardCode } from './shard-code';
import { PROVINCE_CODES } from '../../schema/model';
import { encodeComposite, type CompositePosition } from './composite-cursor';
import { positionsAsked } from './connection-field';
import { fieldKeys, findField } from './document';
import { ROUTER_ALIAS_PREFIX, isObject, type Json, type JsonObject } from './json';
import { mergeOrganisation, type ShardPart } from './merge';

const EDGES = `${ROUTER_ALIAS_PREFIX}e`;
const CURSOR = `${ROUTER_ALIAS_PREFIX}c`;
const SORT_KEY = `${ROUTER_ALIAS_PREFIX}k`;
const PAGE = `${ROUTER_ALIAS_PREFIX}pi`;
const TOTAL = `${ROUTER_ALIAS_PREFIX}n`;
const UNAVAILABLE = `${ROUTER_ALIAS_PREFIX}u`;
const NODE_KEY = `${ROUTER_ALIAS_PREFIX}key`;
const SHARED = `${ROUTER_ALIAS_PREFIX}s`;

export interface ConnectionPart {
  province: ShardCode;
  /** The province's connection object; null when it failed. */
  value: JsonObject | null;
}

export interface MergedConnection {
  value: JsonObject;
  /** Where each province's edge i went in the merged page (absent: not in this page). */
  edgeIndex: Map<ShardCode, Map<number, number>>;
  /** Where each province's completion edge i went in the merged page. */
  completionIndex: Map<ShardCode, Map<number, number>>;
  /** The response key of the edges list the indexes refer to. */
  edgesKeys: readonly string[];
  /** Provinces whose page was left out because an edge of it came without a sort key (they count as unavailable). */
  rejected: ShardCode[];
  /** The merged page's records: each one's organisation key (organisations only) and the provinces whose parts it holds; built when asked. */
  records(): { key: string | null; provinces: ShardCode[] }[];
}

export interface MergeOptions {
  field: FieldNode;
  first: number;
  incoming: CompositePosition;
  parts: readonly ConnectionPart[];
  /** Provinces asked but not answering. */
  unavailable: readonly ShardCode[];
  /** Comparison of two edges' sort keys, in the connection's documented order. */
  compareKeys: SortKeyComparator;
  organisations: boolean;
  /**
   * Provinces' parts of this page's organisations that their own (filtered) pages left out:
   * merged into the page's records, without moving any province's position.
   */
  completions?: readonly ConnectionPart[];
  /** Parts carry the keys another province may hold too, so that totalCount counts each record once. */
  sharedKeys?: boolean;
}

interface Head {
  province: ShardCode;
  value: JsonObject;
  edges: JsonObject[];
  /** Each edge's sort key. */
  keys: SortKey[];
  next: number;
}

/** One province's edge in the merged page: its connection answer and the edge's index there. */
interface Member {
  province: ShardCode;
  value: JsonObject;
  edges: JsonObject[];
  index: number;
}

/** Compares two sort keys in a connection's documented order (schema/orders.ts). */
export type SortKeyComparator = (a: SortKey, b: SortKey) => number;

function edgesOf(value: JsonObject, keys: readonly string[]): JsonObject[] {
  const list = value[keys[0] ?? EDGES] ?? value[EDGES];
  return Array.isArray(list) ? list.filter(isObject) : [];
}

/** The organisation key the router asked for inside an edge's node. */
function organisationKeyOf(edge: JsonObject | undefined): string | null {
  if (!edge) return null;
  for (const v of Object.values(edge)) if (isObject(v) && typeof v[NODE_KEY] === 'string') return v[NODE_KEY] as string;
  return null;
}

const provinceOrder = (a: Member, b: Member): number => SHARD_CODES.indexOf(a.province) - SHARD_CODES.indexOf(b.province);

function noteIndex(map: Map<ShardCode, Map<number, number>>, province: ShardCode, from: number, to: number): void {
  const indexes = map.get(province) ?? new Map<number, number>();
  indexes.set(from, to);
  map.set(province, indexes);
}

/**
 * Merges the provinces' pages of one connection in its documented order: a k-way merge of the
 * pages by their edges' sort keys, the first `first` taken, each edge's cursor the composite
 * position just after it, so that resuming from any cursor neither skips nor repeats a record.
 */
export function mergeConnection(options: MergeOptions): MergedConnection {
  const { field, first, incoming, parts, compareKeys, organisations } = options;
  const keys = fieldKeys(field.selectionSet);
  const edgesKeys = keys.get('edges') ?? [];
  const heads: Head[] = [];
  const rejected: ShardCode[] = [];
  for (const p of parts) {
    if (p.value === null) continue;
    const edges = edgesOf(p.value, edgesKeys);
    const keys = edges.map(sortKeyOf);
    if (keys.every((k): k is SortKey => k !== null)) heads.push({ province: p.province, value: p.value, edges, keys, next: 0 });
    else rejected.push(p.province);
  }
  // Composite cursors are built only where the client asks for one (an edge's cursor, the page's endCursor).
  const cursorKeys = new Map(edgesKeys.map((rk) => [rk, fieldKeys(findField(field.selectionSet, rk)?.selectionSet).get('cursor') ?? []]));
  const edgeCursors = [...cursorKeys.values()].some((ks) => ks.length > 0);
  const withPositions = positionsAsked(field);

  const positions = { ...incoming.positions };
  // A province none of whose records are taken yet keeps the copy its page came from, for the next pages.
  for (const h of withPositions ? heads : []) {
    if (positions[h.province] !== undefined || h.edges.length === 0) continue;
    const start = startCursorFrom(String(h.edges[0][CURSOR]));
    if (start !== null) positions[h.province] = start;
  }
  const taken: { leader: Member; members: Member[] }[] = [];
  const cursors: string[] = [];
  const edgeIndex = new Map<ShardCode, Map<number, number>>();
  const completionIndex = new Map<ShardCode, Map<number, number>>();

  while (taken.length < first) {
    let best: Head | null = null;
    for (const h of heads) {
      if (h.next >= h.edges.length) continue;
      if (!best || compareKeys(h.keys[h.next], best.keys[best.next]) < 0) best = h;
    }
    if (!best) break;
    const leaderKey = best.keys[best.next];
    const group = organisations ? heads.filter((h) => h.next < h.edges.length && compareKeys(h.keys[h.next], leaderKey) === 0) : [best];
    const mergedIndex = taken.length;
    const members = group.map((h): Member => {
      const member = { province: h.province, value: h.value, edges: h.edges, index: h.next };
      noteIndex(edgeIndex, h.province, h.next, mergedIndex);
      if (withPositions) positions[h.province] = String(h.edges[h.next][CURSOR]);
      h.next += 1;
      return member;
    });
    const leader = members.find((m) => m.province === best.province) as Member;
    taken.push({ leader, members });
    if (edgeCursors) cursors.push(encodeComposite({ ...incoming, positions: { ...positions } }));
  }

  if (organisations && options.completions) {
    const extra = options.completions
      .filter((c): c is { province: ShardCode; value: JsonObject } => c.value !== null)
      .map((c) => ({ province: c.province, value: c.value, edges: edgesOf(c.value, edgesKeys) }));
    taken.forEach((t, mergedIndex) => {
      const key = organisationKeyOf(t.leader.edges[t.leader.index]);
      if (key === null) return;
      for (const c of extra) {
        if (t.members.some((m) => m.province === c.province)) continue;
        const index = c.edges.findIndex((e) => organisationKeyOf(e) === key);
        if (index < 0) continue;
        t.members.push({ ...c, index });
        noteIndex(completionIndex, c.province, index, mergedIndex);
      }
      t.members.sort(provinceOrder);
    });
  }

  const morePending = heads.some((h) => h.next < h.edges.length);
  const moreBeyond = heads.some((h) => {
    const page = h.value[PAGE];
    return isObject(page) && page.hasNextPage === true && h.next >= h.edges.length;
  });
  const hasNextPage = morePending || moreBeyond;
  // The position after the page's last edge: its cursor when edges have theirs.
  const endCursor = (): string => cursors.at(-1) ?? encodeComposite({ ...incoming, positions });

  const edgeAt = (m: Member, key: string): JsonObject | undefined => {
    const list = m.value[key];
    const edge = Array.isArray(list) ? list[m.index] : undefined;
    return isObject(edge) ? edge : undefined;
  };
  const mergedEdges = (key: string): Json[] =>
    taken.map((t) => {
      const own = withoutRouterKeys(edgeAt(t.leader, key) ?? t.leader.edges[t.leader.index]);
      if (!organisations || t.members.length === 1) return own;
      const edgeSelection = findField(field.selectionSet, key)?.selectionSet;
      const mergedEdge: JsonObject = own;
      for (const nk of fieldKeys(edgeSelection).get('node') ?? []) {
        const nodeParts: ShardPart[] = t.members.map((m) => ({ province: m.province, value: edgeAt(m, key)?.[nk] }));
        mergedEdge[nk] = mergeOrganisation(nodeParts, findField(edgeSelection, nk)?.selectionSet);
      }
      return mergedEdge;
    });

  const value: JsonObject = {};
  const anyValue = heads[0]?.value;
  for (const [name, rks] of keys) {
    for (const rk of rks) {
      switch (name) {
        case 'edges': {
          const list = mergedEdges(rk);
          const edgeCursorKeys = cursorKeys.get(rk) ?? [];
          list.forEach((e, i) => {
            if (isObject(e)) for (const ck of edgeCursorKeys) e[ck] = cursors[i];
          });
          value[rk] = list;
          break;
        }
        case 'pageInfo': {
          const pageKeys = fieldKeys(findField(field.selectionSet, rk)?.selectionSet);
          const page: JsonObject = {};
          for (const k of pageKeys.get('hasNextPage') ?? []) page[k] = hasNextPage;
          for (const k of pageKeys.get('endCursor') ?? []) page[k] = endCursor();
          for (const k of pageKeys.get('__typename') ?? []) page[k] = 'PageInfo';
          value[rk] = page;
          break;
        }
        case 'totalCount':
          value[rk] = totalCount(heads, options.sharedKeys === true);
          break;
        case 'unavailableProvinces': {
          const reported = heads.flatMap((h) => (Array.isArray(h.value[UNAVAILABLE]) ? (h.value[UNAVAILABLE] as Json[]) : []));
          const all = new Set<string>([...options.unavailable, ...rejected, ...reported.filter((r): r is string => typeof r === 'string')]);
          value[rk] = PROVINCE_CODES.filter((c) => all.has(c));
          break;
        }
        default:
          value[rk] = anyValue ? (anyValue[rk] ?? null) : null;
      }
    }
  }
  const records = () => taken.map((t) => ({ key: organisationKeyOf(t.leader.edges[t.leader.index]), provinces: t.members.map((m) => m.province) }));
  return { value, edgeIndex, completionIndex, edgesKeys, rejected, records };
}

/**
 * A taken edge as the page holds it: the province's edge without what the router asked beside the
 * client's fields (its sort key, cursor, organisation key). A copy: deleting them from the
 * province's parsed edge cost more (V8 reshapes an object a key is deleted from).
 */
function withoutRouterKeys(edge: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const key in edge) if (!key.startsWith(ROUTER_ALIAS_PREFIX)) out[key] = edge[key];
  return out;
}

/** An edge's sort key as its province answered it: its `sortKey`, or, from a province that does not serve that field, its cursor's; null without either. */
function sortKeyOf(edge: JsonObject): SortKey | null {
  const key = edge[SORT_KEY];
  if (isSortKey(key)) return key;
  const cursor = edge[CURSOR];
  if (key !== undefined || typeof cursor !== 'string') return null;
  try {
    return decodeCursor(cursor);
  } catch {
    return null;
  }
}

/** The provinces' totals summed; with shared keys, a key that several provinces count is counted once. */
function totalCount(heads: readonly Head[], sharedKeys: boolean): number {
  let sum = 0;
  const shared = new Set<string>();
  for (const h of heads) {
    const n = h.value[TOTAL];
    if (typeof n === 'number') sum += n;
    const keys = h.value[SHARED];
    if (!sharedKeys || !Array.isArray(keys)) continue;
    for (const k of keys) {
      if (typeof k !== 'string') continue;
      sum -= 1;
      shared.add(k);
    }
  }
  return sum + shared.size;
}
