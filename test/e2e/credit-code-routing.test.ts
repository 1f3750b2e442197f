import { registeringProvince } from '../../schema/credit-code-holders';
import { PROVINCE_CODES, type HazmatEnterpriseRecord, type ProvinceCode } from '../../schema/model';
import type { CanonicalDataset } from '../../simulators/dataset/types';
import type { Federation } from '../support/federation';
import { API, PATIENT, add, none, resetCalls, served, syncCost, useFederation } from '../support/legacy-minimum';
import { creditCodesHeldAway, expectedEnterpriseByCode, unexpectedErrors } from '../support/oracle';

/**
 * Credit codes say where a company registered, not which province's system lists its site: through
 * the gateway, hazmatEnterprise(creditCode:) and references by credit code answer the registering
 * province's record when it holds one, else the oldest, for every pair of registering and holding
 * provinces of the data set, with legacy calls counted at the simulators.
 */

type Found = { id: string; province: ProvinceCode } | null;

const holders = (ds: CanonicalDataset, code: string): ProvinceCode[] => ds.enterprises.filter((e) => e.creditCode === code).map((e) => e.province);
const found = (e: HazmatEnterpriseRecord | null): Found => (e ? { id: e.id, province: e.province } : null);
const lookups = (codes: readonly string[]): string => `{ ${codes.map((c, i) => `c${i}: hazmatEnterprise(creditCode: ${JSON.stringify(c)}) { id province }`).join(' ')} }`;

/** Waybill parties' codes that no province holds: registered in the region, and outside it. */
function unheldCodes(ds: CanonicalDataset): { inRegion: string; outside: string } {
  const held = new Set(ds.enterprises.map((e) => e.creditCode));
  const codes = ds.waybills.flatMap((w) => [w.origin.creditCode, w.destination.creditCode]).filter((c): c is string => c !== null && !held.has(c));
  const inRegion = codes.find((c) => registeringProvince(c) !== null);
  const outside = codes.find((c) => registeringProvince(c) === null);
  if (!inRegion || !outside) throw new Error('the data set has no waybill party without an enterprise record');
  return { inRegion, outside };
}

describe('routing by credit code through the gateway, legacy calls counted', () => {
  const counted = useFederation(PATIENT);

  it('a code only another province holds, on cold replicas: one sync of enterprises per province for the index, nothing more for the lookup', async () => {
    const ds = counted.fed.dataset;
    const code = creditCodesHeldAway(ds).find((c) => registeringProvince(c) === 'SH' && holders(ds, c).join() === 'JS');
    if (!code) throw new Error('no Shanghai-registered code held by Jiangsu alone');
    resetCalls(counted.fed);
    const answer = await counted.fed.query<{ e: Found }>(`{ e: hazmatEnterprise(creditCode: ${JSON.stringify(code)}) { id province } }`, undefined, counted.headers);
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.e).toEqual(found(expectedEnterpriseByCode(ds, code)));
    const expected = none();
    for (const p of PROVINCE_CODES) {
      if (API[p].auth) add(expected[p], API[p].auth as string, 1);
      add(expected[p], API[p].list.enterprises, syncCost(ds, p, 'enterprises'));
    }
    expect(served(counted.fed)).toEqual(expected);
  });

  it("every code held away from its registering province, and codes held at home, answer the oracle's record without a legacy call", async () => {
    const ds = counted.fed.dataset;
    const away = creditCodesHeldAway(ds);
    const pairs = new Set(away.flatMap((c) => holders(ds, c).map((h) => `${registeringProvince(c) ?? 'outside'}→${h}`)));
    for (const seat of PROVINCE_CODES) for (const site of PROVINCE_CODES) if (seat !== site) expect(pairs).toContain(`${seat}→${site}`);
    const home = PROVINCE_CODES.map((p) => ds.enterprises.find((e) => e.province === p && holders(ds, e.creditCode).length === 1 && registeringProvince(e.creditCode) === p)?.creditCode as string);
    const codes = [...away, ...home];
    resetCalls(counted.fed);
    const answer = await counted.fed.query<Record<string, Found>>(lookups(codes), undefined, counted.headers);
    expect(answer.errors).toBeUndefined();
    expect(codes.map((_, i) => answer.data?.[`c${i}`])).toEqual(codes.map((c) => found(expectedEnterpriseByCode(ds, c))));
    expect(served(counted.fed)).toEqual(none());
  });

  it('codes no province holds answer null without calling anyone; OUTSIDE_REGION only for a code registered outside the region', async () => {
    const { inRegion, outside } = unheldCodes(counted.fed.dataset);
    resetCalls(counted.fed);
    const answer = await counted.fed.query<{ a: Found; b: Found }>(`{ a: hazmatEnterprise(creditCode: ${JSON.stringify(inRegion)}) { id } b: hazmatEnterprise(creditCode: ${JSON.stringify(outside)}) { id } }`, undefined, counted.headers);
    expect(answer.data).toEqual({ a: null, b: null });
    expect(answer.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([[['b'], 'OUTSIDE_REGION']]);
    expect(served(counted.fed)).toEqual(none());
  });

  it("every waybill party's enterprise, across shards, is the oracle's record by the same rule; repeated, no legacy call", async () => {
    const ds = counted.fed.dataset;
    const query = '{ waybills(first: 500) { totalCount edges { node { id origin { creditCode enterprise { id province } } destination { creditCode enterprise { id province } } } } } }';
    type Party = { creditCode: string | null; enterprise: Found };
    type Answer = { waybills: { totalCount: number; edges: { node: { id: string; origin: Party; destination: Party } }[] } };
    const expectParties = (answer: Awaited<ReturnType<Federation['query']>>): void => {
      expect(unexpectedErrors(ds, answer.errors)).toEqual([]);
      const nodes = (answer.data as Answer).waybills.edges.map((e) => e.node);
      expect(nodes).toHaveLength(ds.waybills.length);
      const byId = new Map(ds.waybills.map((w) => [w.id, w]));
      const expected = (code: string | null): Found => (code ? found(expectedEnterpriseByCode(ds, code)) : null);
      expect(nodes.map((n) => [n.origin.enterprise, n.destination.enterprise])).toEqual(nodes.map((n) => [expected(byId.get(n.id)?.origin.creditCode ?? null), expected(byId.get(n.id)?.destination.creditCode ?? null)]));
      const away = new Set(creditCodesHeldAway(ds));
      expect(nodes.filter((n) => n.destination.creditCode && away.has(n.destination.creditCode)).length).toBeGreaterThanOrEqual(away.size);
    };
    expectParties(await counted.fed.query(query, undefined, counted.headers));
    resetCalls(counted.fed);
    expectParties(await counted.fed.query(query, undefined, counted.headers));
    expect(served(counted.fed)).toEqual(none());
  });
});

