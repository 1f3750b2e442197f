import { PROVINCE_CODES, type ProvinceCode } from '../../schema/model';
import { startFederation, type Federation } from '../support/federation';
import { expectedBases, unexpectedErrors } from '../support/oracle';

/**
 * One province down or slow: the others answer within the deadline, the failing one is named, and
 * a connection page that missed it does not lose its records on the next pages.
 */

interface BasesPage {
  rescueBases: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null }; unavailableProvinces: string[]; totalCount: number };
}
const PAGE = `query($after: String) { rescueBases(first: 20, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } unavailableProvinces totalCount } }`;

describe.each(PROVINCE_CODES)('with %s down', (down: ProvinceCode) => {
  let fed: Federation;
  beforeAll(async () => {
    fed = await startFederation({ shardTimeoutMs: 2500, legacyTimeoutMs: 500 });
    fed.sims[down].faults.set({ down: true });
  }, 60_000);
  afterAll(async () => {
    await fed?.close();
  });

  it('the other three answer, the failing province is named, and its records come once it is back', async () => {
    const first = await fed.query<BasesPage>(PAGE, { after: null });
    expect(first.status).toBe(200);
    const page = first.data!.rescueBases;
    expect(page.unavailableProvinces).toEqual([down]);
    expect(first.errors?.some((e) => e.extensions?.province === down && ['PROVINCE_UNAVAILABLE', 'PROVINCE_TIMEOUT'].includes(String(e.extensions?.code)))).toBe(true);
    expect(page.edges.every((e) => !e.node.id.startsWith(`${down}:`))).toBe(true);
    const others = expectedBases(fed.dataset, PROVINCE_CODES.filter((p) => p !== down));
    expect(page.edges.map((e) => e.node.id)).toEqual(others.slice(0, 20).map((b) => b.id));

    fed.sims[down].faults.reset();
    const seen = page.edges.map((e) => e.node.id);
    let after = page.pageInfo.endCursor;
    for (let i = 0; i < 50 && after; i++) {
      const next = await fed.query<BasesPage>(PAGE, { after });
      expect(unexpectedErrors(fed.dataset, next.errors)).toEqual([]);
      seen.push(...next.data!.rescueBases.edges.map((e) => e.node.id));
      after = next.data!.rescueBases.pageInfo.hasNextPage ? next.data!.rescueBases.pageInfo.endCursor : null;
    }
    expect([...seen].sort()).toEqual(expectedBases(fed.dataset).map((b) => b.id).sort());
    expect(new Set(seen).size).toBe(seen.length);
  });
});

describe('with one province slow beyond the deadline', () => {
  let fed: Federation;
  beforeAll(async () => {
    fed = await startFederation({ shardTimeoutMs: 1500, legacyTimeoutMs: 5000 });
    fed.sims.ZJ.faults.set({ latencyMs: 4000 });
  }, 60_000);
  afterAll(async () => {
    fed.sims.ZJ.faults.reset();
    await fed?.close();
  });

  it('answers the other three within the deadline and names ZJ with PROVINCE_TIMEOUT', async () => {
    const started = Date.now();
    const answer = await fed.query<BasesPage>(PAGE, { after: null });
    expect(Date.now() - started).toBeLessThan(4000);
    expect(answer.data!.rescueBases.unavailableProvinces).toEqual(['ZJ']);
    expect(answer.errors?.find((e) => e.extensions?.province === 'ZJ')?.extensions?.code).toBe('PROVINCE_TIMEOUT');
    expect(answer.data!.rescueBases.edges.map((e) => e.node.id)).toEqual(expectedBases(fed.dataset, ['SH', 'JS', 'AH']).slice(0, 20).map((b) => b.id));
  });
});
