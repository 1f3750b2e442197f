import type { GraphQLFormattedError } from 'graphql';
import type { ShardCode } from './shard-code';
import type { KeyRoute } from './key-routing';
import type { ShardFailure } from './shard-transport';
import { ErrorCodes, type ErrorCode } from '../../schema/error-codes';

/**
 * Where the errors of the router and of the shards go in the merged answer. A shard's error path
 * points into the shard's answer; once the router has merged, re-ordered or spliced that answer,
 * these functions say where the error now belongs (or that it belongs nowhere in this page).
 */

export type ResponsePath = readonly (string | number)[];

export function routerError(message: string, code: ErrorCode, path: ResponsePath | undefined, extra: Record<string, unknown> = {}): GraphQLFormattedError {
  return { message, path, extensions: { code, ...extra } };
}

/** A key that sends the request nowhere: outside the region, or not a key at all. */
export function keyError(route: Exclude<KeyRoute, { kind: 'province' }>, argument: string, path: ResponsePath): GraphQLFormattedError {
  return route.kind === 'outside'
    ? routerError(`${route.reason}; no province of the region holds it`, ErrorCodes.OUTSIDE_REGION, path, { argument })
    : routerError(`argument "${argument}": ${route.reason}`, ErrorCodes.BAD_USER_INPUT, path, { argument });
}

/** A province that failed or timed out, at the place its answer would have gone. */
export function failureError(failure: ShardFailure, province: ShardCode, path: ResponsePath): GraphQLFormattedError {
  return routerError(failure.message, failure.code, path, { province });
}

/** The province that reported the error, unless the error already names one. */
export function withProvince(e: GraphQLFormattedError, province: ShardCode): GraphQLFormattedError {
  return { ...e, extensions: { ...(e.extensions ?? {}), province: (e.extensions?.province as string | undefined) ?? province } };
}

/** Errors inside lists that the router re-orders point at the list itself. */
export function truncateListPath(e: GraphQLFormattedError, depth: number): GraphQLFormattedError {
  const path = e.path ?? [];
  const cut = path.findIndex((p, i) => i >= depth - 1 && typeof p === 'number');
  return cut >= 0 ? { ...e, path: path.slice(0, cut) } : e;
}

/** The same report twice (a province's invalid records, seen by its page and by its parts): one error. */
export function errorIdentity(e: GraphQLFormattedError): string {
  return JSON.stringify([e.message, e.path ?? null, e.extensions?.code ?? null, e.extensions?.province ?? null, e.extensions?.sourceId ?? null]);
}

/**
 * A province's error in a connection, moved to the merged page under `key`: an error on the
 * province's edge i goes to the merged edge it became (null when that edge is not in this page);
 * any other error stays on the connection.
 */
export function atMergedEdge(
  e: GraphQLFormattedError,
  province: ShardCode,
  key: string,
  edgesKeys: readonly string[],
  indexes: ReadonlyMap<ShardCode, ReadonlyMap<number, number>>,
): GraphQLFormattedError | null {
  if (!e.path) return withProvince(e, province);
  const path = e.path;
  if (path.length >= 3 && edgesKeys.includes(String(path[1])) && typeof path[2] === 'number') {
    const to = indexes.get(province)?.get(path[2]);
    return to === undefined ? null : withProvince({ ...e, path: [key, path[1], to, ...path.slice(3)] }, province);
  }
  return withProvince({ ...e, path: [key, ...path.slice(1)] }, province);
}

/**
 * A province's error in an `_entities` answer for some of the representations: its j-th
 * representation is the fetch's `indexes[j]`. A scattered (merged) entity keeps only the field
 * the error is on; an error outside the list goes to the list.
 */
export function atRepresentation(
  e: GraphQLFormattedError,
  province: ShardCode,
  key: string,
  indexes: readonly number[],
  isScattered: (index: number) => boolean,
): GraphQLFormattedError {
  const path = e.path ?? [];
  const j = path[1];
  if (path[0] !== key || typeof j !== 'number' || indexes[j] === undefined) return withProvince({ ...e, path: [key] }, province);
  const i = indexes[j];
  return withProvince({ ...e, path: [key, i, ...(isScattered(i) ? path.slice(2, 3) : path.slice(2))] }, province);
}

/**
 * An error of the `_entities` fetch that resolved cross-shard references, moved to the reference
 * that asked for the entity (`pathOf` its representation index), or to `fallback`.
 */
export function atReference(e: GraphQLFormattedError, pathOf: (index: number) => ResponsePath | undefined, fallback: ResponsePath): GraphQLFormattedError {
  const path = e.path ?? [];
  const at = typeof path[1] === 'number' ? pathOf(path[1]) : undefined;
  return { ...e, path: at ? [...at, ...path.slice(2)] : [...fallback] };
}
