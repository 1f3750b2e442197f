import { createHash } from 'node:crypto';
import { startGateway, type RunningGateway } from '../../gateway/server';
import { startFederation, type Federation } from '../support/federation';
import { startRedisCluster, type RedisClusterHandle } from '../support/redis-cluster-start';
import { freePort, startRedisServer, type RedisServerHandle } from '../support/redis-server';
import { EVERY_ENTRY, mintToken } from '../support/tokens';

/**
 * A gateway given Redis is ready only once its shared cache has connected (on a cluster: read the
 * slot map), because until then a persisted query registered at it stays in its memory; a later
 * outage leaves it ready, serving from memory. A cluster is reached through any of several seeds.
 */

interface Readiness {
  status: number;
  body: { status: string; notReady: string[]; degradable?: { cache?: { redis?: string } } };
}

async function readiness(gatewayUrl: string): Promise<Readiness> {
  const res = await fetch(gatewayUrl.replace(/\/graphql$/, '/ready'));
  return { status: res.status, body: (await res.json()) as Readiness['body'] };
}

async function waitUntil(check: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Ready as far as the subgraphs and the supergraph go: whatever else is missing is the gateway's own. */
const subgraphsReady = async (url: string) => (await readiness(url)).body.notReady.every((name) => name === 'redis');

describe('a gateway started before its Redis', () => {
  let redis: RedisServerHandle;
  let fed: Federation;

  beforeAll(async () => {
    redis = await startRedisServer();
    await redis.stop();
    fed = await startFederation({ gatewayEnv: { REDIS_URL: redis.url, READY_CACHE_MS: '0' } });
  }, 120_000);

  afterAll(async () => {
    await fed?.close();
    await redis?.stop();
  });

  it('is not ready until Redis answers, then ready; and stays ready, serving from memory, when Redis goes away later', async () => {
    await waitUntil(() => subgraphsReady(fed.url), 30_000, 'the supergraph and the subgraphs');
    await new Promise((r) => setTimeout(r, 500));
    const before = await readiness(fed.url);
    expect([before.status, before.body.status, before.body.notReady, before.body.degradable?.cache?.redis]).toEqual([503, 'not ready', ['redis'], 'down']);

    await redis.start();
    await waitUntil(async () => (await readiness(fed.url)).status === 200, 15_000, '/ready once Redis answers');
    const after = await readiness(fed.url);
    expect([after.body.status, after.body.notReady, after.body.degradable?.cache?.redis]).toEqual(['ready', [], 'up']);

    await redis.stop();
    await waitUntil(async () => (await readiness(fed.url)).body.degradable?.cache?.redis === 'down', 10_000, '/ready to report Redis down');
    const down = await readiness(fed.url);
    expect([down.status, down.body.status, down.body.notReady]).toEqual([200, 'ready', []]);
    const served = await fed.query<{ provinces: { code: string }[] }>('{ provinces { code } }');
    expect(served.data?.provinces.map((p) => p.code).sort()).toEqual(['AH', 'JS', 'SH', 'ZJ']);
  }, 90_000);
});

describe('a gateway on a Redis Cluster whose first seed is down', () => {
  let cluster: RedisClusterHandle;
  let fed: Federation;
  let other: RunningGateway | null = null;

  beforeAll(async () => {
    cluster = await startRedisCluster();
    const seeds = `redis://127.0.0.1:${await freePort()},127.0.0.1:${cluster.nodes[0].port}`;
    fed = await startFederation({ gatewayEnv: { REDIS_URL: seeds, REDIS_CLUSTER: 'true', READY_CACHE_MS: '0', CACHE_KEY_PREFIX: 'dead-seed:' } });
  }, 120_000);

  afterAll(async () => {
    await other?.close();
    await fed?.close();
    await cluster?.stop();
  });

  it('reaches the cluster through the second seed, is ready, and shares a persisted query with another gateway', async () => {
    await waitUntil(async () => (await readiness(fed.url)).status === 200, 30_000, '/ready');
    expect((await readiness(fed.url)).body.degradable?.cache?.redis).toBe('up');

    other = await startGateway({ ...fed.gatewayConfig, caching: { ...fed.gatewayConfig.caching, redisUrl: cluster.seedUrl } });
    await waitUntil(async () => (await readiness(other?.url as string)).status === 200, 30_000, 'the other gateway\'s /ready');
    const query = `{ provinces { code } } # ${Date.now()}`;
    const persisted = { extensions: { persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') } } };
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${await mintToken(EVERY_ENTRY)}` };
    const post = async (url: string, body: unknown) => (await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) })).json();
    const registered = (await post(fed.url, { query, ...persisted })) as { data?: unknown; errors?: unknown };
    expect(registered.errors).toBeUndefined();
    expect(await post(other.url, persisted)).toEqual(registered);
  }, 90_000);
});
