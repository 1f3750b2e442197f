import { Clock } from '../../adapters/kit/clock';
import type { Collection } from '../../adapters/kit/province-adapter';
import { PROVINCE_CODES, type ProvinceCode } from '../../schema/model';
import { FIRST_DELETION_AFTER_MS } from '../../simulators/dataset';
import { asHeldAt, expectedBases, expectedEnterprises, expectedWarnings, expectedWaybills, inHistoryWindow } from '../support/oracle';
import { startFederation, TEST_NOW, type Federation } from '../support/federation';

/**
 * Issue 26: what reconciliation costs at the simulators, and the data set's own deletions over
 * simulated time against the oracle. Reconciliations are run by hand here (none in the background).
 */

/** A clock that runs with real time from TEST_NOW and that the test moves forward with the simulators'. */
class MovableClock extends Clock {
  private moved = 0;
  constructor() {
    super(TEST_NOW.getTime() - Date.now());
  }
  override now(): Date {
    return new Date(super.now().getTime() + this.moved);
  }
  advance(ms: number): void {
    this.moved += ms;
  }
}

const COLLECTIONS: readonly Collection[] = ['warnings', 'enterprises', 'waybills', 'bases'];
const CONNECTION: Record<Collection, string> = { warnings: 'warnings', enterprises: 'hazmatEnterprises', waybills: 'waybills', bases: 'rescueBases' };

let fed: Federation;
const clock = new MovableClock();
/** Records a test deleted through the control API (the oracle knows only the data set's own deletions). */
const deletedHere = new Set<string>();

beforeAll(async () => {
  // No response cache: an answer it holds lives one maximum age, longer than these tests wait.
  fed = await startFederation({ clock, gatewayEnv: { RESPONSE_CACHE_MAX_MB: '0' } });
}, 60_000);

afterAll(async () => {
  await fed?.close();
});

async function ids(province: ProvinceCode, collection: Collection): Promise<string[]> {
  const answer = await fed.query<Record<string, { edges: { node: { id: string } }[] }>>(
    `query($p: [ProvinceCode!]) { list: ${CONNECTION[collection]}(filter: { provinces: $p }, first: 500) { edges { node { id } } } }`,
    { p: [province] },
  );
  return (answer.data?.list.edges ?? []).map((e) => e.node.id);
}

const total = (calls: Record<string, number>): number => Object.values(calls).reduce((a, b) => a + b, 0);

describe('what reconciliation costs', () => {
  it('with nothing deleted: one list call per collection, a whole pull where it fits in one page, a count where it does not, nothing where the system reports no total (Zhejiang\'s waybills)', async () => {
    for (const p of PROVINCE_CODES) for (const c of COLLECTIONS) await ids(p, c);
    fed.resetLegacyCalls();
    const steps: Record<string, string> = {};
    for (const p of PROVINCE_CODES) for (const c of COLLECTIONS) steps[`${p} ${c}`] = await fed.provinces[p].reconciler.reconcile(c);
    expect(steps).toEqual({
      ...Object.fromEntries(PROVINCE_CODES.flatMap((p) => COLLECTIONS.map((c) => [`${p} ${c}`, 'pulled']))),
      'AH enterprises': 'counted',
      'AH waybills': 'counted',
      'ZJ waybills': 'uncounted',
    });
    const calls = fed.legacyCalls();
    expect(total(calls.SH)).toBe(4);
    expect(total(calls.JS)).toBe(4);
    expect(calls.ZJ).toEqual({ 'GET /zlj/open/yj/list': 1, 'GET /zlj/open/whp/qy/list': 1, 'GET /zlj/open/jy/jd/list': 1 });
    expect(calls.AH).toEqual({ 'GET /ahyj/api/yjxx/list': 1, 'GET /ahyj/api/whp/qyxx/list': 1, 'GET /ahyj/api/whp/ydxx/list': 1, 'GET /ahyj/api/jydw/jdxx/list': 1 });
    const metrics = (await fed.provinces.AH.metrics.render()).body;
    expect(metrics).toMatch(/province_reconcile_legacy_calls_total\{province="AH",collection="enterprises",endpoint="GET \/ahyj\/api\/whp\/qyxx\/list"\} 1/);
    expect(metrics).toMatch(/province_reconciliations_total\{province="AH",collection="enterprises",step="counted"\} 1/);
  }, 120_000);

  it('a deletion in a collection counted (Anhui enterprises): the count, the pages of a whole pull, one keyed read to confirm, never past the rate limit', async () => {
    const gone = fed.dataset.enterprises.filter((e) => e.province === 'AH')[3];
    const res = await fetch(`${fed.sims.AH.url}/__sim/delete`, { method: 'POST', body: JSON.stringify({ collection: 'enterprises', sourceId: gone.sourceId }) });
    expect(res.status).toBe(200);
    deletedHere.add(gone.id);
    fed.resetLegacyCalls();
    fed.sims.AH.rateLimited.reset();
    expect(await fed.provinces.AH.reconciler.reconcile('enterprises')).toBe('pulled');
    const held = fed.dataset.enterprises.filter((e) => e.province === 'AH').length + fed.dataset.bad.filter((b) => b.province === 'AH' && b.collection === 'enterprises').length - 1;
    expect(fed.legacyCalls().AH).toEqual({ 'GET /ahyj/api/whp/qyxx/list': 1 + Math.ceil(held / 50), 'GET /ahyj/api/whp/qyxx/detail': 1 });
    expect(fed.sims.AH.rateLimited.total()).toBe(0);
    expect(await ids('AH', 'enterprises')).not.toContain(gone.id);
  }, 60_000);

});

