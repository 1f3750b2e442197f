import { toBeijingIso } from '../../../adapters/kit/beijing-time';
import { testDataset } from '../../fixtures/dataset-adapter';
import { startHarness, type Harness } from './harness';

const dataset = testDataset();
const P = 'SH';
const warnings = dataset.warnings.filter((w) => w.province === P);
const waybills = dataset.waybills.filter((w) => w.province === P);
const bad = (collection: string): string[] => dataset.bad.filter((b) => b.province === P && b.collection === collection).map((b) => b.record.sourceId);

const NESTED = `{
  warnings(first: 200) { edges { node { id active supersedes { id capXml } areas { adcode } } } }
  waybills(first: 200) { edges { node { id origin { enterprise { id name } } destination { enterprise { id } } vehicle { plate } } } }
  rescueBases(first: 200) { edges { node { id teams { id } } } }
}`;

describe('the replica', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness(P, { warnings: 5_000, waybills: 10_000, enterprises: 60_000, bases: 60_000 });
  });
  afterEach(() => h.close());

  it('answers a nested query over hundreds of records with one pull per collection, and reports the calls in extensions.legacyCalls', async () => {
    const answer = await h.query(NESTED);
    expect(answer.data).toBeTruthy();
    expect(h.adapter.calls).toEqual({ 'pull warnings': 1, 'pull waybills': 1, 'pull enterprises': 1, 'pull bases': 1 });
    expect(answer.extensions?.legacyCalls).toEqual(h.adapter.calls);
  });

  it('a second request within the maximum age makes no legacy call; concurrent needs share one sync', async () => {
    await Promise.all([h.query(NESTED), h.query(NESTED), h.query('{ warnings(first: 1) { totalCount } }')]);
    expect(h.adapter.calls).toEqual({ 'pull warnings': 1, 'pull waybills': 1, 'pull enterprises': 1, 'pull bases': 1 });
    h.adapter.resetCalls();
    h.clock.advance(4_000);
    const again = await h.query(NESTED);
    expect(h.adapter.callCount()).toBe(0);
    expect(again.extensions?.legacyCalls).toEqual({});
  });

  it('once older than its maximum age, re-syncs with since = the newest update seen, de-duplicating by id', async () => {
    await h.query('{ warnings(first: 1) { totalCount } }');
    const newest = Math.max(...warnings.map((w) => Date.parse(w.updatedAt)));
    const changed = { ...warnings[0], headline: '更新后的标题', updatedAt: toBeijingIso(new Date(newest + 60_000)) };
    h.adapter.upsert('warnings', changed);
    h.clock.advance(5_000);
    const answer = await h.query<{ warnings: { totalCount: number }; warning: { headline: string } }>(
      `query($id: ID!) { warnings(first: 1) { totalCount } warning(id: $id) { headline } }`,
      { id: changed.id },
    );
    expect(h.adapter.pulls.map((p) => [p.collection, p.since?.getTime() ?? null])).toEqual([
      ['warnings', null],
      ['warnings', newest],
    ]);
    expect(answer.data).toEqual({ warnings: { totalCount: warnings.length }, warning: { headline: '更新后的标题' } });
  });

  it('is as fresh as the last list request of its sync, not its first: a long pull has seen every change made before its end', async () => {
    const started = h.clock.now().getTime();
    h.adapter.pullAsOf = () => new Date(started + 4_000);
    const first = await h.query<{ warnings: { edges: { node: { provenance: { fetchedAt: string } } }[] } }>('{ warnings(first: 1) { edges { node { provenance { fetchedAt } } } } }');
    expect(Date.parse(first.data?.warnings.edges[0].node.provenance.fetchedAt as string)).toBe(started + 4_000);
    h.adapter.resetCalls();
    h.clock.advance(8_000);
    await h.query('{ warnings(first: 1) { totalCount } }');
    expect(h.adapter.callCount()).toBe(0);
    h.clock.advance(1_500);
    await h.query('{ warnings(first: 1) { totalCount } }');
    expect(h.adapter.calls).toEqual({ 'pull warnings': 1 });
  });

  it('reads an id the copy does not know with one batched get for the whole request', async () => {
    await h.query('{ waybills(first: 1) { totalCount } }');
    h.adapter.resetCalls();
    const unknown = ['SH:Waybill:NO-SUCH-1', 'SH:Waybill:NO-SUCH-2', `SH:Waybill:${waybills[0].sourceId}`, 'SH:Waybill:NO-SUCH-1'];
    const reps = [...unknown, ...waybills.slice(0, 100).map((w) => w.id)].map((id) => ({ __typename: 'Waybill', id }));
    const answer = await h.query<{ _entities: ({ id: string } | null)[] }>('query($r: [_Any!]!) { _entities(representations: $r) { ... on Waybill { id } } }', { r: reps });
    expect(answer.data?._entities.slice(0, 4)).toEqual([null, null, { id: waybills[0].id }, null]);
    expect(answer.data?._entities.slice(4)).toEqual(waybills.slice(0, 100).map((w) => ({ id: w.id })));
    expect(h.adapter.calls).toEqual({ 'get waybills': 1 });
  });

  it('records the system reports invalid are left out and listed in invalidRecords on the first page (source, source id, reason), not in errors', async () => {
    const answer = await h.query<{ warnings: { edges: { node: { id: string } }[]; pageInfo: { endCursor: string }; invalidRecords: { source: string; sourceId: string; reason: string }[] } }>(
      '{ warnings(first: 100) { edges { node { id } } pageInfo { endCursor } invalidRecords { source sourceId reason } } }',
    );
    expect(answer.errors).toBeUndefined();
    const listed = answer.data?.warnings.invalidRecords ?? [];
    expect(listed.map((r) => r.sourceId).sort()).toEqual(bad('warnings').sort());
    for (const r of listed) expect(r).toEqual({ source: P, sourceId: expect.any(String), reason: expect.any(String) });
    const ids = answer.data?.warnings.edges.map((e) => e.node.id) ?? [];
    expect(ids.some((id) => bad('warnings').some((s) => id.endsWith(s)))).toBe(false);
    const next = await h.query<{ warnings: { invalidRecords: unknown[] } }>('query($after: String) { warnings(first: 100, after: $after) { invalidRecords { sourceId } } }', { after: answer.data?.warnings.pageInfo.endCursor });
    expect(next.errors).toBeUndefined();
    expect(next.data?.warnings.invalidRecords).toEqual([]);
  });

  it('a record asked for by id that cannot be mapped answers null with LEGACY_DATA_INVALID, province, source id and reason', async () => {
    const one = await h.query<{ warning: unknown }>('query($id: ID!) { warning(id: $id) { id } }', { id: `SH:Warning:${bad('warnings')[0]}` });
    expect(one.data?.warning).toBeNull();
    expect(one.errors?.map((e) => [e.path, e.extensions])).toEqual([[['warning'], { code: 'LEGACY_DATA_INVALID', province: P, sourceId: bad('warnings')[0], reason: expect.any(String) }]]);
  });

  it('serves the last copy marked stale when a re-sync fails, with an error { code, province, stale: true }', async () => {
    await h.query('{ warnings(first: 1) { totalCount } }');
    h.adapter.failure = 'PROVINCE_UNAVAILABLE';
    h.clock.advance(6_000);
    const answer = await h.query<{ warnings: { totalCount: number; unavailableProvinces: string[]; edges: { node: { provenance: { stale: boolean } } }[] } }>(
      '{ warnings(first: 3) { totalCount unavailableProvinces edges { node { provenance { stale } } } } }',
    );
    expect(answer.data?.warnings.totalCount).toBe(warnings.length);
    expect(answer.data?.warnings.unavailableProvinces).toEqual([]);
    expect(answer.data?.warnings.edges.map((e) => e.node.provenance.stale)).toEqual([true, true, true]);
    expect(answer.errors?.find((e) => e.extensions?.stale)?.extensions).toEqual({ code: 'PROVINCE_UNAVAILABLE', province: P, stale: true });
    h.adapter.failure = null;
    const recovered = await h.query<{ warnings: { edges: { node: { provenance: { stale: boolean } } }[] } }>('{ warnings(first: 1) { edges { node { provenance { stale } } } } }');
    expect(recovered.data?.warnings.edges[0].node.provenance.stale).toBe(false);
  });

  it('without a copy, a connection answers unavailableProvinces [province] and a keyed read fails, each with { code, province }', async () => {
    h.adapter.failure = 'PROVINCE_TIMEOUT';
    const answer = await h.query<{ waybills: { totalCount: number; unavailableProvinces: string[] }; warning: unknown }>(
      `query($id: ID!) { waybills { totalCount unavailableProvinces } warning(id: $id) { id } }`,
      { id: warnings[0].id },
    );
    expect(answer.data).toEqual({ waybills: { totalCount: 0, unavailableProvinces: [P] }, warning: null });
    const byPath = Object.fromEntries((answer.errors ?? []).map((e) => [String(e.path?.[0]), e.extensions]));
    expect(byPath.waybills).toEqual({ code: 'PROVINCE_TIMEOUT', province: P });
    expect(byPath.warning).toMatchObject({ code: 'PROVINCE_TIMEOUT', province: P });
    expect(answer.extensions?.legacyCalls).toEqual({ 'pull waybills': 1, 'pull warnings': 1, 'get warnings': 1 });
  });
});
