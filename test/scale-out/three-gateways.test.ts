import { createHash } from 'node:crypto';
import { RedisRegistryStore } from '../../schema/registry/redis-store';
import { Registry } from '../../schema/registry/registry';
import { PROVINCES_SUBGRAPH } from '../../schema/registry/sharded-subgraphs';
import { startRegistrySubgraph } from '../../subgraphs/registry/registry-subgraph';
import { startFederation, type Federation } from '../support/federation';
import { buildForProcesses, gatewayEnvOf, removeBuild, startGatewayProcesses, stopGatewayProcesses, type GatewayProcess } from '../support/gateway-processes';
import { GATEWAY_REDIS, type GatewayRedis } from '../support/gateway-redis';
import { startRoundRobinProxy, type RoundRobinProxy } from '../support/round-robin-proxy';
import { EVERY_ENTRY, mintToken } from '../support/tokens';

/**
 * Three gateway processes behind a round-robin proxy, on one federation's subgraphs, sharing one
 * Redis node or a three-master Redis Cluster (configured as operators do: a seed and REDIS_CLUSTER):
 * the same answers as one gateway, persisted queries and the subgraphs' caches shared, a registry
 * publish hot-reloaded by all three, and an instance killed under load without a failed request.
 */

let outDir: string;
beforeAll(async () => {
  outDir = await buildForProcesses('three-gateways');
}, 240_000);
afterAll(() => {
  if (outDir) removeBuild(outDir);
});

const QUERIES: { name: string; query: string; variables?: (fed: Federation) => Record<string, unknown> }[] = [
  { name: 'provinces and zones (region)', query: '{ provinces { code } zones { code } }' },
  { name: 'bases of every province, merged', query: '{ rescueBases(first: 100) { totalCount edges { node { id province name } } } }' },
  { name: 'warnings, page one', query: '{ warnings(first: 20) { totalCount edges { cursor node { id province } } } }' },
  {
    name: 'a vehicle stitched from every province',
    query: 'query($plate: ID!) { vehicle(plate: $plate) { plate registeredProvince waybills { id } } }',
    variables: (fed) => ({ plate: fed.dataset.trackPoints[0].plate }),
  },
];

