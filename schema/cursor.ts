import { GraphQLError } from 'graphql';

/**
 * Province connection cursors: base64url of JSON `{"v":1,"k":<sort key>}`, where the sort key is
 * the edge's position in the connection's documented order (schema/orders.ts). `after` means
 * strictly after that key. The gateway's shard router decodes these to merge four provinces' pages
 * with the same comparator, so the format is shared, not private to a subgraph.
 */
export type SortKeyPart = string | number | null;
export type SortKey = SortKeyPart[];

const VERSION = 1;

export function encodeCursor(key: SortKey): string {
  return Buffer.from(JSON.stringify({ v: VERSION, k: key }), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, argument = 'after'): SortKey {
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    body = null;
  }
  const key = typeof body === 'object' && body !== null && (body as { v?: unknown }).v === VERSION ? (body as { k?: unknown }).k : undefined;
  if (!Array.isArray(key) || !key.every((p) => p === null || typeof p === 'string' || typeof p === 'number')) {
    throw new GraphQLError(`argument "${argument}" is not a valid cursor`, { extensions: { code: 'BAD_USER_INPUT', argument } });
  }
  return key as SortKey;
}
