import { Writable } from 'node:stream';
import { EVERY_ENTRY } from '../support/tokens';
import { startFederation, type Federation, type GraphQLAnswer } from '../support/federation';
import { expectedSanctions, unexpectedErrors } from '../support/oracle';
import type { CreditSanctionRecord } from '../../schema/credit-model';
import { sanctionStatus } from '../../schema/credit-model';

/** The credit platform joined to every province's enterprises and organisations through the gateway (issue 19). */

const COPY_AS_OF = Date.parse('2026-07-12T12:00:00+08:00');
const TODAY = '2026-07-12';
const MASKED = /\d{2,6}\*{4,}/;

interface SanctionPage { edges: { cursor: string; node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null }; totalCount: number }
interface Sanction { id: string; status: string; provenance: { stale: boolean; system: string } }
interface Enterprise { creditCode: string; province: string; sanctions: Sanction[] }

let fed: Federation;
const logLines: string[] = [];

beforeAll(async () => {
  const logDestination = new Writable({ write: (chunk: Buffer, _enc, done) => (logLines.push(chunk.toString('utf8')), done()) });
  fed = await startFederation({ caller: EVERY_ENTRY, logDestination, gatewayEnv: { LOG_LEVEL: 'info' }, creditMaxAgeMs: 300 });
}, 120_000);
afterAll(() => fed.close());

const inForce = (records: readonly CreditSanctionRecord[], code: string): string[] =>
  records.filter((r) => r.creditCode === code && sanctionStatus(r, TODAY) !== 'REMOVED').map((r) => r.id);

async function creditFetches(): Promise<number> {
  const text = (await fed.gateway.metrics.render()).body;
  return [...text.matchAll(/^gateway_subgraph_fetches_total\{subgraph="credit"[^}]*\} (\d+)/gm)].reduce((n, m) => n + Number(m[1]), 0);
}

