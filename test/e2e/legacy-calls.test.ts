import { registeringProvince } from '../../schema/credit-code-holders';
import { PROVINCE_CODES, type ProvinceCode } from '../../schema/model';
import { BRANCH_SITES, PER_PROVINCE } from '../../simulators/dataset';
import type { CanonicalDataset } from '../../simulators/dataset/types';
import { TEST_NOW } from '../support/federation';
import { API, PATIENT, add, none, resetCalls, served, syncCost, useFederation, type Calls } from '../support/legacy-minimum';
import { expectedWaybills } from '../support/oracle';

/**
 * Legacy calls at the minimum each system's API allows, counted at the simulators per endpoint.
 * The minimum is derived from the API documents (page and batch sizes, authentication, tracks
 * without batch reads) and the data set's record counts, never from observed numbers:
 * - a collection that a list or filter needs is synced once into its replica: ceil(stored / page)
 *   list calls (stored counts the records the system holds but cannot be mapped, too);
 * - records read by id cost min(that sync, batch reads of the ids): the cheaper of the two, the
 *   sync on a tie since it also warms the replica;
 * - a vehicle's track costs one call per plate per province (no batch read anywhere), in AH one
 *   per page of 50 points (at least one);
 * - ZJ and AH authenticate once (a token, a login) and keep it;
 * - a reference by credit code needs the gateway's index of which province holds which code, learnt
 *   from every province's copy of enterprises: each synced once, whoever registered the codes;
 * - within the replicas' maximum age an identical request costs no list, batch or auth call.
 */

const FROM = new Date(TEST_NOW.getTime() - 3 * 24 * 3600_000).toISOString();
const TO = TEST_NOW.toISOString();
const WAYBILLS = 24;

const NESTED = `query Nested($first: Int!, $from: DateTime!, $to: DateTime!) {
  waybills(first: $first) {
    edges { node {
      id province
      destination { creditCode enterprise { id name province } }
      vehicle { plate track(from: $from, to: $to) { at province } waybills { id } }
    } }
  }
  warnings(first: 500) { edges { node { id supersedes { id level } } } }
  rescueBases(first: 500) { edges { node { id teams { id members } } } }
}`;

/** The minimum for the nested query on cold replicas, from the API documents and the data set. */
function nestedMinimum(ds: CanonicalDataset): Record<ProvinceCode, Calls> {
  const page = expectedWaybills(ds).slice(0, WAYBILLS);
  const plates = [...new Set(page.map((w) => w.plate))];
  const creditCodeIndex = page.some((w) => w.destination.creditCode !== null);
  const expected = none();
  for (const p of PROVINCE_CODES) {
    const api = API[p];
    const calls = expected[p];
    if (api.auth) add(calls, api.auth, 1);
    for (const c of ['warnings', 'waybills', 'bases'] as const) add(calls, api.list[c], syncCost(ds, p, c));
    if (creditCodeIndex) add(calls, api.list.enterprises, syncCost(ds, p, 'enterprises'));
    for (const plate of plates) {
      const points = ds.trackPoints.filter((t) => t.province === p && t.plate === plate && Date.parse(t.at) >= Date.parse(FROM) && Date.parse(t.at) <= Date.parse(TO)).length;
      add(calls, api.track, api.trackPage ? Math.max(1, Math.ceil(points / api.trackPage)) : 1);
    }
  }
  return expected;
}

