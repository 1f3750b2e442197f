import { createHash } from 'node:crypto';
import { RedisAccessLogStore } from '../../schema/access-log/redis-store';
import { verifyAccessRecords } from '../../schema/access-log/verify';
import { startFederation, type Federation } from '../support/federation';
import { keysMatching } from '../support/redis-backends';
import { startRedisCluster, type RedisClusterHandle } from '../support/redis-cluster';
import { startRedisServer, type RedisServerHandle } from '../support/redis-server';
import { EVERY_ENTRY, mintToken } from '../support/tokens';

/**
 * Issue 20: the federation on a three-master Redis Cluster answers as on one Redis node. The
 * gateway reads the cluster as operators configure it (a plain REDIS_URL seed with
 * REDIS_CLUSTER=true), the subgraphs' caches through a redis+cluster:// URL.
 */

let node: RedisServerHandle;
let cluster: RedisClusterHandle;
let onNode: Federation;
let onCluster: Federation;
let auth: Record<string, string>;

type Answer = { status: number; body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] } };

async function post(url: string, body: unknown): Promise<Answer> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Answer['body'] };
}

beforeAll(async () => {
  [node, cluster] = await Promise.all([startRedisServer(), startRedisCluster()]);
  onNode = await startFederation({ redisUrl: node.url });
  onCluster = await startFederation({ redisUrl: cluster.url, gatewayEnv: { REDIS_URL: cluster.seedUrl, REDIS_CLUSTER: 'true' } });
  auth = { authorization: `Bearer ${await mintToken(EVERY_ENTRY)}` };
}, 120_000);

afterAll(async () => {
  await onCluster?.close();
  await onNode?.close();
  await Promise.all([node?.stop(), cluster?.stop()]);
});

const QUERIES: { name: string; query: string; variables?: () => Record<string, unknown> }[] = [
  { name: 'provinces and zones (region)', query: '{ provinces { code } zones { code } }' },
  { name: 'bases of every province, merged', query: '{ rescueBases(first: 100) { totalCount edges { node { id province name } } } }' },
  { name: 'warnings, page one', query: '{ warnings(first: 20) { totalCount edges { node { id province headline } } } }' },
  { name: 'hazmat enterprises with their credit', query: '{ hazmatEnterprises(first: 30) { totalCount edges { node { id name creditCode } } } }' },
  {
    name: 'a vehicle stitched from every province',
    query: 'query($plate: ID!) { vehicle(plate: $plate) { plate registeredProvince waybills { id } } }',
    variables: () => ({ plate: onNode.dataset.trackPoints[0].plate }),
  },
];

describe('the federation on a Redis Cluster', () => {
  it('reads REDIS_CLUSTER: every store of the gateway is configured for the cluster', () => {
    const config = onCluster.gatewayConfig;
    expect(config.caching).toMatchObject({ redisUrl: cluster.seedUrl, redisCluster: true });
    expect(config.accessLog.redisUrl).toBe(cluster.seedUrl.replace('redis://', 'redis+cluster://'));
  });

  it('answers every query exactly as the federation on one Redis node, first and from its caches', async () => {
    for (const { name, query, variables } of QUERIES) {
      const body = { query, variables: variables?.() };
      const expected = await post(onNode.url, body);
      expect([name, expected.status, expected.body.errors]).toEqual([name, 200, undefined]);
      for (let i = 0; i < 2; i++) expect([name, await post(onCluster.url, body)]).toEqual([name, expected]);
    }
  });

  it('keeps persisted queries in the cluster: unknown by hash, registered, then found by hash alone', async () => {
    const query = `{ warnings(first: 3) { totalCount } } # ${Date.now()}`;
    const sha256Hash = createHash('sha256').update(query).digest('hex');
    const persisted = { extensions: { persistedQuery: { version: 1, sha256Hash } } };
    expect((await post(onCluster.url, persisted)).body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const registered = await post(onCluster.url, { query, ...persisted });
    expect(registered.body.errors).toBeUndefined();
    expect(await post(onCluster.url, persisted)).toEqual(registered);
    const prefix = onCluster.gatewayConfig.caching.keyPrefix;
    expect((await keysMatching(cluster.url, `${prefix}*`)).length).toBeGreaterThan(0);
  });

  it('writes its access log to the cluster as one verifiable chain', async () => {
    const waybills = QUERIES.find((q) => q.name.startsWith('a vehicle')) as (typeof QUERIES)[number];
    const answered = await post(onCluster.url, { query: waybills.query, variables: waybills.variables?.() });
    expect(answered.body.errors).toBeUndefined();
    const { redisPrefix } = onCluster.gatewayConfig.accessLog;
    const store = new RedisAccessLogStore({ url: cluster.url, prefix: redisPrefix });
    try {
      let head = await store.head();
      for (let i = 0; i < 100 && (head?.seq ?? 0) === 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        head = await store.head();
      }
      expect(head?.seq).toBeGreaterThan(0);
      // Batches of the earlier tests' requests may still land while the chain is read: the scan covers at least the
      // head seen before it and at most the head after it.
      const verified = await verifyAccessRecords(store.scan());
      const after = await store.head();
      expect(verified.ok).toBe(true);
      expect(verified.recordsChecked).toBeGreaterThanOrEqual(head?.seq ?? 0);
      expect(verified.recordsChecked).toBeLessThanOrEqual(after?.seq ?? 0);
    } finally {
      await store.close();
    }
  });

  it('spreads the subgraphs’ cached answers over the three masters', async () => {
    const perNode = await Promise.all(cluster.nodes.map((n) => keysMatching(n.url, '*')));
    expect(perNode.filter((keys) => keys.length > 0)).toHaveLength(3);
  });
});
