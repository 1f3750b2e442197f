import { createHash } from 'node:crypto';
import { startFederation, type Federation } from '../support/federation';
import { buildForProcesses, gatewayEnvOf, removeBuild, startGatewayProcesses, stopGatewayProcesses, type GatewayProcess } from '../support/gateway-processes';
import { keysMatching } from '../support/redis-backends';
import { startRedisCluster, type RedisClusterHandle } from '../support/redis-cluster';
import { clusterNodes, keySlot, killNode, masterOfSlot, promoted, replicasInSync } from '../support/redis-failover';
import { EVERY_ENTRY, mintToken } from '../support/tokens';

/**
 * A Redis Cluster of three masters with a replica each (cluster-node-timeout 1 s), the federation
 * and two gateway processes on it (a seed and REDIS_CLUSTER=true). Under a steady load of
 * persisted queries, the master holding the persisted query's key is killed with SIGKILL: every
 * request keeps its answer (the shared cache gives up on Redis after its 250 ms deadline and serves
 * from memory), and once the replica is promoted, a query registered at one gateway is found by
 * hash at the other, through the new master.
 */

const NODE_TIMEOUT_MS = 1000;
/**
 * The longest a request sent after the kill may take: a few shared-cache deadlines of 250 ms
 * on top of a normal answer on a loaded machine, well under the 3–4 s the promotion takes.
 */
const SLOWEST_MS = 2000;

interface Answer {
  status: number;
  body: { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };
}

let outDir: string;
let cluster: RedisClusterHandle;
let fed: Federation;
let gateways: GatewayProcess[] = [];
let auth: Record<string, string>;

beforeAll(async () => {
  outDir = await buildForProcesses('cluster-failover');
  cluster = await startRedisCluster({ replicas: 1, nodeTimeoutMs: NODE_TIMEOUT_MS });
  await replicasInSync(cluster.nodes.map((n) => n.port));
  fed = await startFederation({ redisUrl: cluster.url });
  gateways = await startGatewayProcesses(outDir, 2, gatewayEnvOf(fed, { REDIS_URL: cluster.seedUrl, REDIS_CLUSTER: 'true', CACHE_KEY_PREFIX: 'failover:' }));
  auth = { authorization: `Bearer ${await mintToken(EVERY_ENTRY)}` };
}, 300_000);

afterAll(async () => {
  await stopGatewayProcesses(gateways);
  await fed?.close();
  await cluster?.stop();
  if (outDir) removeBuild(outDir);
});

async function post(url: string, body: unknown): Promise<Answer> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Answer['body'] };
}

async function metric(gateway: GatewayProcess, name: string): Promise<number> {
  const text = await (await fetch(new URL('/metrics', gateway.url))).text();
  return Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
}

