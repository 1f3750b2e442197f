import 'reflect-metadata';
import { adapterFor } from '../../../adapters';
import { loadLegacySystems } from '../../../schema/config/legacy-config';
import { Clock } from '../../../adapters/kit/clock';
import { PROVINCE_CODES, type ProvinceCode, type RescueBaseRecord } from '../../../schema/model';
import { SimClock } from '../../../simulators/common/clock';
import type { SimServer } from '../../../simulators/common/sim-server';
import { loadDataset } from '../../support/test-dataset';
import { createSimulators } from '../../../simulators/main';
import { redisMutualAidStores } from '../../../subgraphs/province/mutual-aid/stores';
import { RECONCILE_OFF } from '../../../subgraphs/province/reconcile-config';
import { startProvinceSubgraph, type RunningProvinceSubgraph } from '../../../subgraphs/province/server';
import { TEST_NOW } from '../../support/federation';
import { storedCounts, storedMutualAid } from '../../support/mutual-aid-store';
import { expectedInvalid } from '../../support/oracle';
import { REDIS_BACKENDS, type RedisBackend } from '../../support/redis-backends';
import { bearer, testVerifier } from '../../support/tokens';

/**
 * The journal and the locks in Redis: shared by replicas of a province subgraph, kept across a
 * restart, and a request left pending by a crash settled by reconciliation when the subgraph
 * starts again — re-sent with the same key (SH), found by its remark (AH) — never created twice.
 */

const REQUEST = `mutation($input: MutualAidRequestInput!) { requestMutualAid(input: $input) { id clientRequestId status } }`;
const READ = `query($id: ID!) { mutualAidRequest(id: $id) { id clientRequestId status fromProvince toProvince } }`;
const LEGACY_TIMEOUT_MS = 600;

const dataset = loadDataset({ seed: 'test', now: TEST_NOW, scale: 1 });
let redis: RedisBackend;
let sims: Record<ProvinceCode, SimServer>;
const env: NodeJS.ProcessEnv = {};
const open = new Set<RunningProvinceSubgraph>();
let auth: Record<string, string>;

beforeAll(async () => {
  sims = createSimulators(dataset, new SimClock(TEST_NOW), { maintenanceWindow: false });
  for (const p of PROVINCE_CODES) env[`LEGACY_${p}_URL`] = await sims[p].listen(0);
  auth = await bearer({ role: 'province', province: 'JS' });
}, 30_000);

afterAll(async () => {
  for (const s of open) await s.close();
  for (const p of PROVINCE_CODES) await sims[p]?.close();
});

/** Each subgraph with its own clock started at TEST_NOW, as CLOCK_NOW does: replicas and restarts disagree on "now". */
async function subgraph(province: ProvinceCode, settleMs = 300): Promise<RunningProvinceSubgraph> {
  const clock = Clock.startingAt(TEST_NOW);
  const running = await startProvinceSubgraph({
    province,
    clock,
    port: 0,
    auth: testVerifier(),
    adapter: (http) => adapterFor(province, loadLegacySystems(env), clock, { timeoutMs: LEGACY_TIMEOUT_MS, backoff: { initialMs: 20, maxMs: 100 }, ...http }),
    mutualAid: redisMutualAidStores(redis.url, { settleMs, lockWaitMs: 5000, prefix: 'journal-test:' }),
    reconcile: RECONCILE_OFF,
  });
  open.add(running);
  return running;
}

async function stop(running: RunningProvinceSubgraph): Promise<void> {
  open.delete(running);
  await running.close();
}

