import { Kind, type ArgumentNode, type FieldNode, type SelectionNode, type SelectionSetNode } from 'graphql';
import { PROVINCE_CODES, type ProvinceCode } from '../../schema/model';
import { encodeComposite, type CompositePosition } from './composite-cursor';
import { aliasedField, responseKey, selectionSetOf } from './document';
import { ROUTER_ALIAS_PREFIX, isObject, type Json, type JsonObject } from './json';
import { fieldKeys, mergeOrganisation, type ShardPart } from './merge';

const EDGES = `${ROUTER_ALIAS_PREFIX}e`;
const CURSOR = `${ROUTER_ALIAS_PREFIX}c`;
const PAGE = `${ROUTER_ALIAS_PREFIX}pi`;
const TOTAL = `${ROUTER_ALIAS_PREFIX}n`;
const UNAVAILABLE = `${ROUTER_ALIAS_PREFIX}u`;
const NODE_KEY = `${ROUTER_ALIAS_PREFIX}key`;

/**
 * The connection field as sent to one province: its page starts after that province's position,
 * and it also answers what merging needs (each edge's own cursor, hasNextPage, totalCount,
 * unavailableProvinces, and an organisation's key).
 */
export function connectionFieldForShard(field: FieldNode, after: string | undefined, organisations: boolean): FieldNode {
  const args: ArgumentNode[] = (field.arguments ?? []).filter((a) => a.name.value !== 'after');
  if (after !== undefined) {
    args.push({ kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: 'after' }, value: { kind: Kind.STRING, value: after } });
  }
  const keys = fieldKeys(field.selectionSet);
  const edgeExtras: SelectionNode[] = [aliasedField('c', 'cursor')];
  if (organisations) edgeExtras.push(aliasedField('n', 'node', selectionSetOf([aliasedField('key', 'key')])));
  const selections: SelectionNode[] = (field.selectionSet?.selections ?? []).map((s) => addToEdges(s, edgeExtras, organisations));
  if (!keys.has('edges')) selections.push(aliasedField('e', 'edges', selectionSetOf(edgeExtras)));
  selections.push(
    aliasedField('pi', 'pageInfo', selectionSetOf([{ kind: Kind.FIELD, name: { kind: Kind.NAME, value: 'hasNextPage' } }])),
    aliasedField('n', 'totalCount'),
    aliasedField('u', 'unavailableProvinces'),
  );
  return { ...field, arguments: args, selectionSet: selectionSetOf(selections) };
}

function addToEdges(s: SelectionNode, extras: SelectionNode[], organisations: boolean): SelectionNode {
  if (s.kind === Kind.INLINE_FRAGMENT) {
    return { ...s, selectionSet: selectionSetOf(s.selectionSet.selections.map((x) => addToEdges(x, extras, organisations))) };
  }
  if (s.kind !== Kind.FIELD || s.name.value !== 'edges' || !s.selectionSet) return s;
  const inner = s.selectionSet.selections.map((e): SelectionNode => {
    if (organisations && e.kind === Kind.FIELD && e.name.value === 'node' && e.selectionSet) {
      return { ...e, selectionSet: selectionSetOf([...e.selectionSet.selections, aliasedField('key', 'key')]) };
    }
    return e;
  });
  const extra = organisations && inner.some((e) => e.kind === Kind.FIELD && e.name.value === 'node') ? extras.slice(0, 1) : extras;
  return { ...s, selectionSet: selectionSetOf([...inner, ...extra]) };
}

export interface ConnectionPart {
  province: ProvinceCode;
  /** The province's connection object; null when it failed. */
  value: JsonObject | null;
}

export interface MergedConnection {
  value: JsonObject;
  /** Where each province's edge i went in the merged page (absent: not in this page). */
  edgeIndex: Map<ProvinceCode, Map<number, number>>;
  /** The response key of the edges list the indexes refer to. */
  edgesKeys: string[];
}

export interface MergeOptions {
  field: FieldNode;
  first: number;
  incoming: CompositePosition;
  parts: readonly ConnectionPart[];
  /** Provinces asked but not answering. */
  unavailable: readonly ProvinceCode[];
  /** Sort-key comparison of two province cursors, in the connection's documented order. */
  compareCursors: (a: string, b: string) => number;
  organisations: boolean;
}

interface Head {
  province: ProvinceCode;
  edges: JsonObject[];
  next: number;
}

function edgesOf(value: JsonObject, keys: string[]): JsonObject[] {
  const list = value[keys[0] ?? EDGES] ?? value[EDGES];
  return Array.isArray(list) ? list.filter(isObject) : [];
}

/**
 * Merges the provinces' pages of one connection in its documented order: a k-way merge of the
 * pages by their edges' sort keys, the first `first` taken, each edge's cursor the composite
 * position just after it, so that resuming from any cursor neither skips nor repeats a record.
 */
