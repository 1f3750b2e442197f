import { loadCreditPlatform } from '../../schema/config/legacy-config';
import { sanctionStatus } from '../../schema/credit-model';
import { SimClock } from '../../simulators/common/clock';
import type { SimServer } from '../../simulators/common/sim-server';
import { createCreditSimulator } from '../../simulators/credit';
import { loadDataset } from '../support/test-dataset';
import { beijingDay, snapshotCut } from '../../simulators/dataset/sanctions';
import { startCreditSubgraph, type RunningCreditSubgraph } from '../../subgraphs/credit/server';
import { ManualClock } from '../support/manual-clock';
import { expectedSanctions } from '../support/oracle';
import { EVERY_ENTRY, mintToken, testVerifier } from '../support/tokens';

/**
 * Issue 26: the credit platform as a source of removed records. A sanction that leaves the
 * platform's data (absent from the next daily snapshot: credit.md's "gone, not removed") leaves
 * creditSanctions, sanctionsOf and an enterprise's sanctions, and is kept as a tombstone (type
 * CreditSanction, source CR) for 7 days. A sanction removed from the list (已移出, status REMOVED) or
 * expired is still held by the platform and served with its status: no tombstone.
 */

const NOW = new Date('2026-07-12T04:00:00Z');
const DAY_MS = 24 * 3600_000;
const dataset = loadDataset({ seed: 'test', now: NOW, scale: 1 });
/** The data set's sanctions that leave the platform's data at the next snapshot. */
const gone = dataset.sanctions.filter((v) => v.gone === true);
const NEXT_CUT = snapshotCut(NOW.getTime()) + DAY_MS;

let sim: SimServer<'CR'>;
let simClock: SimClock;
let clock: ManualClock;
let credit: RunningCreditSubgraph;
let token: string;

beforeAll(async () => {
  simClock = new SimClock(NOW);
  sim = createCreditSimulator({ dataset, clock: simClock, credentials: { user: 'demo-cr', password: 'demo-cr-password' }, quirks: { lateMs: 0, corruptFirstDownload: false } });
  await sim.listen(0);
  clock = new ManualClock(NOW);
  credit = await startCreditSubgraph({ clock, platform: loadCreditPlatform({ LEGACY_CR_URL: sim.url }), auth: testVerifier(), maxAgeMs: 1000 });
  token = await mintToken(EVERY_ENTRY);
});
afterAll(async () => {
  await credit?.close();
  await sim?.close();
});

async function ask<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(credit.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { data?: T; errors?: unknown[] };
  if (!body.data) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

const listed = async (): Promise<string[]> =>
  (await ask<{ creditSanctions: { edges: { node: { id: string } }[] } }>('{ creditSanctions(first: 500) { edges { node { id } } } }')).creditSanctions.edges.map((e) => e.node.id);
const ofCode = async (code: string): Promise<string[]> => (await ask<{ sanctionsOf: { id: string }[] }>('query($c: ID!) { sanctionsOf(creditCode: $c) { id } }', { c: code })).sanctionsOf.map((s) => s.id);
const ofEnterprise = async (code: string): Promise<string[]> =>
  (
    await ask<{ _entities: { sanctions: { id: string }[] }[] }>('query($r: [_Any!]!) { _entities(representations: $r) { ... on HazmatEnterprise { sanctions { id } } } }', {
      r: [{ __typename: 'HazmatEnterprise', creditCode: code }],
    })
  )._entities[0].sanctions.map((s) => s.id);

it('a sanction absent from the next daily snapshot leaves every answer and is a CreditSanction tombstone from CR for 7 days; removed (已移出) and expired ones are not tombstones', async () => {
  expect(gone.length).toBeGreaterThan(0);
  const before = await listed();
  for (const g of gone) {
    expect(before).toContain(g.record.id);
    expect(await ofCode(g.record.creditCode)).toContain(g.record.id);
    expect(await ofEnterprise(g.record.creditCode)).toContain(g.record.id);
  }
  expect(await credit.removed.since(new Date(0))).toEqual([]);

  // Past the next snapshot's cut: the platform lists a snapshot without them.
  const at = NEXT_CUT + 60_000;
  simClock.set(new Date(at));
  clock.advance(at - NOW.getTime());
  const after = await listed();
  expect(after).toEqual(expectedSanctions(dataset, at).map((r) => r.id));
  for (const g of gone) {
    expect(after).not.toContain(g.record.id);
    expect(await ofCode(g.record.creditCode)).not.toContain(g.record.id);
    expect(await ofEnterprise(g.record.creditCode)).not.toContain(g.record.id);
  }

  const tombstones = await credit.removed.since(NOW);
  expect(tombstones.map((t) => t.id).sort()).toEqual(gone.map((g) => g.record.id).sort());
  for (const t of tombstones) {
    expect(t).toMatchObject({ type: 'CreditSanction', source: 'CR' });
    expect(Date.parse(t.detectedAt)).toBe(at);
  }
  // Still held, with their status, and not tombstoned: sanctions removed from the list and expired ones.
  const today = beijingDay(at);
  const held = expectedSanctions(dataset, at);
  const removedFromList = held.filter((r) => sanctionStatus(r, today) === 'REMOVED');
  const expired = held.filter((r) => sanctionStatus(r, today) === 'EXPIRED');
  expect(removedFromList.length).toBeGreaterThan(0);
  expect(expired.length).toBeGreaterThan(0);
  for (const r of [...removedFromList, ...expired]) expect(after).toContain(r.id);

  // Kept 7 days, not longer.
  clock.advance(7 * DAY_MS);
  expect((await credit.removed.since(NOW)).length).toBe(gone.length);
  clock.advance(1);
  expect(await credit.removed.since(NOW)).toEqual([]);
}, 60_000);