describe('the credit platform through the gateway', () => {
  it('pages creditSanctions in the oracle order (decidedOn desc, then id) without skipping or repeating', async () => {
    const ids: string[] = [];
    let after: string | null = null;
    for (;;) {
      const answer: GraphQLAnswer<{ creditSanctions: SanctionPage }> = await fed.query<{ creditSanctions: SanctionPage }>(
        'query($after: String) { creditSanctions(first: 17, after: $after) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } totalCount } }',
        { after },
      );
      const page: SanctionPage | undefined = answer.data?.creditSanctions;
      if (!page) throw new Error(JSON.stringify(answer.errors));
      ids.push(...page.edges.map((e) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(ids).toEqual(expectedSanctions(fed.dataset, COPY_AS_OF).map((r) => r.id));
  });

  it('lists rows with a wrong check character in invalidRecords by decision number, not as errors (issue 24)', async () => {
    const answer = await fed.query<{ creditSanctions: { invalidRecords: { source: string; sourceId: string; reason: string }[] } }>('{ creditSanctions(first: 1) { invalidRecords { source sourceId reason } } }');
    const invalid = fed.dataset.sanctions.filter((v) => v.subject === 'invalid-code' && v.publishedAt <= COPY_AS_OF).map((v) => v.record.decisionNumber).sort();
    expect(answer.data?.creditSanctions.invalidRecords.map((r) => r.sourceId).sort()).toEqual(invalid);
    expect(invalid.length).toBeGreaterThan(0);
    for (const r of answer.data?.creditSanctions.invalidRecords ?? []) expect(r.source).toBe('CR');
    expect(answer.errors ?? []).toEqual([]);
  });

  it('joins 500 enterprises of every province to their sanctions with one entities fetch to the credit subgraph', async () => {
    const before = await creditFetches();
    const answer = await fed.query<{ hazmatEnterprises: { edges: { node: Enterprise }[] } }>(
      '{ hazmatEnterprises(first: 500) { edges { node { creditCode province sanctions { id status provenance { stale system } } } } } }',
    );
    expect(await creditFetches()).toBe(before + 1);
    const nodes = answer.data?.hazmatEnterprises.edges.map((e) => e.node) ?? [];
    expect(new Set(nodes.map((n) => n.province))).toEqual(new Set(['SH', 'JS', 'ZJ', 'AH']));
    const expected = expectedSanctions(fed.dataset, COPY_AS_OF);
    const sanctioned = nodes.filter((n) => n.sanctions.length > 0);
    expect(new Set(sanctioned.map((n) => n.province))).toEqual(new Set(['SH', 'JS', 'ZJ', 'AH']));
    for (const n of nodes) expect(n.sanctions.map((s) => s.id).sort()).toEqual(inForce(expected, n.creditCode).sort());
    for (const s of sanctioned.flatMap((n) => n.sanctions)) expect(s.provenance).toEqual({ stale: false, system: 'CR aqsc' });
  });

  it('answers the sanctions of waybill consignors’ enterprises and of rescue organisations', async () => {
    const expected = expectedSanctions(fed.dataset, COPY_AS_OF);
    const waybills = await fed.query<{ waybills: { edges: { node: { origin: { enterprise: Enterprise | null } } }[] } }>(
      '{ waybills(first: 200) { edges { node { origin { enterprise { creditCode province sanctions(includeRemoved: true) { id status } } } } } } }',
    );
    const enterprises = (waybills.data?.waybills.edges ?? []).map((e) => e.node.origin.enterprise).filter((e): e is Enterprise => e !== null);
    expect(enterprises.length).toBeGreaterThan(0);
    expect(enterprises.some((e) => e.sanctions.length > 0)).toBe(true);
    for (const e of enterprises) expect(e.sanctions.map((s) => s.id).sort()).toEqual(expected.filter((r) => r.creditCode === e.creditCode).map((r) => r.id).sort());
    const view = await fed.query<{ resourceView: { edges: { node: { creditCode: string | null; sanctions: Sanction[] } }[] } }>('{ resourceView(first: 500) { edges { node { creditCode sanctions { id } } } } }');
    const organisations = view.data?.resourceView.edges.map((e) => e.node) ?? [];
    expect(organisations.some((o) => o.sanctions.length > 0)).toBe(true);
    for (const o of organisations) expect(o.sanctions.map((s) => s.id).sort()).toEqual(o.creditCode ? inForce(expected, o.creditCode).sort() : []);
  });

  it('never names a masked person in an answer or a log line, and counts them in the credit subgraph’s /metrics', async () => {
    const answer = await fed.query('{ creditSanctions(first: 500) { edges { node { creditCode name reason } } invalidRecords { sourceId reason } } }');
    expect(JSON.stringify(answer)).not.toMatch(MASKED);
    expect(JSON.stringify(answer)).not.toMatch(/个体工商户/);
    expect(logLines.join('')).not.toMatch(MASKED);
    const metrics = await (await fetch((fed.credit?.url ?? '').replace('/graphql', '/metrics'))).text();
    expect(Number(/^credit_person_rows_left_out_total (\d+)/m.exec(metrics)?.[1])).toBeGreaterThan(0);
  });

  it('serves the last good copy stale, with an error naming CR, when the platform is down', async () => {
    fed.creditSim?.faults.set({ down: true });
    await new Promise((r) => setTimeout(r, 400));
    const answer = await fed.query<{ creditSanctions: { edges: { node: { provenance: { stale: boolean } } }[] } }>('{ creditSanctions(first: 3) { edges { node { provenance { stale } } } } }');
    expect(answer.data?.creditSanctions.edges.length).toBe(3);
    for (const e of answer.data?.creditSanctions.edges ?? []) expect(e.node.provenance.stale).toBe(true);
    expect(answer.errors?.some((e) => e.extensions?.province === 'CR' && e.extensions?.code === 'PROVINCE_UNAVAILABLE')).toBe(true);
    fed.creditSim?.faults.reset();
  });

  // sanctions is non-null in the contract: an answer that asks for it fails as a whole, with an error naming CR; the rest of the graph answers.
  it('answers the provinces’ data when the credit subgraph is down; a query asking for sanctions gets an error naming CR', async () => {
    await fed.credit?.close();
    const answer = await fed.query('{ hazmatEnterprises(first: 20) { edges { node { creditCode sanctions { id } } } } }');
    expect(answer.errors?.map((e) => e.extensions)).toEqual([expect.objectContaining({ code: 'PROVINCE_UNAVAILABLE', province: 'CR', subgraph: 'credit' })]);
    expect(answer.errors?.[0].message).toBe('CR: the credit subgraph did not answer');
    const plain = await fed.query<{ hazmatEnterprises: { edges: unknown[] } }>('{ hazmatEnterprises(first: 20) { edges { node { creditCode name } } } }');
    expect(unexpectedErrors(fed.dataset, plain.errors)).toEqual([]);
    expect(plain.data?.hazmatEnterprises.edges.length).toBe(20);
  });
});