export function mergeConnection(options: MergeOptions): MergedConnection {
  const { field, first, incoming, parts, compareCursors, organisations } = options;
  const keys = fieldKeys(field.selectionSet);
  const edgesKeys = keys.get('edges') ?? [];
  const heads: Head[] = parts
    .filter((p): p is { province: ProvinceCode; value: JsonObject } => p.value !== null)
    .map((p) => ({ province: p.province, edges: edgesOf(p.value, edgesKeys), next: 0 }));

  const positions = { ...incoming.positions };
  const taken: { province: ProvinceCode; index: number; edge: JsonObject; group: { province: ProvinceCode; edge: JsonObject }[] }[] = [];
  const cursors: string[] = [];
  const edgeIndex = new Map<ProvinceCode, Map<number, number>>();
  const cursorOf = (e: JsonObject): string => String(e[CURSOR]);

  while (taken.length < first) {
    let best: Head | null = null;
    for (const h of heads) {
      if (h.next >= h.edges.length) continue;
      if (!best || compareCursors(cursorOf(h.edges[h.next]), cursorOf(best.edges[best.next])) < 0) best = h;
    }
    if (!best) break;
    const leader = best.edges[best.next];
    const group = organisations
      ? heads.filter((h) => h.next < h.edges.length && compareCursors(cursorOf(h.edges[h.next]), cursorOf(leader)) === 0)
      : [best];
    const mergedIndex = taken.length;
    const members = group.map((h) => {
      const edge = h.edges[h.next];
      const indexes = edgeIndex.get(h.province) ?? new Map<number, number>();
      indexes.set(h.next, mergedIndex);
      edgeIndex.set(h.province, indexes);
      positions[h.province] = cursorOf(edge);
      h.next += 1;
      return { province: h.province, edge };
    });
    taken.push({ province: best.province, index: best.next - 1, edge: leader, group: members });
    cursors.push(encodeComposite({ ...incoming, positions: { ...positions } }));
  }

  const morePending = heads.some((h) => h.next < h.edges.length);
  const moreBeyond = parts.some((p) => {
    if (!p.value) return false;
    const page = p.value[PAGE];
    const head = heads.find((h) => h.province === p.province);
    return isObject(page) && page.hasNextPage === true && head !== undefined && head.next >= head.edges.length;
  });
  const hasNextPage = morePending || moreBeyond;
  const endCursor = cursors.length > 0 ? cursors[cursors.length - 1] : encodeComposite({ ...incoming, positions });

  const mergedEdges = (key: string): Json[] =>
    taken.map((t) => {
      const own = edgesFor(parts, t.province, key)[indexOfEdge(parts, t.province, edgesKeys, t.edge)];
      if (!organisations || t.group.length === 1) return own ?? t.edge;
      const nodeKeys = fieldKeys(findField(field.selectionSet, key)?.selectionSet).get('node') ?? [];
      const mergedEdge: JsonObject = { ...(own ?? t.edge) };
      const nodeSelection = findField(findField(field.selectionSet, key)?.selectionSet, nodeKeys[0] ?? 'node')?.selectionSet;
      for (const nk of nodeKeys) {
        const nodeParts: ShardPart[] = t.group.map((g) => {
          const e = edgesFor(parts, g.province, key)[indexOfEdge(parts, g.province, edgesKeys, g.edge)];
          return { province: g.province, value: e ? e[nk] : undefined };
        });
        mergedEdge[nk] = mergeOrganisation(nodeParts, nodeSelection);
      }
      return mergedEdge;
    });

  const value: JsonObject = {};
  const anyValue = parts.find((p) => p.value !== null)?.value;
  for (const [name, rks] of keys) {
    for (const rk of rks) {
      switch (name) {
        case 'edges': {
          const list = mergedEdges(rk);
          const cursorKeys = fieldKeys(findField(field.selectionSet, rk)?.selectionSet).get('cursor') ?? [];
          list.forEach((e, i) => {
            if (isObject(e)) for (const ck of cursorKeys) e[ck] = cursors[i];
          });
          value[rk] = list;
          break;
        }
        case 'pageInfo': {
          const pageKeys = fieldKeys(findField(field.selectionSet, rk)?.selectionSet);
          const page: JsonObject = {};
          for (const k of pageKeys.get('hasNextPage') ?? []) page[k] = hasNextPage;
          for (const k of pageKeys.get('endCursor') ?? []) page[k] = endCursor;
          for (const k of pageKeys.get('__typename') ?? []) page[k] = 'PageInfo';
          value[rk] = page;
          break;
        }
        case 'totalCount':
          value[rk] = parts.reduce((sum, p) => sum + (p.value && typeof p.value[TOTAL] === 'number' ? (p.value[TOTAL] as number) : 0), 0);
          break;
        case 'unavailableProvinces': {
          const reported = parts.flatMap((p) => (p.value && Array.isArray(p.value[UNAVAILABLE]) ? (p.value[UNAVAILABLE] as Json[]) : []));
          const all = new Set<string>([...options.unavailable, ...reported.filter((r): r is string => typeof r === 'string')]);
          value[rk] = PROVINCE_CODES.filter((c) => all.has(c));
          break;
        }
        default:
          value[rk] = anyValue ? (anyValue[rk] ?? null) : null;
      }
    }
  }
  return { value, edgeIndex, edgesKeys };
}

function edgesFor(parts: readonly ConnectionPart[], province: ProvinceCode, key: string): (JsonObject | undefined)[] {
  const value = parts.find((p) => p.province === province)?.value;
  const list = value ? value[key] : undefined;
  return Array.isArray(list) ? list.map((e) => (isObject(e) ? e : undefined)) : [];
}

function indexOfEdge(parts: readonly ConnectionPart[], province: ProvinceCode, edgesKeys: string[], edge: JsonObject): number {
  const value = parts.find((p) => p.province === province)?.value;
  return value ? edgesOf(value, edgesKeys).indexOf(edge) : -1;
}

export function findField(selectionSet: SelectionSetNode | undefined, key: string): FieldNode | undefined {
  if (!selectionSet) return undefined;
  for (const s of selectionSet.selections) {
    if (s.kind === Kind.FIELD && responseKey(s) === key) return s;
    if (s.kind === Kind.INLINE_FRAGMENT) {
      const found = findField(s.selectionSet, key);
      if (found) return found;
    }
  }
  return undefined;
}

export const CONNECTION_ALIASES = { NODE_KEY } as const;
