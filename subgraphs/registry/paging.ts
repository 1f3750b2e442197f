import { GraphQLError } from 'graphql';
import { ErrorCodes } from '../../schema/error-codes';

export const MAX_FIRST = 500;

export interface PageArgs {
  first: number;
  after?: string | null;
}

export function encodeCursor(kind: string, position: number): string {
  return Buffer.from(`${kind}:${position}`).toString('base64url');
}

export function decodeCursor(kind: string, cursor: string): number {
  const [k, n] = Buffer.from(cursor, 'base64url').toString().split(':');
  const position = Number(n);
  if (k !== kind || !Number.isInteger(position) || position < 0) {
    throw new GraphQLError(`"after" is not a ${kind} cursor`, { extensions: { code: ErrorCodes.BAD_USER_INPUT, argument: 'after' } });
  }
  return position;
}

export function assertFirst(first: number): void {
  if (!Number.isInteger(first) || first < 0 || first > MAX_FIRST) {
    throw new GraphQLError(`"first" must be between 0 and ${MAX_FIRST}`, { extensions: { code: ErrorCodes.BAD_USER_INPUT, argument: 'first' } });
  }
}

/** A newest-first page of items identified by increasing positions. */
export function page<T>(items: readonly T[], positionOf: (t: T, index: number) => number, kind: string, { first, after }: PageArgs) {
  assertFirst(first);
  const positioned = items.map((node, index) => ({ node, position: positionOf(node, index) })).reverse();
  const start = after ? decodeCursor(kind, after) : Infinity;
  const rest = positioned.filter((p) => p.position < start);
  const slice = rest.slice(0, first);
  const edges = slice.map((p) => ({ cursor: encodeCursor(kind, p.position), node: p.node }));
  return {
    edges,
    pageInfo: { hasNextPage: rest.length > slice.length, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
    totalCount: items.length,
  };
}
