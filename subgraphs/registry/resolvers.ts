import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { GraphQLError } from 'graphql';
import { isRegistryError } from '../../schema/registry/errors';
import type { Registry } from '../../schema/registry/registry';
import type { SchemaVersionRecord } from '../../schema/registry/types';
import { assertCanReadRegistry, type RegistryContext } from './access';
import { ErrorCodes } from '../../schema/error-codes';

const MAX_FIRST = 500;

interface PageArgs {
  first: number;
  after?: string | null;
}

function encodeCursor(kind: string, position: number): string {
  return Buffer.from(`${kind}:${position}`).toString('base64url');
}

function decodeCursor(kind: string, cursor: string): number {
  const [k, n] = Buffer.from(cursor, 'base64url').toString().split(':');
  const position = Number(n);
  if (k !== kind || !Number.isInteger(position) || position < 0) {
    throw new GraphQLError(`"after" is not a ${kind} cursor`, { extensions: { code: ErrorCodes.BAD_USER_INPUT, argument: 'after' } });
  }
  return position;
}

/** A newest-first page of items identified by increasing positions. */
function page<T>(items: readonly T[], positionOf: (t: T, index: number) => number, kind: string, { first, after }: PageArgs) {
  if (!Number.isInteger(first) || first < 0 || first > MAX_FIRST) {
    throw new GraphQLError(`"first" must be between 0 and ${MAX_FIRST}`, { extensions: { code: ErrorCodes.BAD_USER_INPUT, argument: 'first' } });
  }
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

function notFoundAsUserError(error: unknown): never {
  if (isRegistryError(error, 'VERSION_NOT_FOUND')) {
    throw new GraphQLError(error.message, { extensions: { code: 'VERSION_NOT_FOUND', ...error.facts } });
  }
  throw error;
}

function liveNumber(registry: Registry, context: RegistryContext): Promise<number | null> {
  context.liveNumber ??= registry.liveVersion().then((v) => v?.number ?? null);
  return context.liveNumber;
}

export function registryResolvers(registry: Registry): GraphQLResolverMap<RegistryContext> {
  const guarded =
    <A, R>(resolve: (args: A, context: RegistryContext) => Promise<R>) =>
    (_: unknown, args: A, context: RegistryContext): Promise<R> => {
      assertCanReadRegistry(context);
      return resolve(args, context);
    };
  return {
    Query: {
      schemaVersions: guarded(async (args: PageArgs) => page(await registry.history(), (v) => v.number, 'version', args)),
      schemaVersion: guarded(({ number }: { number: number }) => registry.version(number)),
      liveSchemaVersion: guarded(() => registry.liveVersion()),
      schemaDiff: guarded(({ from, to }: { from: number; to: number }) => registry.diff(from, to).catch(notFoundAsUserError)),
      schemaChecks: guarded(async (args: PageArgs) => page(await registry.checks(), (_c, index) => index, 'check', args)),
      verifySchemaHistory: guarded(async () => {
        const { cause, ...verification } = await registry.verify();
        return { ...verification, cause: cause?.toUpperCase() ?? null };
      }),
    },
    SchemaVersion: {
      live: async (version: SchemaVersionRecord, _: unknown, context: RegistryContext) => (await liveNumber(registry, context)) === version.number,
    },
  };
}
