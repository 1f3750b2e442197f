import type { ProvinceCode, WarningRecord } from '../../../schema/model';
import { activeChangesAfter } from '../../../subgraphs/province/warning-status';
import { testDataset } from '../../fixtures/dataset-adapter';
import { EVERY_ENTRY, bearer } from '../../support/tokens';
import { startHarness, type Harness } from './harness';

/**
 * The province subgraph says on every answer how long it holds (Cache-Control): the freshness left
 * in the copies it read, shortened when time itself changes a field (a warning's `active`), and
 * no-store for what is read live (mutual-aid status) or must not be reused.
 */

const SH: ProvinceCode = 'SH';
const MAX_AGE_MS = 60_000;

async function ask(h: Harness, query: string): Promise<{ cacheControl: string | null; body: { data?: Record<string, unknown>; errors?: unknown[] } }> {
  const res = await fetch(h.subgraph.url, { method: 'POST', headers: { 'content-type': 'application/json', ...(await bearer(EVERY_ENTRY)) }, body: JSON.stringify({ query }) });
  return { cacheControl: res.headers.get('cache-control'), body: (await res.json()) as { data?: Record<string, unknown>; errors?: unknown[] } };
}

/** A Shanghai warning that is in force for a while before it expires (no later UPDATE or CANCEL replaces it). */
function expiringWarning(): WarningRecord {
  const warnings = testDataset().warnings;
  const replaced = new Set(warnings.map((w) => w.supersedesId));
  const found = warnings.find((w) => w.province === SH && w.messageType !== 'CANCEL' && !replaced.has(w.id) && w.expiresAt !== null && Date.parse(w.effectiveAt) < Date.parse(w.expiresAt) - 10_000);
  if (!found) throw new Error('the data set has no Shanghai warning that expires');
  return found;
}
const expiring = expiringWarning();

describe('how long a province subgraph answer holds', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness(SH, { warnings: MAX_AGE_MS, bases: MAX_AGE_MS, enterprises: MAX_AGE_MS, waybills: MAX_AGE_MS });
  });
  afterEach(() => h.close());

  it('is the freshness left in the copies it read', async () => {
    const first = await ask(h, '{ warnings(first: 2) { edges { node { id } } } }');
    expect(first.cacheControl).toBe(`max-age=${MAX_AGE_MS / 1000}, private`);
    h.clock.advance(20_000);
    expect((await ask(h, '{ warnings(first: 2) { edges { node { id } } } }')).cacheControl).toBe(`max-age=${(MAX_AGE_MS - 20_000) / 1000}, private`);
  });

  it('ends when a warning it says is active or not will say otherwise', async () => {
    const expiresAt = Date.parse(expiring.expiresAt as string);
    h.clock.advance(expiresAt - 2_500 - h.clock.now().getTime());
    const query = `{ warning(id: "${expiring.id}") { id active } }`;
    const before = await ask(h, query);
    expect(before.body.data?.warning).toEqual({ id: expiring.id, active: true });
    expect(activeChangesAfter(expiring, [], h.clock.now())).toBe(expiresAt);
    expect(before.cacheControl).toBe('max-age=2, private');
    expect((await ask(h, `{ warning(id: "${expiring.id}") { id } }`)).cacheControl).toBe(`max-age=${MAX_AGE_MS / 1000}, private`);
    h.clock.advance(2_500);
    expect((await ask(h, query)).body.data?.warning).toEqual({ id: expiring.id, active: false });
  });

  it('is none at all for mutual-aid status, read live from the system', async () => {
    const answer = await ask(h, '{ mutualAidRequest(id: "SH:MutualAidRequest:unknown") { id } }');
    expect(answer.cacheControl).toBe('no-store');
  });

  it('is none at all for a mutation', async () => {
    const answer = await ask(h, 'mutation { requestMutualAid(input: { clientRequestId: "x", baseId: "SH:RescueBase:nope", fromProvince: SH, teams: [], materials: [] }) { id } }');
    expect(answer.cacheControl).toBe('no-store');
  });
});
