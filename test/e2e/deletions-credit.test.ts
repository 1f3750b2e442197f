import type { Collection } from '../../adapters/kit/province-adapter';
import type { ProvinceCode } from '../../schema/model';
import { snapshotCut } from '../../simulators/dataset/sanctions';
import { startFederation, TEST_NOW, type Federation } from '../support/federation';
import { ManualClock } from '../support/manual-clock';
import { keptRecord } from '../support/oracle';
import { EVERY_ENTRY } from '../support/tokens';

/**
 * Issue 26 through the gateway: the credit platform's tombstones (sanctions gone from its data,
 * type CreditSanction, source CR) are listed by removedRecords beside the provinces', the credit
 * subgraph answering as one more shard of the router: with sources [CR], without sources (all),
 * filtered by types, oldest first across sources, and paged by the composite cursor without a
 * record skipped or repeated.
 */

const DAY_MS = 24 * 3600_000;
const NEXT_CUT = snapshotCut(TEST_NOW.getTime()) + DAY_MS;
const SINCE = new Date(TEST_NOW.getTime() - 60_000).toISOString();

interface Removed {
  id: string;
  type: string;
  source: string;
  detectedAt: string;
}
interface RemovedPage {
  removedRecords: { totalCount: number; edges: { cursor: string; node: Removed }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } | null;
}

let fed: Federation;
let clock: ManualClock;
/** The order the tombstones were made in: a province's, another's, the credit platform's (one time, by id), a third province's. */
let expected: Removed[];
let goneIds: string[];

const PAGE = `query($since: DateTime!, $sources: [String!], $types: [String!], $first: Int, $after: String) {
  removedRecords(since: $since, sources: $sources, types: $types, first: $first, after: $after) {
    totalCount edges { cursor node { id type source detectedAt } } pageInfo { hasNextPage endCursor }
  }
}`;

async function page(variables: Record<string, unknown>): Promise<NonNullable<RemovedPage['removedRecords']>> {
  const answer = await fed.query<RemovedPage>(PAGE, { since: SINCE, ...variables });
  expect(answer.errors).toBeUndefined();
  expect(answer.data?.removedRecords).toBeTruthy();
  return answer.data?.removedRecords as NonNullable<RemovedPage['removedRecords']>;
}

/** Every page of `first`, following the cursors: the ids in the order served. */
async function paged(first: number, variables: Record<string, unknown> = {}): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (let i = 0; i < 100; i++) {
    const p = await page({ ...variables, first, after });
    expect(p.edges.length).toBeLessThanOrEqual(first);
    ids.push(...p.edges.map((e) => e.node.id));
    if (!p.pageInfo.hasNextPage) return ids;
    after = p.pageInfo.endCursor;
  }
  throw new Error('more than 100 pages');
}

/** Deletes the record in its system and lets a keyed read find it gone: a tombstone at the clock's time. */
async function removeInProvince(province: ProvinceCode, collection: Collection, n: number): Promise<string> {
  const record = keptRecord(fed.dataset, province, collection, n);
  const res = await fetch(`${fed.sims[province].url}/__sim/delete`, { method: 'POST', body: JSON.stringify({ collection, sourceId: record.sourceId }) });
  expect(res.status).toBe(200);
  await fed.provinces[province].data.reads.get(collection, [record.sourceId]);
  return record.id;
}

