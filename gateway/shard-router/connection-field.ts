import { Kind, getNamedType, isObjectType, type ArgumentNode, type FieldNode, type GraphQLCompositeType, type GraphQLObjectType, type SelectionNode } from 'graphql';
import { aliasedField, fieldKeys, findField, selectionSetOf } from './document';
import { KeyedNodeMemo, NodeMemo } from './node-memo';

/**
 * The connection field as sent to one province: its page starts after that province's position,
 * and it also answers what merging needs (each edge's sort key, hasNextPage, totalCount,
 * unavailableProvinces, and an organisation's key and updatedAt), and each edge's own cursor where
 * the client asks for a position (an edge's cursor, the page's endCursor). `sortKeys`: whether the
 * provinces serve each edge's sortKey (servesSortKeys); where they do not (a subgraph older than
 * the field), every edge's cursor is asked, and the merge reads the keys out of the cursors.
 */
export function connectionFieldForShard(field: FieldNode, after: string | undefined, organisations: boolean, sharedKeysField?: string, sortKeys = true): FieldNode {
  // A first page is asked the same way every time; a later one carries its province's cursor.
  if (after === undefined) return firstPages.get(field, `${organisations}|${sharedKeysField ?? ''}|${sortKeys}`, () => shardConnectionField(field, undefined, organisations, sharedKeysField, sortKeys));
  return shardConnectionField(field, after, organisations, sharedKeysField, sortKeys);
}

const sortKeysServed = new NodeMemo<GraphQLObjectType, boolean>();

/** Whether a connection type's edges have the sortKey field (schema/province/sort-key.ts) in the shards' schema. */
export function servesSortKeys(connection: GraphQLCompositeType | null): boolean {
  if (!connection || !isObjectType(connection)) return false;
  return sortKeysServed.get(connection, () => {
    const edgesField = connection.getFields().edges;
    const edge = edgesField ? getNamedType(edgesField.type) : undefined;
    return edge !== undefined && isObjectType(edge) && edge.getFields().sortKey !== undefined;
  });
}

const firstPages = new KeyedNodeMemo<FieldNode, string, FieldNode>();

function shardConnectionField(field: FieldNode, after: string | undefined, organisations: boolean, sharedKeysField: string | undefined, sortKeys: boolean): FieldNode {
  const args: ArgumentNode[] = (field.arguments ?? []).filter((a) => a.name.value !== 'after');
  if (after !== undefined) {
    args.push({ kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: 'after' }, value: { kind: Kind.STRING, value: after } });
  }
  const keys = fieldKeys(field.selectionSet);
  const edgeExtras: SelectionNode[] = sortKeys ? [aliasedField('k', 'sortKey'), ...(positionsAsked(field) ? [aliasedField('c', 'cursor')] : [])] : [aliasedField('c', 'cursor')];
  if (organisations) edgeExtras.push(aliasedField('n', 'node', selectionSetOf([aliasedField('key', 'key')])));
  const selections: SelectionNode[] = (field.selectionSet?.selections ?? []).map((s) => addToEdges(s, edgeExtras, organisations));
  if (!keys.has('edges')) selections.push(aliasedField('e', 'edges', selectionSetOf(edgeExtras)));
  selections.push(
    aliasedField('pi', 'pageInfo', selectionSetOf([{ kind: Kind.FIELD, name: { kind: Kind.NAME, value: 'hasNextPage' } }])),
    aliasedField('n', 'totalCount'),
    aliasedField('u', 'unavailableProvinces'),
  );
  if (sharedKeysField) selections.push(aliasedField('s', sharedKeysField));
  return { ...field, arguments: args, selectionSet: selectionSetOf(selections) };
}

/**
 * The connection field that asks one province for its parts of the records of `keys`: the shard
 * field under its own alias, without `after`, `first` and the filters, with `keysArg`.
 */
export function partsFieldForShard(shardField: FieldNode, alias: string, rule: { keysArg: string; filters: readonly string[] }, keys: readonly string[]): FieldNode {
  const dropped = new Set(['after', 'first', rule.keysArg, ...rule.filters]);
  const args: ArgumentNode[] = (shardField.arguments ?? []).filter((a) => !dropped.has(a.name.value));
  args.push(
    { kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: 'first' }, value: { kind: Kind.INT, value: String(keys.length) } },
    {
      kind: Kind.ARGUMENT,
      name: { kind: Kind.NAME, value: rule.keysArg },
      value: { kind: Kind.LIST, values: keys.map((k) => ({ kind: Kind.STRING, value: k })) },
    },
  );
  return { ...shardField, alias: { kind: Kind.NAME, value: alias }, arguments: args };
}

function addToEdges(s: SelectionNode, extras: SelectionNode[], organisations: boolean): SelectionNode {
  if (s.kind === Kind.INLINE_FRAGMENT) {
    return { ...s, selectionSet: selectionSetOf(s.selectionSet.selections.map((x) => addToEdges(x, extras, organisations))) };
  }
  if (s.kind !== Kind.FIELD || s.name.value !== 'edges' || !s.selectionSet) return s;
  const inner = s.selectionSet.selections.map((e): SelectionNode => {
    if (organisations && e.kind === Kind.FIELD && e.name.value === 'node' && e.selectionSet) {
      return { ...e, selectionSet: selectionSetOf([...e.selectionSet.selections, aliasedField('key', 'key'), aliasedField('updatedAt', 'updatedAt')]) };
    }
    return e;
  });
  const extra = organisations && inner.some((e) => e.kind === Kind.FIELD && e.name.value === 'node') ? extras.filter((x) => x.kind !== Kind.FIELD || x.name.value !== 'node') : extras;
  return { ...s, selectionSet: selectionSetOf([...inner, ...extra]) };
}

/** Whether the client asks for a position in the merged connection: an edge's cursor or the page's endCursor. */
export function positionsAsked(field: FieldNode): boolean {
  return askingPositions.get(field, () => {
    const keys = fieldKeys(field.selectionSet);
    const within = (name: string, inner: string): boolean => (keys.get(name) ?? []).some((rk) => fieldKeys(findField(field.selectionSet, rk)?.selectionSet).has(inner));
    return within('edges', 'cursor') || within('pageInfo', 'endCursor');
  });
}

const askingPositions = new NodeMemo<FieldNode, boolean>();
