import type { GraphQLFormattedError } from 'graphql';
import {
  atMergedEdge,
  atReference,
  atRepresentation,
  errorIdentity,
  failureError,
  keyError,
  truncateListPath,
  withProvince,
  type ResponsePath,
} from '../../../gateway/shard-router/error-paths';
import type { ProvinceCode } from '../../../schema/model';
import { ShardFailure } from '../../../gateway/shard-router/shard-transport';

const shardError = (path?: ResponsePath, extensions: Record<string, unknown> = { code: 'LEGACY_DATA_INVALID' }): GraphQLFormattedError => ({ message: 'bad record', path, extensions });

describe('error paths: connections merged from several provinces', () => {
  // JS's edge 0 became merged edge 2, its edge 1 is not in this page; SH's edge 0 became merged edge 0.
  const indexes = new Map<ProvinceCode, Map<number, number>>([
    ['JS', new Map([[0, 2]])],
    ['SH', new Map([[0, 0]])],
  ]);
  it.each<[string, ProvinceCode, ResponsePath | undefined, ResponsePath | undefined | null]>([
    ['moves an error on a province edge to the merged edge it became', 'JS', ['warnings', 'edges', 0, 'node', 'headline'], ['page', 'edges', 2, 'node', 'headline']],
    ['keeps an error on an edge under an alias of edges', 'SH', ['warnings', 'es', 0, 'node'], ['page', 'es', 0, 'node']],
    ['drops an error on an edge that is not in this page', 'JS', ['warnings', 'edges', 1, 'node'], null],
    ['drops an error of a province none of whose edges are in the page', 'ZJ', ['warnings', 'edges', 0], null],
    ['keeps an error on the connection itself on the connection', 'JS', ['warnings', 'totalCount'], ['page', 'totalCount']],
    ['leaves an error without a path without one', 'JS', undefined, undefined],
  ])('%s', (_, province, path, expected) => {
    const placed = atMergedEdge(shardError(path), province, 'page', ['edges', 'es'], indexes);
    if (expected === null) expect(placed).toBeNull();
    else expect(placed).toEqual({ message: 'bad record', path: expected, extensions: { code: 'LEGACY_DATA_INVALID', province } });
  });
});

describe('error paths: _entities answered by several provinces', () => {
  // The province was asked for the fetch's representations 3 and 5, in that order; 5 is a scattered Vehicle.
  const indexes = [3, 5];
  const scattered = (i: number): boolean => i === 5;
  it.each<[string, ResponsePath | undefined, ResponsePath]>([
    ['moves an error on the province j-th entity to the fetch i-th', ['_entities', 0, 'name'], ['_entities', 3, 'name']],
    ['keeps the whole path below a routed entity', ['_entities', 0, 'bases', 1, 'id'], ['_entities', 3, 'bases', 1, 'id']],
    ['keeps only the field of a scattered entity, whose lists are merged', ['_entities', 1, 'track', 4, 'at'], ['_entities', 5, 'track']],
    ['puts an error on an entity the province was not asked for on the list', ['_entities', 7, 'name'], ['_entities']],
    ['puts an error outside the list on the list', ['other'], ['_entities']],
    ['puts an error without a path on the list', undefined, ['_entities']],
  ])('%s', (_, path, expected) => {
    expect(atRepresentation(shardError(path), 'ZJ', '_entities', indexes, scattered)).toEqual(shardError(expected, { code: 'LEGACY_DATA_INVALID', province: 'ZJ' }));
  });
});