async function query<T>(running: RunningProvinceSubgraph, q: string, variables: Record<string, unknown>) {
  const res = await fetch(running.url, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify({ query: q, variables }) });
  return (await res.json()) as { data?: T | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

function inputFor(province: ProvinceCode, clientRequestId: string) {
  const invalid = expectedInvalid(dataset, 'bases', [province]);
  const base = dataset.bases.find((b) => b.province === province && !invalid.has(b.sourceId) && !invalid.has(b.id) && b.teams.length > 0 && b.materials.length > 0) as RescueBaseRecord;
  return {
    clientRequestId,
    baseId: base.id,
    fromProvince: 'JS',
    incident: { title: '化工园区火灾', location: { lng: 117.5, lat: 31.5 }, occurredAt: '2026-07-12T11:30:00+08:00' },
    teamIds: [base.teams[0].id],
    materials: [{ code: base.materials[0].code, quantity: 1 }],
    contact: '值班室',
  };
}

type Created = { requestMutualAid: { id: string } | null };

describe.each(REDIS_BACKENDS)('mutual-aid journal and locks in Redis (%s)', (_kind, start) => {
  beforeAll(async () => {
    redis = await start();
  }, 60_000);
  afterAll(async () => {
    for (const s of open) await s.close();
    open.clear();
    await redis?.stop();
  });

  it('serialises concurrent repeats across two replicas of the Anhui subgraph: one request in the system', async () => {
    const [a, b] = [await subgraph('AH'), await subgraph('AH')];
    const input = inputFor('AH', `replicas-${Date.now()}`);
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => query<Created>(i % 2 ? a : b, REQUEST, { input })));
    const ids = new Set(answers.map((x) => x.data?.requestMutualAid?.id));
    expect(answers.map((x) => x.errors)).toEqual(answers.map(() => undefined));
    expect(ids.size).toBe(1);
    expect((await storedCounts(sims.AH)).get(input.clientRequestId)).toBe(1);
    await stop(a);
    await stop(b);
  });

  it('answers a repeat after a restart with the original request, and serves it by id', async () => {
    const first = await subgraph('SH');
    const input = inputFor('SH', `restart-${Date.now()}`);
    const created = await query<Created>(first, REQUEST, { input });
    const id = created.data!.requestMutualAid!.id;
    await stop(first);

    const second = await subgraph('SH');
    const again = await query<Created>(second, REQUEST, { input });
    expect(again.data?.requestMutualAid?.id).toBe(id);
    const read = await query<{ mutualAidRequest: unknown }>(second, READ, { id });
    expect(read.data?.mutualAidRequest).toEqual({ id, clientRequestId: input.clientRequestId, status: 'SUBMITTED', fromProvince: 'JS', toProvince: 'SH' });
    expect((await storedCounts(sims.SH)).get(input.clientRequestId)).toBe(1);
    await stop(second);
  });

  it.each(['SH', 'AH'] as const)('settles a request that %s committed but whose answer was lost before a crash, at the next start, without a second one', async (province) => {
    const writePath = province === 'SH' ? '/api/v2/rescue/requests' : '/ahyj/api/jydw/zyqq/add';
    const crashed = await subgraph(province);
    const input = inputFor(province, `crash-${province}-${Date.now()}`);
    sims[province].faults.set({ lostAnswerRate: 1, timeoutHoldMs: LEGACY_TIMEOUT_MS + 400, paths: [writePath] });
    const lost = await query<Created>(crashed, REQUEST, { input });
    sims[province].faults.reset();
    expect(lost.data?.requestMutualAid ?? null).toBeNull();
    expect(lost.errors?.[0]?.extensions).toMatchObject({ code: 'PROVINCE_TIMEOUT', clientRequestId: input.clientRequestId });
    expect((await storedCounts(sims[province])).get(input.clientRequestId)).toBe(1);
    expect((await crashed.data.mutualAidStores.journal.get(input.clientRequestId))?.state).toBe('pending');
    await stop(crashed);

    await new Promise((resolve) => setTimeout(resolve, 400));
    const restarted = await subgraph(province);
    const sweep = await restarted.data.mutualAid.reconcilePending();
    expect(sweep.left).toBe(0);
    const held = (await storedMutualAid(sims[province])).filter((r) => r.clientRequestId === input.clientRequestId);
    expect(held).toHaveLength(1);
    const id = `${province}:MutualAidRequest:${held[0].sourceId}`;
    expect((await restarted.data.mutualAid.byId(id))?.state).toBe('created');

    const repeat = await query<Created>(restarted, REQUEST, { input });
    expect(repeat.data?.requestMutualAid?.id).toBe(id);
    expect((await storedCounts(sims[province])).get(input.clientRequestId)).toBe(1);
    await stop(restarted);
  });

  it('makes Anhui wait out the settle time after an unanswered attempt before its listing is trusted', async () => {
    const running = await subgraph('AH', 1500);
    const input = inputFor('AH', `settle-${Date.now()}`);
    sims.AH.faults.set({ timeoutRate: 1, timeoutHoldMs: LEGACY_TIMEOUT_MS + 400, paths: ['/ahyj/api/jydw/zyqq/add'] });
    const unanswered = await query<Created>(running, REQUEST, { input });
    sims.AH.faults.reset();
    expect(unanswered.errors?.[0]?.extensions?.code).toBe('PROVINCE_TIMEOUT');
    const tooSoon = await query<Created>(running, REQUEST, { input });
    expect(tooSoon.errors?.[0]?.extensions).toMatchObject({ code: 'MUTUAL_AID_PENDING', clientRequestId: input.clientRequestId });
    expect(tooSoon.errors?.[0]?.extensions?.retryAfterMs).toBeGreaterThan(0);
    expect((await storedCounts(sims.AH)).get(input.clientRequestId)).toBeUndefined();

    await new Promise((resolve) => setTimeout(resolve, Number(tooSoon.errors?.[0]?.extensions?.retryAfterMs) + 50));
    const later = await query<Created>(running, REQUEST, { input });
    expect(later.errors).toBeUndefined();
    expect((await storedCounts(sims.AH)).get(input.clientRequestId)).toBe(1);
    await stop(running);
  });
});