describe.each(GATEWAY_REDIS)('three gateway processes behind a round-robin proxy, on %s', (_, start) => {
  let redis: GatewayRedis;
  let fed: Federation;
  let registry: Registry;
  let gateways: GatewayProcess[] = [];
  let proxy: RoundRobinProxy;
  let auth: Record<string, string>;
  let registrySubgraph: { url: string; close(): Promise<void> };

  async function sdlOf(url: string): Promise<string> {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ _service { sdl } }"}' });
    return ((await res.json()) as { data: { _service: { sdl: string } } }).data._service.sdl;
  }

  async function post(url: string, body: unknown, headers: Record<string, string> = auth): Promise<{ status: number; body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] } }> {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as never };
  }

  beforeAll(async () => {
    redis = await start();
    fed = await startFederation({ redisUrl: redis.url });
    registry = new Registry(new RedisRegistryStore({ url: redis.url }));
    registrySubgraph = await startRegistrySubgraph({ registry, port: 0 });
    const config = fed.gatewayConfig;
    for (const input of [
      { subgraph: 'region', url: config.region.url, sdl: await sdlOf(config.region.url) },
      { subgraph: PROVINCES_SUBGRAPH.name, url: PROVINCES_SUBGRAPH.url, sdl: await sdlOf(fed.provinceUrls.SH) },
      { subgraph: 'credit', url: config.credit?.url ?? '', sdl: await sdlOf(config.credit?.url ?? '') },
    ]) {
      expect((await registry.publish({ ...input, by: 'test' })).status).toBe('published');
    }
    gateways = await startGatewayProcesses(outDir, 3, gatewayEnvOf(fed, { SUPERGRAPH_SOURCE: 'registry', ...redis.gatewayEnv, CACHE_KEY_PREFIX: 'three-gateways:', REGISTRY_URL: registrySubgraph.url }));
    proxy = await startRoundRobinProxy(gateways.map((g) => g.url));
    auth = { authorization: `Bearer ${await mintToken(EVERY_ENTRY)}` };
  }, 240_000);

  afterAll(async () => {
    await proxy?.close();
    await stopGatewayProcesses(gateways);
    await registrySubgraph?.close();
    await registry?.close();
    await fed?.close();
    await redis?.stop();
  });

    it('answer exactly as one gateway does, whichever instance serves', async () => {
      for (const { name, query, variables } of QUERIES) {
        const body = { query, variables: variables?.(fed) };
        const one = await post(fed.url, body);
        expect([name, one.status, one.body.errors]).toEqual([name, 200, undefined]);
        for (let i = 0; i < 6; i++) expect([name, await post(proxy.url, body)]).toEqual([name, one]);
      }
      expect(proxy.answered.every((n) => n >= 8)).toBe(true);
    });

    it('share persisted queries: registered at one instance, found by hash at the others', async () => {
      const query = `{ warnings(first: 3) { totalCount } } # ${Date.now()}`;
      const sha256Hash = createHash('sha256').update(query).digest('hex');
      const persisted = { extensions: { persistedQuery: { version: 1, sha256Hash } } };
      expect((await post(gateways[1].url, persisted)).body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
      const registered = await post(gateways[0].url, { query, ...persisted });
      expect(registered.body.errors).toBeUndefined();
      for (const g of gateways.slice(1)) expect(await post(g.url, persisted)).toEqual(registered);
    });

    it("share the subgraphs' caches: a query answered through one instance costs no legacy call through the others", async () => {
      const body = { query: 'query($p: ID!) { vehicle(plate: $p) { plate track(from: "2026-06-01T00:00:00Z", to: "2026-07-12T00:00:00Z") { at } } }', variables: { p: fed.dataset.trackPoints[1].plate } };
      const first = await post(gateways[0].url, body);
      expect(first.body.errors).toBeUndefined();
      fed.resetLegacyCalls();
      for (const g of gateways.slice(1)) expect(await post(g.url, body)).toEqual(first);
      const calls = Object.values(fed.legacyCalls()).flatMap((byEndpoint) => Object.values(byEndpoint));
      expect(calls.reduce((a, b) => a + b, 0)).toBe(0);
    });

    it('all three hot-reload a version published to the registry', async () => {
      const probe = { query: '{ __type(name: "SchemaVersion") { name } }' };
      for (const g of gateways) expect((await post(g.url, probe)).body.data?.__type).toBeNull();
      const published = await registry.publish({ subgraph: 'registry', url: registrySubgraph.url, sdl: await sdlOf(registrySubgraph.url), by: 'test' });
      expect(published.status).toBe('published');
      const deadline = Date.now() + 5000;
      for (const g of gateways) {
        while ((await post(g.url, probe)).body.data?.__type === null) {
          if (Date.now() > deadline) throw new Error(`${g.url} still serves the old version`);
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    });

    it('lose no request at the proxy when an instance is killed under load (retry-safe queries go to another)', async () => {
      const body = { query: QUERIES[1].query };
      const expected = await post(fed.url, body);
      let stop = false;
      const wrong: string[] = [];
      let sent = 0;
      const retriesBefore = proxy.retries;
      const clients = Array.from({ length: 12 }, async () => {
        while (!stop) {
          sent += 1;
          const answer = await post(proxy.url, body);
          if (JSON.stringify(answer) !== JSON.stringify(expected)) wrong.push(JSON.stringify(answer).slice(0, 200));
        }
      });
      await new Promise((r) => setTimeout(r, 1500));
      gateways[2].child.kill('SIGKILL');
      await new Promise((r) => setTimeout(r, 2500));
      stop = true;
      await Promise.all(clients);
      expect(wrong).toEqual([]);
      expect(proxy.failures).toBe(0);
      expect(sent).toBeGreaterThan(50);
      expect(proxy.retries).toBeGreaterThan(retriesBefore);
    });
});
