import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { GraphQLError } from 'graphql';
import { isRegistryError } from '../../schema/registry/errors';
import type { Registry } from '../../schema/registry/registry';
import type { SchemaVersionRecord } from '../../schema/registry/types';
import { assertCanReadRegistry, type RegistryContext } from './access';
import { page, type PageArgs } from './paging';
import type { SegmentedAccessLogStore } from '../../schema/access-log/store';
import type { AccessLogIndex } from '../../schema/access-log/access-index';
import { accessLogResolvers } from './access-resolvers';
import type { HeadSigner } from '../../schema/registry/signing';
import { webhookResolvers, type RegistryWebhooks } from './webhook-resolvers';
import type { CatalogRegistry } from '../../schema/registry/catalog/catalog-registry';
import { catalogResolvers } from './catalog-resolvers';
import type { RegistryStoreConfig } from '../../schema/config/shared-config';
import { ErrorCodes } from '../../schema/error-codes';
import { usageOfChanges } from '../../schema/usage/usage-report';

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

/** What the registry subgraph serves beside the schema history; each absent part leaves its fields unanswered. */
export interface RegistryParts {
  accessLog?: SegmentedAccessLogStore | null;
  /** The search index over accessLog (the server starts it and saves it at close); absent: one of its own. */
  accessIndex?: AccessLogIndex | null;
  signer?: HeadSigner | null;
  webhooks?: RegistryWebhooks | null;
  catalog?: CatalogRegistry | null;
  /** Where the gateways count operation usage, for schemaChangeUsage. */
  usageStore?: RegistryStoreConfig | null;
}

export function registryResolvers(registry: Registry, parts: RegistryParts = {}): GraphQLResolverMap<RegistryContext> {
  const access = parts.accessLog ? accessLogResolvers(parts.accessLog, parts.signer ?? null, parts.accessIndex ?? undefined) : null;
  const webhooks = parts.webhooks ? webhookResolvers(registry, parts.webhooks) : null;
  const usageStore = parts.usageStore ?? null;
  const catalogHistory = parts.catalog ? catalogResolvers(parts.catalog) : null;
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
      schemaChangeUsage: guarded(async ({ from, to, days }: { from: number; to: number; days: number }) => {
        if (!usageStore) return [];
        if (!Number.isInteger(days) || days < 1 || days > 90) throw new GraphQLError('"days" must be between 1 and 90', { extensions: { code: ErrorCodes.BAD_USER_INPUT, argument: 'days' } });
        return usageOfChanges(usageStore, await registry.diff(from, to).catch(notFoundAsUserError), days);
      }),
      schemaChecks: guarded(async (args: PageArgs) => page(await registry.checks(), (_c, index) => index, 'check', args)),
      verifySchemaHistory: guarded(async () => {
        const { cause, ...verification } = await registry.verify();
        return { ...verification, cause: cause?.toUpperCase() ?? null };
      }),
      registrySigningKey: guarded(() => Promise.resolve(registry.signingKey)),
      ...access?.query,
      ...webhooks?.query,
      ...catalogHistory?.query,
    },
    ...(webhooks ? { Mutation: webhooks.mutation } : {}),
    SchemaVersion: {
      live: async (version: SchemaVersionRecord, _: unknown, context: RegistryContext) => (await liveNumber(registry, context)) === version.number,
    },
    ...(access ? { AccessRecord: access.AccessRecord } : {}),
    ...(catalogHistory ? { CatalogVersion: catalogHistory.CatalogVersion } : {}),
  };
}
