import { GraphQLError } from 'graphql';
import { ErrorCodes } from './error-codes';

/**
 * Province connection cursors: base64url of JSON `{"v":1,"k":<sort key>,"c":<copy>}`, where the
 * sort key is the edge's position in the connection's documented order (schema/orders.ts) and `c`
 * (optional) when the province's copy that served the page was synced, by the province's clock, so
 * that the pages after it are read from that copy or a newer one. `after` means strictly after the
 * key. The gateway's shard router merges four provinces' pages by each edge's sort key (served
 * beside the cursor as `sortKey`, schema/province/sort-key.ts) with the same comparator, and keeps
 * province cursors in its composite ones, so the format is shared, not private to a subgraph.
 */
export type SortKeyPart = string | number | null;
export type SortKey = SortKeyPart[];

const VERSION = 1;

export function encodeCursor(key: SortKey, copiedAt: number | null = null): string {
  return Buffer.from(JSON.stringify(copiedAt === null ? { v: VERSION, k: key } : { v: VERSION, k: key, c: copiedAt }), 'utf8').toString('base64url');
}

/**
 * The position before a province's first record, keeping the copy stamp of one of its cursors: for
 * a province none of whose records a pull has taken yet (an empty sort key). Null without a stamp.
 */
export function startCursorFrom(cursor: string): string | null {
  const copiedAt = copiedAtOf(cursor);
  return copiedAt === null ? null : encodeCursor([], copiedAt);
}

/** When the copy that served the cursor's page was synced; null when the cursor does not say (or is not a cursor). */
export function copiedAtOf(cursor: string): number | null {
  try {
    const body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { c?: unknown };
    return typeof body.c === 'number' && Number.isFinite(body.c) ? body.c : null;
  } catch {
    return null;
  }
}

export function decodeCursor(cursor: string, argument = 'after'): SortKey {
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    body = null;
  }
  const key = typeof body === 'object' && body !== null && (body as { v?: unknown }).v === VERSION ? (body as { k?: unknown }).k : undefined;
  if (!isSortKey(key)) {
    throw new GraphQLError(`argument "${argument}" is not a valid cursor`, { extensions: { code: ErrorCodes.BAD_USER_INPUT, argument } });
  }
  return key;
}

/** A sort key: a list of strings, finite numbers and nulls. */
export function isSortKey(value: unknown): value is SortKey {
  return Array.isArray(value) && value.every((p) => p === null || typeof p === 'string' || (typeof p === 'number' && Number.isFinite(p)));
}
