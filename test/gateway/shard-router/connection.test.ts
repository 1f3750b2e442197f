import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse, print, type FieldNode, type GraphQLCompositeType, type OperationDefinitionNode } from 'graphql';
import * as compositeCursor from '../../../gateway/shard-router/composite-cursor';
import { decodeComposite, type CompositePosition } from '../../../gateway/shard-router/composite-cursor';
import { connectionFieldForShard, partsFieldForShard, servesSortKeys } from '../../../gateway/shard-router/connection-field';
import { mergeConnection, type ConnectionPart, type MergeOptions } from '../../../gateway/shard-router/connection-merge';
import type { JsonObject } from '../../../gateway/shard-router/json';
import { encodeCursor } from '../../../schema/cursor';
import { provinceSubgraphSdl } from '../../../subgraphs/province/schema';
import { MINI_SDL, MINI_SDL_WITHOUT_SORT_KEYS } from '../../fixtures/shard-router/mini-shards';
import type { ProvinceCode } from '../../../schema/model';

function fieldOf(text: string): FieldNode {
  return (parse(text).definitions[0] as OperationDefinitionNode).selectionSet.selections[0] as FieldNode;
}
const printed = (field: FieldNode): string => print(field).replace(/\s+/g, ' ');

describe('connection field as sent to one province', () => {
  it.each<[string, string, string | undefined, boolean, string | undefined, string]>([
    [
      'starts after the province position and asks what merging needs',
      '{ warnings(first: 2, after: "composite") { edges { node { id } } totalCount } }',
      'c-sh',
      false,
      undefined,
      'warnings(first: 2, after: "c-sh") { edges { node { id } _sr_k: sortKey } totalCount _sr_pi: pageInfo { hasNextPage } _sr_n: totalCount _sr_u: unavailableProvinces }',
    ],
    [
      'drops the composite cursor for a province none of whose records were taken',
      '{ warnings(after: "composite") { totalCount } }',
      undefined,
      false,
      undefined,
      'warnings { totalCount _sr_e: edges { _sr_k: sortKey } _sr_pi: pageInfo { hasNextPage } _sr_n: totalCount _sr_u: unavailableProvinces }',
    ],
    [
      'asks organisations for their key, updatedAt (which part names it) and the keys another province may hold',
      '{ resourceView { edges { node { name } } } }',
      undefined,
      true,
      'creditCodes',
      'resourceView { edges { node { name _sr_key: key _sr_updatedAt: updatedAt } _sr_k: sortKey } _sr_pi: pageInfo { hasNextPage } _sr_n: totalCount _sr_u: unavailableProvinces _sr_s: creditCodes }',
    ],
    [
      "asks each edge's own cursor too where the client asks for an edge's cursor",
      '{ warnings(first: 2) { edges { cursor node { id } } } }',
      undefined,
      false,
      undefined,
      'warnings(first: 2) { edges { cursor node { id } _sr_k: sortKey _sr_c: cursor } _sr_pi: pageInfo { hasNextPage } _sr_n: totalCount _sr_u: unavailableProvinces }',
    ],
    [
      "asks each edge's own cursor too where the client asks for the page's endCursor",
      '{ warnings(first: 2) { pageInfo { endCursor } } }',
      undefined,
      false,
      undefined,
      'warnings(first: 2) { pageInfo { endCursor } _sr_e: edges { _sr_k: sortKey _sr_c: cursor } _sr_pi: pageInfo { hasNextPage } _sr_n: totalCount _sr_u: unavailableProvinces }',
    ],
  ])('%s', (_, query, after, organisations, sharedKeys, expected) => {
    expect(printed(connectionFieldForShard(fieldOf(query), after, organisations, sharedKeys))).toBe(expected);
  });

  it("asks every edge's cursor, and no sort key, of provinces that do not serve sortKey", () => {
    expect(printed(connectionFieldForShard(fieldOf('{ warnings(first: 2) { edges { node { id } } } }'), undefined, false, undefined, false))).toBe(
      'warnings(first: 2) { edges { node { id } _sr_c: cursor } _sr_pi: pageInfo { hasNextPage } _sr_n: totalCount _sr_u: unavailableProvinces }',
    );
  });

  it('a first page is one node per field and flags, kept; a later page is built with its cursor each time', () => {
    const field = fieldOf('{ warnings(first: 2) { totalCount } }');
    const first = connectionFieldForShard(field, undefined, false);
    expect(connectionFieldForShard(field, undefined, false)).toBe(first);
    expect(connectionFieldForShard(field, undefined, true)).not.toBe(first);
    expect(printed(connectionFieldForShard(field, undefined, true, 'creditCodes'))).toContain('_sr_s: creditCodes');
    const later = connectionFieldForShard(field, 'c-js', false);
    expect(connectionFieldForShard(field, 'c-js', false)).not.toBe(later);
    expect(printed(later)).toContain('after: "c-js"');
    expect(printed(first)).not.toContain('after');
  });

  it('asks for the parts of given records by key, without after, first and the filters', () => {
    const shardField = fieldOf('{ resourceView(updatedSince: "2026-07-01", first: 2, after: "c") { totalCount } }');
    expect(printed(partsFieldForShard(shardField, '_sr_parts_rv', { keysArg: 'keys', filters: ['updatedSince'] }, ['K1', 'K2']))).toBe(
      '_sr_parts_rv: resourceView(first: 2, keys: ["K1", "K2"]) { totalCount }',
    );
  });
});

