import { readFileSync } from 'node:fs';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse, type GraphQLSchema } from 'graphql';
import { graphqlHandler, serveGraphQL } from '../../schema/http/graphql-handler';
import { anonymousGate, callerOrUnauthenticated, CallerVerifier } from '../../schema/caller';
import { loadAuthOptions, type RegistryStoreConfig } from '../../schema/config/shared-config';
import { ANONYMOUS } from '../../schema/sharing-catalog';
import { projectFile } from '../../schema/registry/project-file';
import type { Registry } from '../../schema/registry/registry';
import type { RegistryContext } from './access';
import { registryResolvers, type RegistryParts } from './resolvers';
import type { SegmentedAccessLogStore } from '../../schema/access-log/store';
import { AccessLogIndex } from '../../schema/access-log/access-index';
import type { HeadSigner } from '../../schema/registry/signing';
import { accessExportRoute } from './access-export';
import type { RegistryWebhooks } from './webhook-resolvers';
import type { CatalogRegistry } from '../../schema/registry/catalog/catalog-registry';
import { LiveCatalog } from '../../schema/registry/catalog/live-catalog';

/** contract-registry.graphql (with v1.1's access records) with the federation link and the shared DateTime, PageInfo and ProvinceCode. */
export const REGISTRY_SDL = readFileSync(projectFile('subgraphs', 'registry', 'registry.graphql'), 'utf8');

export function registrySubgraphSchema(registry: Registry, parts: RegistryParts = {}): GraphQLSchema {
  return buildSubgraphSchema([{ typeDefs: parse(REGISTRY_SDL), resolvers: registryResolvers(registry, parts) }]);
}

export interface RegistrySubgraphOptions {
  registry: Registry;
  /** The access log the auditors read; absent: accessRecords and verifyAccessLog are not answered. */
  accessLog?: SegmentedAccessLogStore;
  /** Checks the signed heads of the access log (REGISTRY_SIGNING_KEY). */
  signer?: HeadSigner | null;
  /** The webhooks the exchange platform registers here (the gateways' store and allow-list); absent: the webhook fields are not answered. */
  webhooks?: RegistryWebhooks;
  /** The sharing catalog's history (served to auditors) and the live catalog (who reads the registry); absent: sharing-catalog.md's, and no catalog history. */
  catalog?: { registry: CatalogRegistry; live: LiveCatalog };
  /** Where the gateways count operation usage (the registry's store), for schemaChangeUsage; absent: no usage is reported. */
  usageStore?: RegistryStoreConfig;
  /** 0 or absent: an ephemeral port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Verifies the bearer token each request carries (the process passes its JWT_* and ALLOW_ANONYMOUS; default: their defaults). */
  auth?: CallerVerifier;
}

export interface RunningRegistrySubgraph {
  /** The GraphQL endpoint, e.g. http://127.0.0.1:4220/graphql. */
  url: string;
  close(): Promise<void>;
}

const BODY_LIMIT_BYTES = 1 << 20;


export async function startRegistrySubgraph(options: RegistrySubgraphOptions): Promise<RunningRegistrySubgraph> {
  const host = options.host ?? '127.0.0.1';
  const verifier = options.auth ?? new CallerVerifier(loadAuthOptions({}), 'accept');
  const accessIndex = options.accessLog ? new AccessLogIndex(options.accessLog) : null;
  const server = new ApolloServer<RegistryContext>({
    schema: registrySubgraphSchema(options.registry, { accessLog: options.accessLog ?? null, accessIndex, signer: options.signer ?? null, webhooks: options.webhooks ?? null, catalog: options.catalog?.registry ?? null, usageStore: options.usageStore ?? null }),
    includeStacktraceInErrorResponses: false,
    // The process (main.ts) closes the server and its stores on SIGTERM, then exits.
    stopOnTerminationSignals: false,
    plugins: [ApolloServerPluginInlineTraceDisabled(), ApolloServerPluginLandingPageDisabled(), anonymousGate<RegistryContext>(verifier, (c) => c.caller ?? ANONYMOUS)],
  });
  await server.start();
  const handle = graphqlHandler<RegistryContext>(
    server,
    async ({ req }) => ({
      authorization: req.headers.authorization ?? null,
      caller: await callerOrUnauthenticated(verifier, req.headers.authorization),
      catalog: (options.catalog?.live ?? LiveCatalog.fixed()).current(),
    }),
    BODY_LIMIT_BYTES,
  );

  const routes = options.accessLog ? accessExportRoute(options.accessLog, verifier) : undefined;
  // Loaded from its snapshot (or built) now, not at the first search; a failure shows at that search.
  accessIndex?.refresh().catch(() => undefined);
  const stop = async () => {
    await accessIndex?.flush().catch((error: unknown) => console.error('access-log index snapshot not saved', error));
    await server.stop();
  };
  return serveGraphQL(handle, stop, options.port ?? 0, host, routes);
}