describe("the data set's own deletions", () => {
  it('two days and more on, every connection answers what the oracle says the systems still hold', async () => {
    const jump = FIRST_DELETION_AFTER_MS + 24 * 3600_000;
    fed.simClock.advance(jump);
    clock.advance(jump);
    const held = asHeldAt(fed.dataset, fed.simClock.now());
    expect(held.warnings.length).toBeLessThan(fed.dataset.warnings.length);
    const steps: Record<string, string> = {};
    for (const p of PROVINCE_CODES) for (const c of COLLECTIONS) steps[`${p} ${c}`] = await fed.provinces[p].reconciler.reconcile(c);
    expect(steps).toEqual(Object.fromEntries(PROVINCE_CODES.flatMap((p) => COLLECTIONS.map((c) => [`${p} ${c}`, 'pulled']))));
    const expected: Record<Collection, (p: ProvinceCode) => string[]> = {
      warnings: (p) => expectedWarnings(held, [p]).map((r) => r.id),
      enterprises: (p) => expectedEnterprises(held, [p]).map((r) => r.id).filter((id) => !deletedHere.has(id)),
      waybills: (p) => expectedWaybills(held, [p]).filter((w) => inHistoryWindow(w, clock.now())).map((r) => r.id),
      bases: (p) => expectedBases(held, [p]).map((r) => r.id),
    };
    for (const p of PROVINCE_CODES) for (const c of COLLECTIONS) expect(await ids(p, c)).toEqual(expected[c](p));
    const removed = await fed.query<{ removedRecords: { totalCount: number; edges: { node: { id: string } }[] } }>(
      `query($since: DateTime!) { removedRecords(since: $since) { totalCount edges { node { id } } } }`,
      { since: TEST_NOW.toISOString() },
    );
    const scheduled = fed.dataset.deletions.map((d) => `${d.province}:${{ warnings: 'Warning', enterprises: 'HazmatEnterprise', waybills: 'Waybill', bases: 'RescueBase' }[d.collection]}:${d.sourceId}`);
    expect(removed.data?.removedRecords.edges.map((e) => e.node.id)).toEqual(expect.arrayContaining(scheduled));
  }, 180_000);
});

// Last: the breaker it opens stays open for a while.
describe('a system that is down', () => {
  it('a system that is down is never taken for one that deleted everything: the copy stays, marked stale', async () => {
    const before = await ids('SH', 'bases');
    fed.sims.SH.faults.set({ down: true });
    try {
      expect(await fed.provinces.SH.reconciler.reconcile('bases')).toBe('failed');
      const answer = await fed.query<{ rescueBases: { edges: { node: { id: string; provenance: { stale: boolean } } }[] } }>(
        `{ rescueBases(filter: { provinces: [SH] }, first: 500) { edges { node { id provenance { stale } } } } }`,
      );
      const edges = answer.data?.rescueBases.edges ?? [];
      expect(edges.map((e) => e.node.id)).toEqual(before);
      expect(edges.every((e) => e.node.provenance.stale)).toBe(true);
      expect(answer.errors?.some((e) => e.extensions?.province === 'SH' && e.extensions.stale === true)).toBe(true);
    } finally {
      fed.sims.SH.faults.reset();
    }
  }, 60_000);
});
