import { ApolloServer, type BaseContext } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { MAX_VALIDITY_MS, answerValidity } from '../../schema/cache/answer-validity';
import { graphqlHandler, serveGraphQL } from '../../schema/http/graphql-handler';
import { referenceBoundaries } from '../../schema/boundaries';
import { anonymousGate, callerOrUnauthenticated, CallerVerifier } from '../../schema/caller';
import { loadAuthOptions } from '../../schema/config/shared-config';
import type { Caller } from '../../schema/sharing-catalog';
import { buildRegionSchema } from './schema';

export interface RegionSubgraphOptions {
  /** 0 or absent: an ephemeral port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Verifies the bearer token each request carries (the process passes its JWT_* and ALLOW_ANONYMOUS; default: their defaults). */
  auth?: CallerVerifier;
}

export interface RunningRegionSubgraph {
  /** The GraphQL endpoint, e.g. http://127.0.0.1:4210/graphql. */
  url: string;
  close(): Promise<void>;
}

const BODY_LIMIT_BYTES = 1 << 20;

interface RegionContext extends BaseContext {
  caller: Caller;
}


export async function startRegionSubgraph(options: RegionSubgraphOptions = {}): Promise<RunningRegionSubgraph> {
  const host = options.host ?? '127.0.0.1';
  // Index the boundaries before listening, so that the first divisionsAt is as fast as the rest.
  referenceBoundaries();
  // No Apollo Studio here: inline (ftv1) tracing would only cost time and log a non-JSON line at start.
  // Reference geography is unconditional data, but a forged or expired token is refused here too (rule 5).
  const verifier = options.auth ?? new CallerVerifier(loadAuthOptions({}), 'accept');
  const server = new ApolloServer<RegionContext>({
    schema: buildRegionSchema(),
    includeStacktraceInErrorResponses: false,
    stopOnTerminationSignals: false,
    // Reference geography does not change while the process runs: every answer holds as long as any may.
    plugins: [ApolloServerPluginInlineTraceDisabled(), ApolloServerPluginCacheControlDisabled(), answerValidity<RegionContext>(() => MAX_VALIDITY_MS, 'public'), anonymousGate<RegionContext>(verifier, (c) => c.caller)],
  });
  await server.start();
  const handle = graphqlHandler<RegionContext>(server, async ({ req }) => ({ caller: await callerOrUnauthenticated(verifier, req.headers.authorization) }), BODY_LIMIT_BYTES);

  return serveGraphQL(handle, () => server.stop(), options.port ?? 0, host);
}
