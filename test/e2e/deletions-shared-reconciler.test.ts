import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import type { Collection } from '../../adapters/kit/province-adapter';
import { keptRecord } from '../support/oracle';
import { useProvinceStack, waitUntil } from '../resilience/province-stack';
import { metricSum } from '../support/metric-sum';
import { TEST_NOW } from '../support/federation';
import { buildProvinceSubgraph, type ProvinceBuild, type ProvinceProcess } from '../support/province-processes';

/**
 * Issue 26: replicas of a province subgraph that share Redis share one reconciliation per
 * collection. Two Shanghai subgraph processes reconcile their warnings every second: the legacy
 * calls counted at the simulator are those of one reconciler, not two; and a replica killed while
 * it holds the lease (its legacy call held by the simulator) is taken over once the lease expires.
 * Removals that the two processes detect at the same time (each reconciling its own collections,
 * so that both write tombstones) all keep their tombstones, whose writes go one at a time under the
 * tombstones' lease.
 */

const INTERVAL_MS = 1000;
const COLLECTIONS: readonly Collection[] = ['warnings', 'enterprises', 'waybills', 'bases'];
const CONNECTION: Record<Collection, string> = { warnings: 'warnings', enterprises: 'hazmatEnterprises', waybills: 'waybills', bases: 'rescueBases' };
const LEASE_MS = 4000;
const WARNINGS_LIST = 'GET /api/v2/warnings';
const env = useProvinceStack('redis');
let build: ProvinceBuild;
const running: ProvinceProcess[] = [];
/** The key prefix of the replicas last started. */
let prefix = '';

beforeAll(async () => {
  build = await buildProvinceSubgraph('shared-reconciler');
}, 180_000);

afterAll(async () => {
  for (const p of running) await p.stop().catch(() => undefined);
  build?.remove();
});

type Every = Partial<Record<Collection, number>>;

/** Shanghai subgraph processes on one Redis (one key prefix), each reconciling the collections its `Every` names. */
async function replicas(n: number, every: Every | Every[] = { warnings: INTERVAL_MS }): Promise<ProvinceProcess[]> {
  prefix = `shared-reconciler-${randomUUID()}:`;
  const processEnv = (e: Every): NodeJS.ProcessEnv => ({
    ...env.stack.env,
    PROVINCE: 'SH',
    REDIS_URL: env.redis.url,
    CACHE_KEY_PREFIX: prefix,
    CLOCK_NOW: TEST_NOW.toISOString(),
    RECONCILE_WARNINGS_MS: String(e.warnings ?? 0),
    RECONCILE_ENTERPRISES_MS: String(e.enterprises ?? 0),
    RECONCILE_WAYBILLS_MS: String(e.waybills ?? 0),
    RECONCILE_BASES_MS: String(e.bases ?? 0),
    RECONCILE_LEASE_MS: String(LEASE_MS),
  });
  const started = await Promise.all(Array.from({ length: n }, (_, i) => build.start(processEnv(Array.isArray(every) ? every[i] : every))));
  running.push(...started);
  // A replica with no copy yet has nothing to reconcile: each reads its warnings once.
  for (const p of started) expect((await p.query<{ warnings: { totalCount: number } }>('{ warnings(first: 1) { totalCount } }')).data?.warnings.totalCount).toBeGreaterThan(0);
  return started;
}

const reconciled = async (p: ProvinceProcess, step: string): Promise<number> => metricSum(await p.metrics(), 'province_reconciliations_total', { collection: 'warnings', step });
const holdsLease = async (p: ProvinceProcess): Promise<boolean> => metricSum(await p.metrics(), 'province_reconcile_lease_held', { collection: 'warnings' }) === 1;
const listCalls = async (): Promise<number> => ((await (await fetch(`${env.stack.sims.SH.url}/__sim/calls`)).json()) as { calls: Record<string, number> }).calls[WARNINGS_LIST] ?? 0;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

it('two processes on one Redis: the warnings list calls at the simulator are one reconciler\'s, one per interval, while both replicas try every interval', async () => {
  const [a, b] = await replicas(2);
  await sleep(2 * INTERVAL_MS);
  const done = async (): Promise<number> => (await reconciled(a, 'pulled')) + (await reconciled(b, 'pulled'));
  const doneBefore = await done();
  const callsBefore = await listCalls();
  const sharedBefore = [await reconciled(a, 'shared'), await reconciled(b, 'shared')];
  const started = Date.now();
  await sleep(10 * INTERVAL_MS);
  const n = (await done()) - doneBefore;
  const calls = (await listCalls()) - callsBefore;
  const elapsed = Date.now() - started;
  // One reconciler: one whole pull (one list call) per interval; two would make twice as many.
  expect(n).toBeLessThanOrEqual(Math.floor(elapsed / INTERVAL_MS) + 1);
  expect(n).toBeGreaterThanOrEqual(Math.floor(elapsed / INTERVAL_MS / 2));
  expect(Math.abs(calls - n)).toBeLessThanOrEqual(1);
  // Both replicas ran their reconcilers all along: the attempts that found the lease held or the
  // marker fresh (the other replica's turn) are about as many as the reconciliations.
  const shared = (await reconciled(a, 'shared')) - sharedBefore[0] + (await reconciled(b, 'shared')) - sharedBefore[1];
  expect(shared).toBeGreaterThanOrEqual(Math.floor(n / 2));
  expect(await reconciled(a, 'failed')).toBe(0);
  expect(await reconciled(b, 'failed')).toBe(0);
  await Promise.all([a.stop(), b.stop()]);
}, 120_000);

