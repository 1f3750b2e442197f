import { loadGatewayConfig } from '../../gateway/config';
import { startGateway, type RunningGateway } from '../../gateway/server';
import { DEFAULT_LIMITS } from '../../gateway/plugins/apollo/limits';
import { loadSharedCacheOptions } from '../../schema/config/shared-config';
import { RedisRegistryStore } from '../../schema/registry/redis-store';
import { Registry } from '../../schema/registry/registry';
import { startRegionSubgraph, type RunningRegionSubgraph } from '../../subgraphs/region/server';
import { startRedisServer, type RedisServerHandle } from '../support/redis-server';

describe('loadGatewayConfig', () => {
  it('keeps the defaults of every setting when nothing is set', () => {
    const config = loadGatewayConfig({});
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 4000,
      region: { name: 'region', url: 'http://127.0.0.1:4210/graphql' },
      registry: null,
      provinces: { SH: 'http://127.0.0.1:4201/graphql', JS: 'http://127.0.0.1:4202/graphql', ZJ: 'http://127.0.0.1:4203/graphql', AH: 'http://127.0.0.1:4204/graphql' },
      supergraphFile: null,
      registrySource: null,
      shardTimeoutMs: 8000,
      bodyLimitBytes: 1_000_000,
      logLevel: 'info',
      readyProbeTimeoutMs: 1000,
      readyCacheMs: 2000,
      metricsMaxOperationNames: 100,
      graphiql: true,
      workers: 1,
      inboundDedup: true,
      serverTiming: false,
      plannerCorrections: true,
      mergeSiblingFetches: true,
      compiledResultShaping: true,
      ownPlanExecutor: true,
      caching: { redisUrl: null, redisCluster: false, redisCommandTimeoutMs: 250, keyPrefix: 'yrd:', maxEntries: 10_000, apqTtlSeconds: 86_400, planCacheMaxBytes: 30 * 1024 * 1024, subgraphDedup: true, responseCacheMaxBytes: 32 * 1024 * 1024 },
      security: { limits: DEFAULT_LIMITS, maxTokens: 2000, production: false, auth: { secret: null, issuer: 'yrd-federation', audience: 'yrd-gateway', allowAnonymous: true, clockToleranceSec: 5 } },
    });
  });

  it('is frozen, so that no consumer changes what another reads', () => {
    const config = loadGatewayConfig({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.caching)).toBe(true);
  });

  it('takes --supergraph over SUPERGRAPH_FILE', () => {
    expect(loadGatewayConfig({ SUPERGRAPH_FILE: 'a.graphql' }, ['--supergraph', 'b.graphql']).supergraphFile).toBe('b.graphql');
    expect(loadGatewayConfig({ SUPERGRAPH_FILE: 'a.graphql' }).supergraphFile).toBe('a.graphql');
  });

  it('names every invalid variable in one error with the code CONFIG_INVALID', () => {
    expect(() => loadGatewayConfig({ GATEWAY_PORT: 'abc', GRAPHIQL: 'maybe', LOG_LEVEL: 'loud' })).toThrow(
      expect.objectContaining({
        code: 'CONFIG_INVALID',
        problems: [expect.objectContaining({ variable: 'GATEWAY_PORT', value: 'abc' }), expect.objectContaining({ variable: 'LOG_LEVEL', value: 'loud' }), expect.objectContaining({ variable: 'GRAPHIQL', value: 'maybe' })],
      }),
    );
  });

  it('parses REDIS_CLUSTER one way, for the gateway and for the shared cache alike', () => {
    for (const [value, cluster] of [['yes', true], ['ON', true], ['0', false], ['', false]] as const) {
      expect(loadGatewayConfig({ REDIS_CLUSTER: value }).caching.redisCluster).toBe(cluster);
      expect(loadSharedCacheOptions({ REDIS_CLUSTER: value }).redisCluster).toBe(cluster);
    }
    expect(() => loadGatewayConfig({ REDIS_CLUSTER: 'maybe' })).toThrow(/REDIS_CLUSTER="maybe"/);
    expect(() => loadSharedCacheOptions({ REDIS_CLUSTER: 'maybe' })).toThrow(/REDIS_CLUSTER="maybe"/);
  });

  it('hands the registry its Redis key prefix (REGISTRY_REDIS_PREFIX) with the registry as source', () => {
    const config = loadGatewayConfig({ SUPERGRAPH_SOURCE: 'Registry', REDIS_URL: 'redis://127.0.0.1:6390', REGISTRY_REDIS_PREFIX: 'blue:registry:', REGISTRY_WAIT_MS: '500' });
    expect(config.registrySource).toEqual({ store: { redisUrl: 'redis://127.0.0.1:6390', redisPrefix: 'blue:registry:', file: '.registry/history.jsonl', signingKey: null, usageKeepDays: 90 }, waitForFirstMs: 500 });
  });
});

describe('a gateway whose registry has its own Redis prefix', () => {
  let redis: RedisServerHandle;
  let region: RunningRegionSubgraph;
  let gateway: RunningGateway | undefined;
  let registry: Registry;

  beforeAll(async () => {
    redis = await startRedisServer();
    region = await startRegionSubgraph({ port: 0 });
    registry = new Registry(new RedisRegistryStore({ url: redis.url, prefix: 'blue:registry:' }));
  });

  afterAll(async () => {
    await gateway?.close();
    await registry?.close();
    await region?.close();
    await redis?.stop();
  });

  it('serves the version published under that prefix (an empty default-prefix registry would refuse to start)', async () => {
    const sdl = ((await (await fetch(region.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ _service { sdl } }"}' })).json()) as { data: { _service: { sdl: string } } }).data._service.sdl;
    expect((await registry.publish({ subgraph: 'region', url: region.url, sdl, by: 'test' })).status).toBe('published');
    const live = await registry.liveVersion();
    gateway = await startGateway(
      loadGatewayConfig({ SUPERGRAPH_SOURCE: 'registry', REDIS_URL: redis.url, REGISTRY_REDIS_PREFIX: 'blue:registry:', REGION_URL: region.url, GATEWAY_PORT: '0', LOG_LEVEL: 'silent' }),
    );
    const health = await (await fetch(new URL('/health', gateway.url))).json();
    expect(health).toEqual({ status: 'ok', supergraphVersion: live?.number });
  });
});