beforeAll(async () => {
  clock = new ManualClock(TEST_NOW);
  fed = await startFederation({ clock, caller: EVERY_ENTRY, creditMaxAgeMs: 1000 });
  // The copies' first syncs: the provinces' lists, and the credit platform's snapshot of today.
  const warm = await fed.query('{ warnings(first: 1) { totalCount } rescueBases(first: 1) { totalCount } hazmatEnterprises(first: 1) { totalCount } creditSanctions(first: 1) { totalCount } }');
  expect(warm.errors).toBeUndefined();
  expect((await page({})).totalCount).toBe(0);

  const sh = await removeInProvince('SH', 'warnings', 3);
  clock.advance(1000);
  const js = await removeInProvince('JS', 'bases', 3);

  // Past the next snapshot's cut: the platform's snapshot no longer holds the gone sanctions, and the credit shard's sync finds them.
  const at = NEXT_CUT + 60_000;
  fed.simClock.set(new Date(at));
  clock.advance(at - clock.now().getTime());
  await page({ sources: ['CR'] });
  clock.advance(1000);
  const ah = await removeInProvince('AH', 'enterprises', 3);

  const all = await page({ first: 500 });
  const of = (id: string): Removed => {
    const found = all.edges.find((e) => e.node.id === id)?.node;
    if (!found) throw new Error(`${id} is not among the tombstones`);
    return found;
  };
  goneIds = fed.dataset.sanctions.filter((v) => v.gone === true).map((v) => v.record.id).sort();
  expect(goneIds.length).toBeGreaterThan(1);
  expected = [of(sh), of(js), ...goneIds.map(of), of(ah)];
}, 120_000);

afterAll(async () => {
  await fed?.close();
});

it('lists the credit platform\'s tombstones without sources, between the provinces\' by the time each was detected, oldest first', async () => {
  const all = await page({ first: 500 });
  expect(all.edges.map((e) => e.node)).toEqual(expected);
  expect(all.totalCount).toBe(expected.length);
  for (const id of goneIds) expect(expected.find((r) => r.id === id)).toMatchObject({ type: 'CreditSanction', source: 'CR' });
  expect(expected.slice(0, 2).map((r) => r.source)).toEqual(['SH', 'JS']);
  expect(expected[expected.length - 1].source).toBe('AH');
  const times = expected.map((r) => Date.parse(r.detectedAt));
  expect(times).toEqual([...times].sort((a, b) => a - b));
  expect(times[2]).toBeGreaterThan(times[1]);
  expect(times[expected.length - 1]).toBeGreaterThan(times[2]);
});

it('with sources [CR] or types [CreditSanction], lists the credit platform\'s tombstones alone; sources [CR] with a province type lists none', async () => {
  const cr = await page({ sources: ['CR'], first: 500 });
  expect(cr.edges.map((e) => e.node.id)).toEqual(goneIds);
  expect(cr.totalCount).toBe(goneIds.length);
  const sanctions = await page({ types: ['CreditSanction'], first: 500 });
  expect(sanctions.edges.map((e) => e.node.id)).toEqual(goneIds);
  const both = await page({ sources: ['SH', 'CR'], first: 500 });
  expect(both.edges.map((e) => e.node.id)).toEqual(expected.filter((r) => r.source === 'SH' || r.source === 'CR').map((r) => r.id));
  const none = await page({ sources: ['CR'], types: ['Warning'] });
  expect(none).toMatchObject({ totalCount: 0, edges: [] });
  const provincesOnly = await page({ types: ['Warning', 'RescueBase', 'HazmatEnterprise'], first: 500 });
  expect(provincesOnly.edges.map((e) => e.node.id)).toEqual(expected.filter((r) => r.source !== 'CR').map((r) => r.id));
});

it('pages across the sources by the composite cursor, never skipping or repeating a record', async () => {
  expect(await paged(1)).toEqual(expected.map((r) => r.id));
  expect(await paged(2)).toEqual(expected.map((r) => r.id));
  expect(await paged(1, { sources: ['CR'] })).toEqual(goneIds);
});

it('still refuses a source that is neither a province nor CR', async () => {
  const answer = await fed.query<RemovedPage>(PAGE, { since: SINCE, sources: ['XX'] });
  expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
});

it("a credit subgraph that does not answer leaves the provinces' tombstones served, with an error that names CR", async () => {
  await fed.credit?.close();
  const answer = await fed.query<RemovedPage>(PAGE, { since: SINCE, first: 500 });
  expect(answer.data?.removedRecords?.edges.map((e) => e.node.id)).toEqual(expected.filter((r) => r.source !== 'CR').map((r) => r.id));
  expect(answer.errors).toEqual([expect.objectContaining({ path: ['removedRecords'], extensions: expect.objectContaining({ code: 'PROVINCE_UNAVAILABLE', province: 'CR' }) })]);
});
