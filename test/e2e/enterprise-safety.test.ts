import { PROVINCE_CODES, type HazmatEnterpriseRecord, type ProvinceCode } from '../../schema/model';
import { MISWRITTEN_CAS } from '../../subgraphs/province/unreadable-values';
import { renderEnterprise as renderZhejiang } from '../../simulators/zhejiang/render';
import { renderEnterprise as renderAnhui } from '../../simulators/anhui/render';
import { startFederation, type Federation } from '../support/federation';
import { expectedSafety, licenceValidOn, SAFETY_SELECTION, todayOf } from '../support/enterprise-safety-oracle';
import { expectedEnterprises, expectedInvalid } from '../support/oracle';
import { pullAll } from '../support/paging';
import { EVERY_ENTRY } from '../support/tokens';

/**
 * Issue 18, the enterprise's safety record, end to end through the real gateway on the four
 * simulated systems: every v1.1 field of every enterprise against the oracle, records in the forms
 * written before the release among them, each quirk of additions-v1.1.md, and the three filters.
 */

let fed: Federation;
let served: Map<string, unknown>;
beforeAll(async () => {
  fed = await startFederation({ caller: EVERY_ENTRY });
  const { nodes } = await pullAll<{ id: string }>(fed, 'hazmatEnterprises', SAFETY_SELECTION, { first: 150 });
  served = new Map(nodes.map((n) => [n.id, n]));
}, 60_000);
afterAll(async () => {
  await fed?.close();
});

const mine = (p: ProvinceCode): HazmatEnterpriseRecord[] => expectedEnterprises(fed.dataset, [p]);
const today = (): string => todayOf(fed.dataset);

describe('every v1.1 field of every enterprise equals the oracle', () => {
  it.each(PROVINCE_CODES)('%s', (p) => {
    const expected = mine(p);
    expect(expected.length).toBeGreaterThan(50);
    for (const e of expected) expect([e.id, served.get(e.id)]).toEqual([e.id, expectedSafety(e, today())]);
  });

  it.each(PROVINCE_CODES)('%s holds records written before the release: no park, licence, units or holding fields (null, not empty)', (p) => {
    const older = mine(p).filter((e) => e.majorHazardUnits === null);
    expect(older.length).toBeGreaterThan(0);
    for (const e of older) expect(served.get(e.id)).toMatchObject({ park: null, licence: null, majorHazardUnits: null });
    const newer = mine(p).filter((e) => e.majorHazardUnits !== null && e.majorHazardGrade === null);
    expect(newer.length).toBeGreaterThan(0);
    for (const e of newer) expect(served.get(e.id)).toMatchObject({ majorHazardUnits: [] });
  });

  it('Anhui: four-field HXPMX packs beside seven-field ones in one record', () => {
    const mixed = mine('AH').filter((e) => e.chemicals.some((c) => c.keySupervised === null) && e.chemicals.some((c) => c.keySupervised !== null));
    expect(mixed.length).toBeGreaterThan(0);
    for (const e of mixed) {
      const packs = String(renderAnhui(e, null).HXPMX).split(';').map((pack) => pack.split('|').length);
      expect(new Set(packs)).toEqual(new Set([4, 7]));
      expect(served.get(e.id)).toEqual(expectedSafety(e, today()));
    }
  });
});