/** A gateway reports ready before its cluster client has found the slots; until then it serves from memory alone. */
async function redisUp(gateway: GatewayProcess): Promise<void> {
  const deadline = Date.now() + 10_000;
  while ((await metric(gateway, 'gateway_redis_up')) !== 1) {
    if (Date.now() > deadline) throw new Error(`${gateway.url}: Redis not up after 10 s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const persisted = (query: string) => ({ extensions: { persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') } } });

/** The key (as stored in the cluster) of a persisted query registered with `hash`. */
async function apqKey(hash: string): Promise<string> {
  const [key] = await keysMatching(cluster.url, `*${hash}*`);
  if (!key) throw new Error(`no key holds the persisted query ${hash}`);
  return key;
}

/** `count` queries (`base` with a numbered comment) whose persisted-query keys, named like `hotKey`, land in `slots`. */
async function queriesOn(port: number, slots: readonly [number, number][], base: string, hotKey: string, hotHash: string, count: number): Promise<string[]> {
  const found: string[] = [];
  for (let n = 0; found.length < count; n++) {
    const query = `${base} # ${n}`;
    const slot = await keySlot(port, hotKey.replace(hotHash, persisted(query).extensions.persistedQuery.sha256Hash));
    if (slots.some(([from, to]) => slot >= from && slot <= to)) found.push(query);
  }
  return found;
}

test('a killed master fails over to its replica: queries keep their answers, and shared state written after reaches the other gateway', async () => {
  const [a, b] = gateways;
  await Promise.all(gateways.map(redisUp));
  const hot = `{ rescueBases(first: 30) { totalCount edges { node { id province name } } } } # hot ${Date.now()}`;
  const expected = await post(a.url, { query: hot, ...persisted(hot) });
  expect(expected.body.errors).toBeUndefined();
  expect(await post(b.url, persisted(hot))).toEqual(expected);

  // The master that holds the hot persisted query, and the replica that will take its slots.
  const hotHash = persisted(hot).extensions.persistedQuery.sha256Hash;
  const hotKey = await apqKey(hotHash);
  const seen = cluster.nodes[0].port;
  const victim = await masterOfSlot(seen, await keySlot(seen, hotKey));
  const replica = (await clusterNodes(seen)).find((n) => n.masterId === victim.id);
  if (!replica) throw new Error(`master ${victim.port} has no replica`);
  // Asked of the cluster from here on: the replica, which outlives the master.
  const watcher = replica.port;

  // Registrations written to the master that will die: each answer waits for its write to the shared cache.
  const registrations = await queriesOn(seen, victim.slots, '{ warnings(first: 2) { totalCount } } # registered during the failover', hotKey, hotHash, 20);

  // Steady load: by hash at the gateway that registered it (its memory holds the query too), the full document at the other, and registrations.
  const failures: { at: number; answer: string }[] = [];
  /** The slowest request sent after the kill. */
  let slowest = { at: 0, ms: 0 };
  const kill: { at?: number } = {};
  let sent = 0;
  let stop = false;
  const started = Date.now();
  const clients = Array.from({ length: 7 }, async (_, i) => {
    for (let n = 0; !stop; n++) {
      const t = Date.now();
      const registration = registrations[n % registrations.length];
      const body = i === 6 ? { query: registration, ...persisted(registration) } : i % 2 ? { query: hot } : persisted(hot);
      const answer = await post(i % 2 ? b.url : a.url, body).catch((e: Error) => ({ status: 0, body: { errors: [{ message: e.message }] } }));
      sent += 1;
      if (kill.at !== undefined && t - started >= kill.at && Date.now() - t > slowest.ms) slowest = { at: t - started, ms: Date.now() - t };
      const right = i === 6 ? answer.status === 200 && answer.body.errors === undefined : JSON.stringify(answer) === JSON.stringify(expected);
      if (!right) failures.push({ at: t - started, answer: JSON.stringify(answer).slice(0, 200) });
    }
  });
  await new Promise((r) => setTimeout(r, 1000));
  kill.at = Date.now() - started;
  await killNode(victim.port);
  await promoted(watcher, replica.id, 20_000);
  const promotedAt = Date.now() - started;
  await new Promise((r) => setTimeout(r, 2000));
  stop = true;
  await Promise.all(clients);
  console.log(`failover: killed ${kill.at} ms, promoted ${promotedAt} ms, ${sent} requests, slowest ${slowest.ms} ms at ${slowest.at} ms`);

  expect(failures).toEqual([]);
  expect(sent).toBeGreaterThan(30);
  expect(slowest.ms).toBeLessThan(SLOWEST_MS);

  // Shared state written after the failover: a query whose key lands on the promoted master, registered at one gateway, found by hash at the other.
  const promotedNode = (await clusterNodes(watcher)).find((n) => n.id === replica.id);
  if (!promotedNode) throw new Error('the promoted replica left the cluster');
  const [fresh] = await queriesOn(watcher, promotedNode.slots, '{ warnings(first: 3) { totalCount } } # registered after the failover', hotKey, hotHash, 1);
  const registered = await post(a.url, { query: fresh, ...persisted(fresh) });
  expect(registered.body.errors).toBeUndefined();
  expect(await post(b.url, persisted(fresh))).toEqual(registered);
  expect(await keysMatching(`redis://127.0.0.1:${watcher}`, `*${persisted(fresh).extensions.persistedQuery.sha256Hash}*`)).toHaveLength(1);
}, 120_000);