it('the replica holding the lease is killed mid-reconciliation: the other takes over after the lease expires, not before', async () => {
  const [a, b] = await replicas(2);
  await sleep(2 * INTERVAL_MS);
  // Set and counted in one step (the simulator runs in this process): a list call counted after it is held for a minute.
  const sim = env.stack.sims.SH;
  sim.faults.set({ latencyMs: 60_000, paths: ['/api/v2/warnings'] });
  const callsAtFault = sim.calls.snapshot()[WARNINGS_LIST] ?? 0;
  await waitUntil(() => (sim.calls.snapshot()[WARNINGS_LIST] ?? 0) > callsAtFault, 10_000, 'a warnings list call held by the simulator');
  // The replica whose call is held holds the lease until it expires; no other can hold it meanwhile.
  let holder: ProvinceProcess | null = null;
  await waitUntil(async () => {
    for (const p of [a, b]) if (await holdsLease(p)) holder = p;
    return holder !== null;
  }, 10_000, 'a replica to hold the lease');
  const dead = holder as unknown as ProvinceProcess;
  const survivor = dead === a ? b : a;
  // When the lease expires, by Redis's clock (the same as this one): it was taken before the held call, perhaps before the fault.
  const redis = new Redis(env.redis.port, '127.0.0.1');
  const asked = Date.now();
  const ttl = await redis.pttl(`${prefix}legacy:SH:reconcile-lease:warnings`);
  redis.disconnect();
  expect(ttl).toBeGreaterThan(0);
  const expiresAt = asked + ttl;
  await dead.kill();
  sim.faults.reset();
  const pulledAtKill = await reconciled(survivor, 'pulled');
  const sharedAtKill = await reconciled(survivor, 'shared');

  // Until the lease expires the survivor only finds it held (checked when there is time left for it to try, every interval).
  const beforeExpiry = expiresAt - 500;
  if (beforeExpiry - Date.now() > 2 * INTERVAL_MS) {
    await sleep(beforeExpiry - Date.now());
    expect(await reconciled(survivor, 'pulled')).toBe(pulledAtKill);
    expect(await reconciled(survivor, 'shared')).toBeGreaterThan(sharedAtKill);
  }
  await waitUntil(async () => (await reconciled(survivor, 'pulled')) > pulledAtKill, LEASE_MS + 10 * INTERVAL_MS, 'the survivor to reconcile');
  expect(Date.now()).toBeGreaterThanOrEqual(expiresAt);
  expect(await holdsLease(survivor)).toBe(false);
}, 120_000);

it('two processes reconciling at once, one warnings and enterprises, the other waybills and bases: the removals each detects all keep their tombstones, on both replicas', async () => {
  const [a, b] = await replicas(2, [
    { warnings: INTERVAL_MS, enterprises: INTERVAL_MS },
    { waybills: INTERVAL_MS, bases: INTERVAL_MS },
  ]);
  for (const p of [a, b]) for (const c of COLLECTIONS.slice(1)) expect((await p.query(`{ ${CONNECTION[c]}(first: 1) { totalCount } }`)).errors).toBeUndefined();
  const since = TEST_NOW.toISOString();
  const gone = COLLECTIONS.flatMap((c) => [0, 1, 2].map((n) => ({ collection: c, ...keptRecord(env.stack.dataset, 'SH', c, 10 + n) })));
  for (const g of gone) {
    const res = await fetch(`${env.stack.sims.SH.url}/__sim/delete`, { method: 'POST', body: JSON.stringify({ collection: g.collection, sourceId: g.sourceId }) });
    expect(res.status).toBe(200);
  }
  const removed = async (p: ProvinceProcess): Promise<string[]> =>
    ((await p.query<{ removedRecords: { edges: { node: { id: string } }[] } }>('query($since: DateTime!) { removedRecords(since: $since) { edges { node { id } } } }', { since })).data?.removedRecords.edges ?? []).map((e) => e.node.id);
  const expected = gone.map((g) => g.id).sort();
  const ours = async (p: ProvinceProcess): Promise<string[]> => (await removed(p)).filter((id) => expected.includes(id)).sort();
  await waitUntil(async () => (await ours(a)).length >= gone.length, 20_000, 'every removal to be tombstoned');
  expect(await ours(a)).toEqual(expected);
  expect(await ours(b)).toEqual(expected);
  // Each process found its own collections' removals.
  const pulled = async (p: ProvinceProcess, collection: Collection): Promise<number> => metricSum(await p.metrics(), 'province_reconciliations_total', { step: 'pulled', collection });
  for (const c of ['warnings', 'enterprises'] as const) expect(await pulled(a, c)).toBeGreaterThan(0);
  for (const c of ['waybills', 'bases'] as const) expect(await pulled(b, c)).toBeGreaterThan(0);
  for (const c of ['waybills', 'bases'] as const) expect(await pulled(a, c)).toBe(0);
  for (const c of ['warnings', 'enterprises'] as const) expect(await pulled(b, c)).toBe(0);
  for (const g of gone) {
    await fetch(`${env.stack.sims.SH.url}/__sim/recreate`, { method: 'POST', body: JSON.stringify({ collection: g.collection, sourceId: g.sourceId }) });
  }
  await Promise.all([a.stop(), b.stop()]);
}, 120_000);
