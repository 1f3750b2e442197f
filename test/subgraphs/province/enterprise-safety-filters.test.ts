import type { HazmatEnterpriseRecord } from '../../../schema/model';
import { enterprisePredicate } from '../../../subgraphs/province/filters';
import { DATASET_NOW, testDataset } from '../../fixtures/dataset-adapter';
import { licenceValidOn, todayOf } from '../../support/enterprise-safety-oracle';
import { pullAll, startHarness, type Harness } from './harness';

/** EnterpriseFilter's v1.1 arguments (issue 18) directly against one province subgraph, and their edges as predicates. */

const dataset = testDataset();
const P = 'JS';
const enterprises = dataset.enterprises.filter((e) => e.province === P);
const byCreditCode = (list: HazmatEnterpriseRecord[]): string[] => [...list].sort((a, b) => (a.creditCode < b.creditCode ? -1 : 1)).map((e) => e.id);
const today = todayOf(dataset);

let h: Harness;
beforeAll(async () => {
  h = await startHarness(P);
});
afterAll(() => h.close());

async function ids(filter: Record<string, unknown>): Promise<string[]> {
  const { nodes } = await pullAll<{ id: string }>(h, 'hazmatEnterprises', 'id', { filter }, '$filter: EnterpriseFilter');
  return nodes.map((n) => n.id);
}

describe('the JS subgraph filters its enterprises by park grade, key supervision and licence', () => {
  const cases: [string, Record<string, unknown>, (e: HazmatEnterpriseRecord) => boolean][] = [
    ['parkRiskGrades', { parkRiskGrades: ['A', 'D'] }, (e) => e.park?.riskGrade === 'A' || e.park?.riskGrade === 'D'],
    ['keySupervised', { keySupervised: true }, (e) => e.chemicals.some((c) => c.keySupervised === true)],
    ['licenceExpired', { licenceExpired: true }, (e) => e.licence !== null && !licenceValidOn(e.licence, today)],
    ['licenceExpired false', { licenceExpired: false }, (e) => e.licence !== null && licenceValidOn(e.licence, today)],
  ];
  it.each(cases)('%s', async (_name, filter, keep) => {
    const expected = byCreditCode(enterprises.filter(keep));
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(enterprises.length);
    expect(await ids(filter)).toEqual(expected);
  });
});

describe('the predicates at their edges', () => {
  const base = enterprises.find((e) => e.licence !== null && e.park !== null) as HazmatEnterpriseRecord;
  const on = (e: HazmatEnterpriseRecord, filter: Record<string, unknown>, at = DATASET_NOW): boolean => enterprisePredicate(filter, at)(e);

  it('a licence is valid on its last day in Beijing and expired from the next; without an end never expired; none matches neither', () => {
    const lastDay = { ...base, licence: { number: 'x', validUntil: today } };
    expect([on(lastDay, { licenceExpired: false }), on(lastDay, { licenceExpired: true })]).toEqual([true, false]);
    const tomorrow = new Date(DATASET_NOW.getTime() + 86_400_000);
    expect(on(lastDay, { licenceExpired: true }, tomorrow)).toBe(true);
    const endless = { ...base, licence: { number: 'x', validUntil: null } };
    expect(on(endless, { licenceExpired: true })).toBe(false);
    const none = { ...base, licence: null };
    expect([on(none, { licenceExpired: true }), on(none, { licenceExpired: false })]).toEqual([false, false]);
  });

  it('a park without a grade, or no park, matches no grade; keySupervised false is the rest', () => {
    expect(on({ ...base, park: { name: 'p', riskGrade: null } }, { parkRiskGrades: ['A', 'B', 'C', 'D'] })).toBe(false);
    expect(on({ ...base, park: null }, { parkRiskGrades: ['A', 'B', 'C', 'D'] })).toBe(false);
    const unknown = { ...base, chemicals: base.chemicals.map((c) => ({ ...c, keySupervised: null })) };
    expect([on(unknown, { keySupervised: true }), on(unknown, { keySupervised: false })]).toEqual([false, true]);
  });
});
