import { adapterFor } from '../../adapters';
import { Clock } from '../../adapters/kit/clock';
import type { Collection, ProvinceAdapter } from '../../adapters/kit/province-adapter';
import { loadLegacySystems } from '../../schema/config/legacy-config';
import { PROVINCE_CODES, type ProvinceCode } from '../../schema/model';
import { SimClock } from '../../simulators/common/clock';
import type { SimServer } from '../../simulators/common/sim-server';
import { FIRST_DELETION_AFTER_MS } from '../../simulators/dataset';
import { loadDataset } from '../support/test-dataset';
import { createSimulators } from '../../simulators/main';

/**
 * A deleted record simply vanishes, as each system's document implies: lists and their totals,
 * keyed reads and "updated since" pulls no longer hold it; created again under its id, it is back,
 * updated now. Read through the adapters, which speak each system's own format.
 */

const NOW = new Date('2026-07-12T04:00:00Z');
const dataset = loadDataset({ seed: 'test', now: NOW, scale: 1 });
const simClock = new SimClock(NOW);
const sims = createSimulators(dataset, simClock, { maintenanceWindow: false });
const adapters = {} as Record<ProvinceCode, ProvinceAdapter>;

beforeAll(async () => {
  const env: NodeJS.ProcessEnv = {};
  for (const p of PROVINCE_CODES) env[`LEGACY_${p}_URL`] = await sims[p].listen(0);
  // The adapters' clock moves with the simulators' (Jiangsu refuses signatures 300 s off its clock).
  const clock = { now: () => simClock.now() } as Clock;
  const legacy = loadLegacySystems(env);
  for (const p of PROVINCE_CODES) adapters[p] = adapterFor(p, legacy, clock, { timeoutMs: 3000 });
});

afterAll(async () => {
  for (const p of PROVINCE_CODES) (adapters[p] as ProvinceAdapter & { close?: () => void }).close?.();
  await Promise.all(PROVINCE_CODES.map((p) => sims[p].close()));
});

async function control(sim: SimServer, action: 'delete' | 'recreate', collection: Collection, sourceId: string): Promise<number> {
  const res = await fetch(`${sim.url}/__sim/${action}`, { method: 'POST', body: JSON.stringify({ collection, sourceId }) });
  return res.status;
}

const ids = async (adapter: ProvinceAdapter, collection: Collection, since: Date | null): Promise<string[]> => {
  const pulled = await adapter.pull(collection, since);
  return [...pulled.records.map((r) => r.sourceId), ...pulled.invalid.map((i) => i.sourceId)];
};

describe.each(PROVINCE_CODES)('%s: a deleted record vanishes', (province) => {
  it('from the list, its total, keyed reads and updated-since pulls, and comes back when created again', async () => {
    const adapter = adapters[province];
    const victim = dataset.bases.filter((b) => b.province === province)[0];
    const before = await adapter.count('bases');
    expect(await control(sims[province], 'delete', 'bases', victim.sourceId)).toBe(200);
    expect(await control(sims[province], 'delete', 'bases', victim.sourceId)).toBe(404);
    expect(await ids(adapter, 'bases', null)).not.toContain(victim.sourceId);
    if (before !== null) expect(await adapter.count('bases')).toBe(before - 1);
    expect((await adapter.get('bases', [victim.sourceId])).records).toEqual([]);
    expect(await ids(adapter, 'bases', new Date(Date.parse(victim.updatedAt) - 1000))).not.toContain(victim.sourceId);

    const since = new Date(Math.floor(simClock.now().getTime() / 1000) * 1000);
    expect(await control(sims[province], 'recreate', 'bases', victim.sourceId)).toBe(200);
    expect(await ids(adapter, 'bases', since)).toContain(victim.sourceId);
    expect((await adapter.get('bases', [victim.sourceId])).records.map((r) => r.id)).toEqual([victim.id]);
    if (before !== null) expect(await adapter.count('bases')).toBe(before);
  }, 30_000);
});

describe("the data set's scheduled deletions", () => {
  it('take effect at their simulated time, one per province and collection', async () => {
    expect(dataset.deletions).toHaveLength(16);
    const first = dataset.deletions[0];
    const adapter = adapters[first.province];
    expect(await ids(adapter, first.collection, null)).toContain(first.sourceId);
    simClock.set(new Date(Date.parse(first.at) + 1000));
    expect(Date.parse(first.at) - NOW.getTime()).toBeGreaterThanOrEqual(FIRST_DELETION_AFTER_MS);
    expect(await ids(adapter, first.collection, null)).not.toContain(first.sourceId);
    expect((await adapter.get(first.collection, [first.sourceId])).records).toEqual([]);
  }, 30_000);
});