describe('error paths: cross-shard references', () => {
  const paths = new Map<number, ResponsePath>([
    [0, ['waybills', 'edges', 1, 'node', 'destination', 'enterprise']],
    [1, ['waybills', 'edges', 4, 'node', 'vehicle']],
  ]);
  const pathOf = (i: number): ResponsePath | undefined => paths.get(i);
  const fallback = ['waybills', 'edges', 1, 'node', 'destination', 'enterprise'];
  it.each<[string, ResponsePath | undefined, ResponsePath]>([
    ['moves an error of the reference fetch to the reference that asked', ['_entities', 1, 'track'], ['waybills', 'edges', 4, 'node', 'vehicle', 'track']],
    ['moves an error on the entity itself to the reference', ['_entities', 0], ['waybills', 'edges', 1, 'node', 'destination', 'enterprise']],
    ['puts an error on no representation on the first reference', ['_entities'], fallback],
    ['puts an error without a path on the first reference', undefined, fallback],
  ])('%s', (_, path, expected) => {
    expect(atReference(shardError(path), pathOf, fallback).path).toEqual(expected);
  });
});

describe('error paths: errors of the router', () => {
  it.each<[string, Parameters<typeof keyError>[0], Partial<GraphQLFormattedError>]>([
    [
      'a key outside the region is OUTSIDE_REGION, naming the argument',
      { kind: 'outside', reason: 'province HB is outside the region' },
      { message: 'province HB is outside the region; no province of the region holds it', extensions: { code: 'OUTSIDE_REGION', argument: 'id' } },
    ],
    [
      'a malformed key is BAD_USER_INPUT, naming the argument',
      { kind: 'malformed', reason: 'the key is missing' },
      { message: 'argument "id": the key is missing', extensions: { code: 'BAD_USER_INPUT', argument: 'id' } },
    ],
  ])('%s', (_, route, expected) => {
    expect(keyError(route, 'id', ['warning'])).toEqual({ path: ['warning'], ...expected });
  });

  it.each<['PROVINCE_UNAVAILABLE' | 'PROVINCE_TIMEOUT']>([['PROVINCE_UNAVAILABLE'], ['PROVINCE_TIMEOUT']])('a failed province is an error with %s and the province', (code) => {
    expect(failureError(new ShardFailure('AH', code, 'AH did not answer'), 'AH', ['warnings'])).toEqual({
      message: 'AH did not answer',
      path: ['warnings'],
      extensions: { code, province: 'AH' },
    });
  });

  it.each<[string, Record<string, unknown> | undefined, string]>([
    ['names the province that reported an error', { code: 'X' }, 'SH'],
    ['keeps the province an error already names', { code: 'X', province: 'AH' }, 'AH'],
    ['adds extensions to an error without any', undefined, 'SH'],
  ])('%s', (_, extensions, expected) => {
    expect(withProvince({ message: 'm', extensions }, 'SH').extensions?.province).toBe(expected);
  });

  it.each<[string, ResponsePath | undefined, number, ResponsePath | undefined]>([
    ['points an error inside a re-ordered list at the list', ['vehicle', 'track', 3, 'at'], 2, ['vehicle', 'track']],
    ['points an error on a row of a merged root list at the list', ['materialTotals', 2, 'quantity'], 2, ['materialTotals']],
    ['leaves an error outside any list where it is', ['vehicle', 'plate'], 2, ['vehicle', 'plate']],
    ['leaves an error without a path alone', undefined, 2, undefined],
  ])('%s', (_, path, depth, expected) => {
    expect(truncateListPath({ message: 'm', path }, depth).path).toEqual(expected);
  });

  it.each<[string, GraphQLFormattedError, GraphQLFormattedError, boolean]>([
    ['counts the same report from a page and from its parts once', shardError(['a', 1]), shardError(['a', 1]), true],
    ['tells errors at different places apart', shardError(['a', 1]), shardError(['a', 2]), false],
    ['tells errors of different provinces apart', shardError(['a'], { code: 'X', province: 'SH' }), shardError(['a'], { code: 'X', province: 'JS' }), false],
    ['tells errors about different source records apart', shardError(['a'], { code: 'X', sourceId: '1' }), shardError(['a'], { code: 'X', sourceId: '2' }), false],
  ])('error identity %s', (_, a, b, same) => {
    expect(errorIdentity(a) === errorIdentity(b)).toBe(same);
  });
});
