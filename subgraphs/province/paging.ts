import { GraphQLError } from 'graphql';
import { decodeCursor, encodeCursor, type SortKey } from '../../schema/cursor';
import { compareKeys, type ConnectionOrder } from '../../schema/orders';
import type { ProvinceCode } from '../../schema/model';
import { ErrorCodes } from '../../schema/error-codes';
import type { InvalidRecordRow } from './data-quality';

export const DEFAULT_FIRST = 50;
export const MAX_FIRST = 500;

/** `first` as the contract says: 50 when absent, at most 500. */
export function checkFirst(first: number | null | undefined): number {
  const n = first ?? DEFAULT_FIRST;
  if (!Number.isInteger(n) || n < 0 || n > MAX_FIRST) {
    throw new GraphQLError(`argument "first" must be between 0 and ${MAX_FIRST}, got ${n}`, { extensions: { code: ErrorCodes.BAD_USER_INPUT, argument: 'first' } });
  }
  return n;
}

const KEY_LENGTH: Readonly<Record<ConnectionOrder, number>> = {
  warnings: 3,
  hazmatEnterprises: 1,
  hazmatEnterprisesByDistance: 2,
  waybills: 2,
  rescueBases: 1,
  rescueBasesByDistance: 2,
  resourceView: 1,
  removedRecords: 2,
};

/** The sort key an `after` cursor holds, checked against the connection's order; null from the start. */
export function checkAfter(after: string | null | undefined, order: ConnectionOrder): SortKey | null {
  if (after === null || after === undefined) return null;
  const key = decodeCursor(after, 'after');
  if (key.length === 0) return null;
  if (key.length !== KEY_LENGTH[order]) {
    throw new GraphQLError('argument "after" is not a cursor of this connection', { extensions: { code: ErrorCodes.BAD_USER_INPUT, argument: 'after' } });
  }
  return key;
}

export interface Positioned<T> {
  node: T;
  key: SortKey;
  distanceKm?: number | null;
}

export interface Page<T> {
  edges: { cursor: string; sortKey: SortKey; node: T; distanceKm: number | null }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
  unavailableProvinces: ProvinceCode[];
  invalidRecords: InvalidRecordRow[];
}

/**
 * One page of the connection in its documented order, strictly after `after`. `copiedAt`: when the
 * copy the items come from was synced, carried by the cursors for the pages after this one.
 */
export function paginate<T>(items: readonly Positioned<T>[], order: ConnectionOrder, first: number, after: SortKey | null, copiedAt: number | null): Page<T> {
  const sorted = [...items].sort((a, b) => compareKeys(order, a.key, b.key));
  const rest = after === null ? sorted : sorted.filter((i) => compareKeys(order, i.key, after) > 0);
  const taken = rest.slice(0, first);
  const edges = taken.map((i) => ({ cursor: encodeCursor(i.key, copiedAt), sortKey: i.key, node: i.node, distanceKm: i.distanceKm ?? null }));
  return {
    edges,
    pageInfo: { hasNextPage: rest.length > taken.length, endCursor: edges.length > 0 ? edges[edges.length - 1].cursor : null },
    totalCount: sorted.length,
    unavailableProvinces: [],
    invalidRecords: [],
  };
}

/** The page with each node served (given its provenance): only the answered records get a served form. */
export function servePage<T, S>(page: Page<T>, serve: (node: T) => S): Page<S> {
  return { ...page, edges: page.edges.map((e) => ({ ...e, node: serve(e.node) })) };
}

/**
 * What a copy's ordered index offers a page: its size, its records in order after a key (only those
 * that match, when a predicate over the kept records is given; null when it cannot answer), and how
 * many of its records match.
 */
export interface InOrder<T, R = T> {
  readonly size: number;
  inOrder(after: SortKey | null, matches?: (record: R) => boolean): Iterable<T> | null;
  count(matches: (record: R) => boolean): number;
}

/** No filter but the provinces (which the resolver has already answered): the connection's default order, every record. */
export function unfiltered(filter: object | null | undefined): boolean {
  return !filter || Object.entries(filter).every(([name, value]) => name === 'provinces' || value === null || value === undefined);
}

/**
 * The page paginate would answer over every (matching) record of the copy, read from its ordered
 * index: O(first + log n) without a predicate, and without sorting with one (the walk stops after
 * the first `first` matches; the total counts the matches in one pass). Null when the index cannot answer.
 */
export function pageInOrder<T, R>(copy: InOrder<T, R>, keyOf: (node: T) => SortKey, first: number, after: SortKey | null, copiedAt: number | null, matches?: (record: R) => boolean): Page<T> | null {
  const records = copy.inOrder(after, matches);
  if (records === null) return null;
  const taken: T[] = [];
  let hasNextPage = false;
  for (const node of records) {
    if (taken.length === first) {
      hasNextPage = true;
      break;
    }
    taken.push(node);
  }
  const edges = taken.map((node) => {
    const sortKey = keyOf(node);
    return { cursor: encodeCursor(sortKey, copiedAt), sortKey, node, distanceKm: null };
  });
  return {
    edges,
    pageInfo: { hasNextPage, endCursor: edges.length > 0 ? edges[edges.length - 1].cursor : null },
    totalCount: matches ? copy.count(matches) : copy.size,
    unavailableProvinces: [],
    invalidRecords: [],
  };
}

/**
 * A connection's page over a copy in its default order: from its ordered index, every record when
 * nothing filters, else the records `matches` keeps (null when the filter changes the order, as a
 * distance does); `sorted` (filtering and sorting every record) when the index cannot answer.
 */
export function copyPage<T, R>(
  copy: InOrder<T, R> & { syncedAt: number },
  filter: object | null | undefined,
  keyOf: (node: T) => SortKey,
  first: number,
  after: SortKey | null,
  sorted: () => Page<T>,
  matches: ((record: R) => boolean) | null,
): Page<T> {
  const fromIndex = unfiltered(filter) ? pageInOrder(copy, keyOf, first, after, copy.syncedAt) : matches && pageInOrder(copy, keyOf, first, after, copy.syncedAt, matches);
  return fromIndex ?? sorted();
}

export function unavailablePage<T>(province: ProvinceCode): Page<T> {
  return { edges: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 0, unavailableProvinces: [province], invalidRecords: [] };
}