describe('the index of credit-code holdings follows the systems', () => {
  const counted = useFederation({ replicaMaxAgeMs: { enterprises: 1000 } });

  it('a record that appears in a new province under a code: the registering province once it holds one, a code nobody held once someone does', async () => {
    const ds = counted.fed.dataset;
    const code = creditCodesHeldAway(ds).find((c) => registeringProvince(c) === 'SH' && !holders(ds, c).includes('SH') && holders(ds, c).length === 1);
    const { inRegion } = unheldCodes(ds);
    const seat = ds.enterprises.find((e) => e.province === 'SH' && registeringProvince(e.creditCode) === 'SH' && holders(ds, e.creditCode).length === 1);
    const site = ds.enterprises.find((e) => e.province === 'AH' && registeringProvince(e.creditCode) === 'AH' && holders(ds, e.creditCode).length === 1);
    const waybill = ds.waybills.find((w) => w.destination.creditCode === code);
    if (!code || !seat || !site || !waybill) throw new Error('the data set lacks the records this test needs');
    const query = `{ a: hazmatEnterprise(creditCode: ${JSON.stringify(code)}) { id } b: hazmatEnterprise(creditCode: ${JSON.stringify(inRegion)}) { id } w: waybill(id: ${JSON.stringify(waybill.id)}) { destination { enterprise { id } } } }`;
    type Answer = { a: { id: string } | null; b: { id: string } | null; w: { destination: { enterprise: { id: string } | null } } };
    const before = await counted.fed.query<Answer>(query, undefined, counted.headers);
    expect(before.data).toEqual({ a: { id: expectedEnterpriseByCode(ds, code)?.id }, b: null, w: { destination: { enterprise: { id: expectedEnterpriseByCode(ds, code)?.id } } } });

    for (const [p, record, creditCode] of [['SH', seat, code], ['AH', site, inRegion]] as const) {
      const touched = await fetch(`${counted.fed.sims[p].url}/__sim/touch`, { method: 'POST', body: JSON.stringify({ collection: 'enterprises', sourceId: record.sourceId, patch: { creditCode } }) });
      expect(touched.status).toBe(200);
    }
    const want = { a: { id: seat.id }, b: { id: site.id }, w: { destination: { enterprise: { id: seat.id } } } };
    let after = before;
    for (let tries = 0; tries < 60 && JSON.stringify(after.data) !== JSON.stringify(want); tries++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      after = await counted.fed.query<Answer>(query, undefined, counted.headers);
    }
    expect(after.data).toEqual(want);
  }, 60_000);
});
