import { testDataset } from '../../fixtures/dataset-adapter';
import { startHarness, type Harness } from './harness';

/**
 * creditCodeHoldings (hidden from the API schema): the credit codes a province's system holds, from
 * its copy of enterprises, for the shard router's index; and the copy's time announced in every answer.
 */

const P = 'JS';
const dataset = testDataset();
const QUERY = 'query($etag: String) { creditCodeHoldings(ifNoneMatch: $etag) { syncedAt etag maxAgeMs holdings { creditCode updatedAt } } }';

interface Holdings {
  syncedAt: number;
  etag: string;
  maxAgeMs: number;
  holdings: { creditCode: string; updatedAt: string }[] | null;
}

describe('the province subgraph: creditCodeHoldings', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness(P, { enterprises: 60_000 });
  });
  afterEach(() => h.close());

  it("answers every credit code of the province's enterprise records with its updatedAt, by code, from one sync", async () => {
    const answer = await h.query<{ creditCodeHoldings: Holdings }>(QUERY);
    expect(answer.errors).toBeUndefined();
    const held = dataset.enterprises.filter((e) => e.province === P).map((e) => ({ creditCode: e.creditCode, updatedAt: e.updatedAt }));
    // Records held broken under a readable code count too (Jiangsu's reads even a corrupted code back), as of the copy's newest change.
    const newest = new Date(Math.max(...held.map((e) => Date.parse(e.updatedAt)))).toISOString();
    const heldCodes = new Set(held.map((e) => e.creditCode));
    const broken = dataset.bad.flatMap((b) =>
      b.province === P && b.collection === 'enterprises' && !heldCodes.has(String(b.record.creditCode)) ? [String(b.record.creditCode)] : [],
    );
    expect(broken.length).toBeGreaterThan(0);
    const expected = [...held, ...[...new Set(broken)].map((creditCode) => ({ creditCode, updatedAt: newest }))].sort((a, b) => (a.creditCode < b.creditCode ? -1 : 1));
    const holdings = answer.data?.creditCodeHoldings;
    expect(holdings?.holdings).toEqual(expected);
    expect(holdings?.holdings?.some((x) => x.creditCode.slice(2, 4) !== '32')).toBe(true);
    expect(holdings?.maxAgeMs).toBe(60_000);
    expect(h.adapter.calls).toEqual({ 'pull enterprises': 1 });
  });

  it('answers no holdings for the etag the caller has, without a legacy call within the maximum age', async () => {
    const first = (await h.query<{ creditCodeHoldings: Holdings }>(QUERY)).data?.creditCodeHoldings;
    h.adapter.resetCalls();
    h.clock.advance(10_000);
    const again = (await h.query<{ creditCodeHoldings: Holdings }>(QUERY, { etag: first?.etag })).data?.creditCodeHoldings;
    expect(again).toEqual({ syncedAt: first?.syncedAt, etag: first?.etag, maxAgeMs: 50_000, holdings: null });
    expect(h.adapter.callCount()).toBe(0);
  });

  it("announces the enterprise copy's time in every answer's extensions once there is a copy", async () => {
    const before = await h.query('{ warnings(first: 1) { totalCount } }');
    expect(before.extensions?.creditCodeHoldings).toBeUndefined();
    const holdings = (await h.query<{ creditCodeHoldings: Holdings }>(QUERY)).data?.creditCodeHoldings;
    const after = await h.query('{ warnings(first: 1) { totalCount } }');
    expect(after.extensions?.creditCodeHoldings).toEqual({ syncedAt: holdings?.syncedAt });
  });
});