describe('the quirks of additions-v1.1.md', () => {
  it("Zhejiang's park grade counts 1 = A … 4 = D", () => {
    const graded = mine('ZJ').filter((e) => e.park?.riskGrade);
    expect(new Set(graded.map((e) => e.park?.riskGrade)).size).toBeGreaterThan(1);
    for (const e of graded) {
      const written = (renderZhejiang(e).yq as { dj: number }).dj;
      expect(written).toBe('ABCD'.indexOf(e.park?.riskGrade as string) + 1);
      expect(served.get(e.id)).toMatchObject({ park: { name: e.park?.name, riskGrade: e.park?.riskGrade } });
    }
  });

  it("Anhui's 长期 licence: validUntil null, valid", () => {
    const endless = mine('AH').filter((e) => e.licence && e.licence.validUntil === null);
    expect(endless.length).toBeGreaterThan(0);
    for (const e of endless) {
      expect(renderAnhui(e, null).XKZYXQ).toBe('长期');
      expect(served.get(e.id)).toMatchObject({ licence: { number: e.licence?.number, validUntil: null, valid: true } });
    }
  });

  it.each(PROVINCE_CODES)('%s: an expired licence is valid: false and its record valid (served, not among invalidRecords)', async (p) => {
    const expired = mine(p).filter((e) => e.licence && !licenceValidOn(e.licence, today()));
    expect(expired.length).toBeGreaterThan(0);
    for (const e of expired) expect(served.get(e.id)).toMatchObject({ licence: { number: e.licence?.number, validUntil: e.licence?.validUntil, valid: false } });
    const { invalid } = await pullAll<{ id: string }>(fed, 'hazmatEnterprises', 'id', { first: 500, filter: { provinces: [p] }, argTypes: 'EnterpriseFilter' });
    expect(invalid).toEqual(expectedInvalid(fed.dataset, 'enterprises', [p]));
  });

  it.each(PROVINCE_CODES)('%s: a CAS number with a wrong check digit is null, the record valid, and counted among the data-quality reasons', async (p) => {
    const miswritten = mine(p).filter((e) => e.miswrittenCas.length > 0);
    expect(miswritten.length).toBeGreaterThan(0);
    for (const e of miswritten) {
      const holdings = (served.get(e.id) as { chemicals: { unNumber: string; casNumber: string | null; keySupervised: boolean | null }[] }).chemicals;
      for (const m of e.miswrittenCas) expect(holdings.find((c) => c.unNumber === m.unNumber)).toMatchObject({ casNumber: null, keySupervised: expect.any(Boolean) });
    }
    const answer = await fed.query<{ dataQuality: { source: string; collection: string; invalid: number; reasons: { reason: string; count: number }[] }[] }>(
      '{ dataQuality { source collection invalid reasons { reason count } } }',
    );
    const row = answer.data?.dataQuality.find((q) => q.source === p && q.collection === 'enterprises');
    expect(row?.invalid).toBe(expectedInvalid(fed.dataset, 'enterprises', [p]).size);
    const count = miswritten.reduce((n, e) => n + e.miswrittenCas.length, 0);
    expect(row?.reasons).toContainEqual({ reason: MISWRITTEN_CAS, count });
  });
});

describe('filters against the oracle', () => {
  const ids = async (filter: Record<string, unknown>): Promise<string[]> => {
    const { nodes } = await pullAll<{ id: string }>(fed, 'hazmatEnterprises', 'id', { first: 41, filter, argTypes: 'EnterpriseFilter' });
    return nodes.map((n) => n.id);
  };
  const keySupervised = (e: HazmatEnterpriseRecord): boolean => e.chemicals.some((c) => c.keySupervised === true);
  const cases: [string, Record<string, unknown>, (e: HazmatEnterpriseRecord) => boolean][] = [
    ['parkRiskGrades A and B', { parkRiskGrades: ['A', 'B'] }, (e) => ['A', 'B'].includes(e.park?.riskGrade ?? '')],
    ['parkRiskGrades D in SH and ZJ', { parkRiskGrades: ['D'], provinces: ['SH', 'ZJ'] }, (e) => e.park?.riskGrade === 'D' && ['SH', 'ZJ'].includes(e.province)],
    ['keySupervised true', { keySupervised: true }, keySupervised],
    ['keySupervised false', { keySupervised: false }, (e) => !keySupervised(e)],
    ['licenceExpired true', { licenceExpired: true }, (e) => e.licence !== null && !licenceValidOn(e.licence, todayOf(fed.dataset))],
    ['licenceExpired false', { licenceExpired: false }, (e) => e.licence !== null && licenceValidOn(e.licence, todayOf(fed.dataset))],
    ['all three with a grade', { parkRiskGrades: ['B', 'C'], keySupervised: true, licenceExpired: false }, (e) => ['B', 'C'].includes(e.park?.riskGrade ?? '') && keySupervised(e) && e.licence !== null && licenceValidOn(e.licence, todayOf(fed.dataset))],
  ];
  it.each(cases)('%s', async (_name, filter, keep) => {
    const expected = expectedEnterprises(fed.dataset).filter(keep).map((e) => e.id);
    expect(expected.length).toBeGreaterThan(0);
    expect(await ids(filter)).toEqual(expected);
  });
});
