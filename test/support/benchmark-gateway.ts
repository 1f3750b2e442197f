import type { BenchmarkSubgraph } from '../../bench/gateways-benchmark/subgraphs/schemas';
import { writeBenchmarkSupergraph } from '../../bench/gateways-benchmark/supergraph-file';
import { loadGatewayConfig } from '../../gateway/config';
import { startGateway } from '../../gateway/server';

/**
 * Our gateway in this process on the gateways benchmark's supergraph (its subgraphs where
 * `subgraphUrl` says), without any de-duplication or response cache, so that every request is
 * executed and every fetch sent; `env` on top. Closed once `use` settles.
 */
export async function withBenchmarkGateway<T>(subgraphUrl: (name: BenchmarkSubgraph) => string, env: Record<string, string>, use: (url: string) => Promise<T>): Promise<T> {
  const config = loadGatewayConfig({ GATEWAY_PORT: '0', LOG_LEVEL: 'silent', SUBGRAPH_DEDUP: 'false', GATEWAY_INBOUND_DEDUP: 'false', RESPONSE_CACHE_MAX_MB: '0', ...env }, ['--supergraph', writeBenchmarkSupergraph(subgraphUrl)]);
  const gateway = await startGateway(config);
  try {
    return await use(gateway.url);
  } finally {
    await gateway.close();
  }
}