describe('connection merge', () => {
  const field = fieldOf('{ warnings { edges { cursor node { id } } pageInfo { hasNextPage endCursor } totalCount unavailableProvinces } }');
  const incoming: CompositePosition = { field: 'warnings', fingerprint: 'f', positions: {} };
  const page = (ids: string[], total: number, hasNextPage = false, unavailable: string[] = []): JsonObject => ({
    edges: ids.map((id) => ({ node: { id }, _sr_k: [id], _sr_c: id })),
    _sr_pi: { hasNextPage },
    _sr_n: total,
    _sr_u: unavailable,
  });
  const part = (province: ProvinceCode, value: JsonObject | null): ConnectionPart => ({ province, value });
  const merge = (parts: ConnectionPart[], first: number, extra: Partial<MergeOptions> = {}) =>
    mergeConnection({ field, first, incoming, parts, unavailable: [], compareKeys: ([a], [b]) => (String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0), organisations: false, ...extra });
  const ids = (value: JsonObject): string[] => (value.edges as JsonObject[]).map((e) => (e.node as JsonObject).id as string);

  it.each<[string, ConnectionPart[], number, string[], boolean]>([
    ['merges the provinces pages in the documented order', [part('SH', page(['a', 'd'], 2)), part('JS', page(['b', 'c'], 2))], 10, ['a', 'b', 'c', 'd'], false],
    ['takes the first `first` and says there is more', [part('SH', page(['a', 'd'], 2)), part('JS', page(['b', 'c'], 2))], 3, ['a', 'b', 'c'], true],
    ['says there is more when a province has more beyond its page', [part('SH', page(['a'], 5, true)), part('JS', page(['b'], 1))], 10, ['a', 'b'], true],
    ['answers the others when a province failed', [part('SH', null), part('JS', page(['b'], 1))], 10, ['b'], false],
    ['answers an empty page for first: 0', [part('SH', page(['a'], 1))], 0, [], true],
  ])('%s', (_, parts, first, expected, hasNextPage) => {
    const { value } = merge(parts, first);
    expect(ids(value)).toEqual(expected);
    expect((value.pageInfo as JsonObject).hasNextPage).toBe(hasNextPage);
  });

  it.each<[string, number, Partial<Record<ProvinceCode, string>>]>([
    ['the cursor of the first edge holds only the province it came from', 0, { SH: 'a' }],
    ['the cursor of a later edge holds every province position so far', 2, { SH: 'a', JS: 'c' }],
  ])('%s', (_, index, positions) => {
    const { value } = merge([part('SH', page(['a', 'd'], 2)), part('JS', page(['b', 'c'], 2))], 3);
    const cursor = (value.edges as JsonObject[])[index].cursor as string;
    expect(decodeComposite(cursor, 'warnings', 'f').positions).toEqual(positions);
  });

  it('builds no composite cursor where the client asks for none, and the same page', () => {
    const parts = [part('SH', page(['a', 'd'], 2, true)), part('JS', page(['b', 'c'], 2))];
    const encoded = jest.spyOn(compositeCursor, 'encodeComposite');
    try {
      const { value } = merge(parts, 3, { field: fieldOf('{ warnings { edges { node { id } } pageInfo { hasNextPage } totalCount } }') });
      expect(encoded).not.toHaveBeenCalled();
      // The page's edges hold the client's fields only: the sort keys and cursors asked beside them are left out.
      expect(value).toEqual({ edges: ['a', 'b', 'c'].map((id) => ({ node: { id } })), pageInfo: { hasNextPage: true }, totalCount: 4 });
    } finally {
      encoded.mockRestore();
    }
  });

  it("an organisation held by two provinces is one edge of the client's fields, its node merged", () => {
    const orgField = fieldOf('{ rescueOrganisations { edges { node { key name } } } }');
    const orgPage = (province: string, keys: string[]): JsonObject => ({
      edges: keys.map((key) => ({ node: { key, name: `${key} ${province}` }, _sr_k: [key], _sr_c: key, _sr_n: { _sr_key: key } })),
      _sr_pi: { hasNextPage: false },
      _sr_n: keys.length,
    });
    const { value } = merge([part('SH', orgPage('SH', ['k1', 'k2'])), part('JS', orgPage('JS', ['k1']))], 10, { field: orgField, organisations: true });
    const edges = value.edges as JsonObject[];
    expect(edges.map((e) => Object.keys(e))).toEqual([['node'], ['node']]);
    expect(edges.map((e) => (e.node as JsonObject).key)).toEqual(['k1', 'k2']);
  });

  it('merges by the sort keys alone where the client asks for no position: edges without their own cursor', () => {
    const withoutCursors = (ids: string[], total: number): JsonObject => ({ ...page(ids, total), edges: ids.map((id) => ({ node: { id }, _sr_k: [id] })) });
    const { value } = merge([part('SH', withoutCursors(['a', 'd'], 2)), part('JS', withoutCursors(['b', 'c'], 2))], 3, {
      field: fieldOf('{ warnings { edges { node { id } } pageInfo { hasNextPage } } }'),
    });
    expect(ids(value)).toEqual(['a', 'b', 'c']);
  });

  it('reads the sort keys out of the cursors of a province that does not serve sortKey', () => {
    const olderPage = (ids: string[], total: number): JsonObject => ({ ...page(ids, total), edges: ids.map((id) => ({ node: { id }, _sr_c: encodeCursor([id], 7) })) });
    const { value } = merge([part('SH', olderPage(['a', 'd'], 2)), part('JS', page(['b', 'c'], 2))], 3);
    expect(ids(value)).toEqual(['a', 'b', 'c']);
    expect(decodeComposite((value.pageInfo as JsonObject).endCursor as string, 'warnings', 'f').positions).toEqual({ SH: encodeCursor(['a'], 7), JS: 'c' });
  });

  it.each<[string, JsonObject]>([
    ['without a sort key', { node: { id: 'b' }, _sr_c: 'b' }],
    ['with one that is not a list of strings, numbers and nulls', { node: { id: 'b' }, _sr_k: [{ id: 'b' }], _sr_c: 'b' }],
    ['without a sort key and with a cursor that is not one', { node: { id: 'b' }, _sr_c: 'not-a-cursor' }],
  ])('leaves out the page of a province with an edge %s, and lists it as unavailable', (_, edge) => {
    const broken: JsonObject = { ...page(['c'], 2), edges: [{ node: { id: 'c' }, _sr_k: ['c'], _sr_c: 'c' }, edge] };
    const merged = merge([part('SH', page(['a', 'd'], 2)), part('JS', broken)], 3);
    expect(ids(merged.value)).toEqual(['a', 'd']);
    expect(merged.rejected).toEqual(['JS']);
    expect(merged.value.unavailableProvinces).toEqual(['JS']);
    // As for a province that did not answer: its records count on no page until it answers.
    expect(merged.value.totalCount).toBe(2);
    expect(merge([part('SH', page(['a', 'd'], 2)), part('JS', page(['b'], 1))], 3).rejected).toEqual([]);
  });

  it.each<[string, string, string]>([
    ['with the edges cursors', '{ warnings { edges { cursor node { id } } pageInfo { endCursor } } }', 'edges'],
    ['alone', '{ warnings { edges { node { id } } pageInfo { endCursor } } }', 'edges'],
    // Without edges asked, the router asks its own (connectionFieldForShard).
    ['without edges', '{ warnings { pageInfo { endCursor } } }', '_sr_e'],
  ])('endCursor %s is the position after the last edge taken', (_, query, edgesKey) => {
    const asSent = ({ edges, ...rest }: JsonObject): JsonObject => ({ ...rest, [edgesKey]: edges });
    const parts = [part('SH', page(['a', 'd'], 2)), part('JS', page(['b', 'c'], 2))];
    const endCursor = (merge(parts.map((p) => ({ province: p.province, value: asSent(p.value as JsonObject) })), 3, { field: fieldOf(query) }).value.pageInfo as JsonObject).endCursor as string;
    const lastEdge = (merge(parts, 3).value.edges as JsonObject[])[2].cursor;
    expect(endCursor).toBe(lastEdge);
    expect(decodeComposite(endCursor, 'warnings', 'f').positions).toEqual({ SH: 'a', JS: 'c' });
  });

  it('remembers where each province edge went in the merged page', () => {
    const { edgeIndex } = merge([part('SH', page(['a', 'd'], 2)), part('JS', page(['b', 'c'], 2))], 3);
    expect(edgeIndex.get('SH')).toEqual(new Map([[0, 0]]));
    expect(edgeIndex.get('JS')).toEqual(new Map([[0, 1], [1, 2]]));
  });

  it.each<[string, ConnectionPart[], boolean, number]>([
    ['sums totalCount over the provinces', [part('SH', page([], 7)), part('JS', page([], 5)), part('ZJ', null)], false, 12],
    ['ignores shared keys when the connection has none', [part('SH', { ...page([], 3), _sr_s: ['K1'] }), part('JS', { ...page([], 2), _sr_s: ['K1'] })], false, 5],
    [
      'counts a key that several provinces hold once (SH: K1, K2, one of its own; JS: K1, one of its own)',
      [part('SH', { ...page([], 3), _sr_s: ['K1', 'K2'] }), part('JS', { ...page([], 2), _sr_s: ['K1'] })],
      true,
      4,
    ],
  ])('%s', (_, parts, sharedKeys, expected) => {
    expect(merge(parts, 0, { sharedKeys }).value.totalCount).toBe(expected);
  });

  it('names the provinces that did not answer or reported missing sources, in the region order', () => {
    const { value } = merge([part('AH', page([], 0, false, ['ZJ'])), part('SH', null)], 1, { unavailable: ['SH'] });
    expect(value.unavailableProvinces).toEqual(['SH', 'ZJ']);
  });
});

describe('whether the shards serve sort keys', () => {
  const typeIn = (sdl: string, name: string) => buildSubgraphSchema(parse(sdl)).getType(name) as GraphQLCompositeType;

  it.each(['WarningConnection', 'HazmatEnterpriseConnection', 'WaybillConnection', 'RescueBaseConnection', 'ResourceOrganisationConnection', 'RemovedRecordConnection'])(
    'the province subgraph serves them on %s',
    (connection) => {
      expect(servesSortKeys(typeIn(provinceSubgraphSdl(), connection))).toBe(true);
    },
  );

  it('a subgraph older than the field does not; nor a type that is no connection', () => {
    expect(servesSortKeys(typeIn(MINI_SDL_WITHOUT_SORT_KEYS, 'WarningConnection'))).toBe(false);
    expect(servesSortKeys(typeIn(MINI_SDL, 'WarningConnection'))).toBe(true);
    expect(servesSortKeys(typeIn(MINI_SDL, 'Warning'))).toBe(false);
    expect(servesSortKeys(null)).toBe(false);
  });
});
