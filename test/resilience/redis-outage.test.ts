import { createHash } from 'node:crypto';
import Redis from 'ioredis';
import { PROVINCE_CODES } from '../../schema/model';
import { startFederation, type Federation } from '../support/federation';
import { expectedBases, unexpectedErrors } from '../support/oracle';
import { startRedisServer, type RedisServerHandle } from '../support/redis-server';
import { waitUntil } from './province-stack';
import { metricSum } from '../support/metric-sum';

/**
 * Redis is never a single point of failure: with Redis stopped in the middle of a steady stream
 * of requests (plain and persisted queries) no request fails, /ready stays ready and says Redis is
 * down, /metrics says so, and when Redis comes back every client reconnects by itself and the
 * shared cache is used again.
 */

const BASES = 'query Bases { rescueBases(first: 5) { totalCount edges { node { id } } } }';
const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

let redis: RedisServerHandle;
let fed: Federation;
beforeAll(async () => {
  redis = await startRedisServer();
  // Without the response cache, so that every request goes through the Redis-backed caches under test.
  fed = await startFederation({ redisUrl: redis.url, gatewayEnv: { READY_CACHE_MS: '0', RESPONSE_CACHE_MAX_MB: '0' } });
  await waitUntil(() => fed.gateway.cache.state === 'up', 5000, 'the gateway to reach Redis');
}, 60_000);
afterAll(async () => {
  await fed?.close();
  await redis?.stop();
});

async function post(body: unknown): Promise<{ status: number; body: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] } }> {
  const res = await fetch(fed.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as never };
}

const persisted = (query: string) => ({ extensions: { persistedQuery: { version: 1, sha256Hash: sha256(query) } } });
const gatewayBase = () => fed.url.replace(/\/graphql$/, '');
const ready = async () => (await (await fetch(`${gatewayBase()}/ready`)).json()) as { status: string; degradable?: { cache?: { redis?: string } } };
const gatewayMetrics = async () => (await fetch(`${gatewayBase()}/metrics`)).text();
const provinceReady = async (url: string) => (await (await fetch(url.replace(/\/graphql$/, '/ready'))).json()) as { cache: string };

it('keeps answering every request while Redis is stopped and restarted, says so in /ready and /metrics, and reconnects by itself', async () => {
  const expected = expectedBases(fed.dataset).slice(0, 5).map((b) => b.id);
  const registered = await post({ query: BASES, ...persisted(BASES) });
  expect(registered.status).toBe(200);
  const hit = await post(persisted(BASES));
  expect(hit.body.data).toEqual(registered.body.data);
  const keys = new Redis(redis.port, '127.0.0.1', { lazyConnect: true });
  await keys.connect();
  expect(await keys.keys(`*apq:${sha256(BASES)}`)).toHaveLength(1);
  expect(await keys.keys('*legacy:SH:replica:bases')).toHaveLength(1);
  keys.disconnect();
  expect((await ready()).degradable?.cache?.redis).toBe('up');

  const failures: string[] = [];
  let answered = 0;
  let running = true;
  const client = async (usePersisted: boolean): Promise<void> => {
    while (running) {
      const answer = await post(usePersisted ? persisted(BASES) : { query: BASES });
      const data = answer.body.data as { rescueBases?: { edges: { node: { id: string } }[] } } | undefined;
      const ids = data?.rescueBases?.edges.map((e) => e.node.id);
      const errors = unexpectedErrors(fed.dataset, answer.body.errors);
      if (answer.status !== 200 || errors.length > 0 || JSON.stringify(ids) !== JSON.stringify(expected)) failures.push(`${answer.status} ${JSON.stringify(errors)}`);
      answered += 1;
    }
  };
  const clients = [client(true), client(false), client(true), client(false)];

  await new Promise((r) => setTimeout(r, 300));
  await redis.stop();
  await waitUntil(async () => (await ready()).degradable?.cache?.redis === 'down', 5000, '/ready to report Redis down');
  const whileDown = await ready();
  expect(whileDown.status).toBe('ready');
  expect(metricSum(await gatewayMetrics(), 'gateway_redis_up')).toBe(0);
  for (const p of PROVINCE_CODES) expect((await provinceReady(fed.provinceUrls[p])).cache).toBe('down');
  const provinceMetrics = await (await fetch(fed.provinceUrls.SH.replace(/\/graphql$/, '/metrics'))).text();
  expect(metricSum(provinceMetrics, 'province_cache_redis_up', { province: 'SH' })).toBe(0);
  // Answers keep coming while Redis is down: the next one is awaited, however long a loaded machine takes for it.
  const answeredBefore = answered;
  const failedBefore = failures.length;
  await waitUntil(() => answered > answeredBefore + 4, 30_000, 'answers while Redis is down');
  expect(failures.length).toBe(failedBefore);

  await redis.start();
  await waitUntil(async () => (await ready()).degradable?.cache?.redis === 'up', 10_000, '/ready to report Redis up again');
  await waitUntil(async () => (await Promise.all(PROVINCE_CODES.map((p) => provinceReady(fed.provinceUrls[p])))).every((r) => r.cache === 'up'), 10_000, 'the subgraphs to reconnect');
  await new Promise((r) => setTimeout(r, 300));
  running = false;
  await Promise.all(clients);

  expect(failures).toEqual([]);
  expect(answered).toBeGreaterThan(20);
  const text = await gatewayMetrics();
  expect(metricSum(text, 'gateway_redis_up')).toBe(1);
  expect(metricSum(text, 'gateway_redis_reconnects')).toBeGreaterThanOrEqual(1);
  expect(metricSum(text, 'gateway_apq_requests_total', { outcome: 'hit' })).toBeGreaterThan(1);
  expect(metricSum(text, 'gateway_apq_requests_total', { outcome: 'register' })).toBe(1);
  expect(metricSum(text, 'gateway_apq_requests_total', { outcome: 'miss' })).toBe(0);
  expect(metricSum(text, 'gateway_plan_cache_lookups_total', { outcome: 'hit' })).toBeGreaterThan(answered / 2);

  // The restarted Redis is empty: a new registration is shared through it again.
  const other = 'query Other { rescueBases(first: 1) { totalCount } }';
  expect((await post({ query: other, ...persisted(other) })).status).toBe(200);
  const again = new Redis(redis.port, '127.0.0.1', { lazyConnect: true });
  await again.connect();
  expect(await again.keys(`*apq:${sha256(other)}`)).toHaveLength(1);
  again.disconnect();
}, 60_000);

it('answers an unknown persisted query hash with PERSISTED_QUERY_NOT_FOUND, and counts the miss', async () => {
  const answer = await post(persisted('query Never { rescueBases(first: 2) { totalCount } }'));
  expect(answer.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  expect(metricSum(await gatewayMetrics(), 'gateway_apq_requests_total', { outcome: 'miss' })).toBe(1);
});