describe('legacy calls for a cross-region nested query: the minimum per province and endpoint', () => {
  const counted = useFederation(PATIENT);

  it('on cold replicas: one sync per collection it needs, one track read per plate and province, one login', async () => {
    const ds = counted.fed.dataset;
    const page = expectedWaybills(ds).slice(0, WAYBILLS);
    // What makes the query cross-region: destinations held by another province's system, vehicles of several provinces.
    expect(page.some((w) => w.destination.creditCode && registeringProvince(w.destination.creditCode) !== w.province)).toBe(true);
    expect(new Set(page.map((w) => w.province)).size).toBeGreaterThan(1);
    expect(ds.warnings.some((w) => w.supersedesId)).toBe(true);

    resetCalls(counted.fed);
    const answer = await counted.fed.query<{ waybills: { edges: { node: { id: string; vehicle: { track: unknown[] | null } } }[] } }>(NESTED, { first: WAYBILLS, from: FROM, to: TO }, counted.headers);
    expect(answer.errors?.filter((e) => e.extensions?.code !== 'LEGACY_DATA_INVALID') ?? []).toEqual([]);
    expect(answer.data?.waybills.edges.map((e) => e.node.id)).toEqual(page.map((w) => w.id));
    expect(answer.data?.waybills.edges.every((e) => Array.isArray(e.node.vehicle.track))).toBe(true);
    expect(served(counted.fed)).toEqual(nestedMinimum(ds));
  });

  it('repeated within the replicas maximum age: no list, batch or authentication call; tracks at most once more per plate', async () => {
    resetCalls(counted.fed);
    const answer = await counted.fed.query(NESTED, { first: WAYBILLS, from: FROM, to: TO }, counted.headers);
    expect(answer.errors?.filter((e) => e.extensions?.code !== 'LEGACY_DATA_INVALID') ?? []).toEqual([]);
    const minimum = nestedMinimum(counted.fed.dataset);
    const calls = served(counted.fed);
    for (const p of PROVINCE_CODES) {
      const { [API[p].track]: tracks = 0, ...others } = calls[p];
      expect({ province: p, others }).toEqual({ province: p, others: {} });
      // Tracks are read per request (by plate and time window, no replica); a legacy-answer cache may hold them.
      expect([0, minimum[p][API[p].track]]).toContain(tracks);
    }
  });
});

describe('legacy calls for every waybill and enterprise of one province (about 200) by id (node)', () => {
  // About 200 aliased node(id:) fields in one document: above the gateway's default parser and alias limits.
  const counted = useFederation({ ...PATIENT, gatewayEnv: { GATEWAY_MAX_TOKENS: '10000', GATEWAY_MAX_ALIASES: '1000', GATEWAY_MAX_COST: '1000000' } });

  const ID_COLLECTIONS = ['waybills', 'enterprises'] as const;

  function idsOf(ds: CanonicalDataset, province: ProvinceCode): Record<(typeof ID_COLLECTIONS)[number], string[]> {
    return {
      waybills: ds.waybills.filter((w) => w.province === province).map((w) => w.id),
      enterprises: ds.enterprises.filter((e) => e.province === province).map((e) => e.id),
    };
  }

  /** Per collection: the replica sync or the batch reads of the ids, whichever costs fewer calls. */
  function coldMinimum(ds: CanonicalDataset, province: ProvinceCode): Record<ProvinceCode, Calls> {
    const api = API[province];
    const expected = none();
    const calls = expected[province];
    if (api.auth) add(calls, api.auth, 1);
    const ids = idsOf(ds, province);
    for (const c of ID_COLLECTIONS) {
      const sync = syncCost(ds, province, c);
      const batches = api.batch ? Math.ceil(ids[c].length / api.batch) : ids[c].length;
      if (sync <= batches) add(calls, api.list[c], sync);
      else add(calls, api.byIds[c], batches);
    }
    return expected;
  }

  for (const province of PROVINCE_CODES) {
    it(`${province}: cold, the cheapest of sync and batch reads per collection; warm, none`, async () => {
      const ids = idsOf(counted.fed.dataset, province);
      const all = [...ids.waybills, ...ids.enterprises];
      expect(all).toHaveLength(PER_PROVINCE.waybills + PER_PROVINCE.enterprises + BRANCH_SITES[province]);
      const query = `{ ${all.map((id, i) => `n${i}: node(id: ${JSON.stringify(id)}) { id }`).join(' ')} }`;

      resetCalls(counted.fed);
      const cold = await counted.fed.query<Record<string, { id: string } | null>>(query, undefined, counted.headers);
      expect(cold.errors ?? []).toEqual([]);
      expect(all.map((_, i) => cold.data?.[`n${i}`]?.id)).toEqual(all);
      expect(served(counted.fed)).toEqual(coldMinimum(counted.fed.dataset, province));

      resetCalls(counted.fed);
      const warm = await counted.fed.query<Record<string, { id: string } | null>>(query, undefined, counted.headers);
      expect(all.map((_, i) => warm.data?.[`n${i}`]?.id)).toEqual(all);
      expect(served(counted.fed)).toEqual(none());
    });
  }
});
