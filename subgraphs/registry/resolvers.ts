import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { GraphQLError } from 'graphql';
import { isRegistryError } from '../../schema/registry/errors';
import type { Registry } from '../../schema/registry/registry';
import type { SchemaVersionRecord } from '../../schema/registry/types';
import { assertCanReadRegistry, type RegistryContext } from './access';
import { page, type PageArgs } from './paging';
import type { SegmentedAccessLogStore } from '../../schema/access-log/store';
import { accessLogResolvers } from './access-resolvers';
import type { HeadSigner } from '../../schema/registry/signing';
import { webhookResolvers, type RegistryWebhooks } from './webhook-resolvers';

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

export function registryResolvers(registry: Registry, accessLog: SegmentedAccessLogStore | null = null, signer: HeadSigner | null = null, webhookStore: RegistryWebhooks | null = null): GraphQLResolverMap<RegistryContext> {
  const access = accessLog ? accessLogResolvers(accessLog, signer) : null;
  const webhooks = webhookStore ? webhookResolvers(registry, webhookStore) : null;
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
      registrySigningKey: guarded(() => Promise.resolve(registry.signingKey)),
      ...access?.query,
      ...webhooks?.query,
    },
    ...(webhooks ? { Mutation: webhooks.mutation } : {}),
    SchemaVersion: {
      live: async (version: SchemaVersionRecord, _: unknown, context: RegistryContext) => (await liveNumber(registry, context)) === version.number,
    },
    ...(access ? { AccessRecord: access.AccessRecord } : {}),
  };
}
