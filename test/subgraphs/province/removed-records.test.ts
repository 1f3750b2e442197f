import { startHarness, type Harness } from './harness';

/**
 * Issue 26 at the province subgraph: removals from the copies, the tombstones removedRecords
 * serves, and a failing system, over the data set's adapter (no background reconciliation).
 */

let h: Harness;

beforeEach(async () => {
  h = await startHarness('JS');
});

afterEach(async () => {
  await h.close();
});

const WARNINGS = `query($since: DateTime!) {
  warnings(first: 500) { edges { node { id provenance { stale } } } }
  removedRecords(since: $since) { totalCount edges { cursor node { id type source detectedAt } } pageInfo { hasNextPage } }
}`;

type WarningsAnswer = {
  warnings: { edges: { node: { id: string; provenance: { stale: boolean } } }[] };
  removedRecords: { totalCount: number; edges: { cursor: string; node: { id: string; type: string; source: string; detectedAt: string } }[]; pageInfo: { hasNextPage: boolean } };
};

const since = (): string => new Date(h.clock.now().getTime() - 1000).toISOString();

describe('removals and tombstones', () => {
  it('a keyed read that the system answers "not found" removes the record at once, and removedRecords lists it', async () => {
    const before = await h.query<WarningsAnswer>(WARNINGS, { since: since() });
    const victim = h.adapter.records('warnings')[0];
    expect(before.data?.warnings.edges.map((e) => e.node.id)).toContain(victim.id);
    h.adapter.remove('warnings', victim.sourceId);
    await h.subgraph.data.reads.get('warnings', [victim.sourceId]);
    const after = await h.query<WarningsAnswer & { node: unknown }>(`query($since: DateTime!, $id: ID!) { node(id: $id) { id } ${WARNINGS.slice(WARNINGS.indexOf('{') + 1)}`, { since: since(), id: victim.id });
    expect(after.data?.node).toBeNull();
    expect(after.data?.warnings.edges.map((e) => e.node.id)).not.toContain(victim.id);
    expect(after.data?.removedRecords.edges.map((e) => e.node)).toEqual([expect.objectContaining({ id: victim.id, type: 'Warning', source: 'JS' })]);
  });

  it('a record the system holds again comes back, and its tombstone goes', async () => {
    await h.query(WARNINGS, { since: since() });
    const victim = h.adapter.records('warnings')[1];
    h.adapter.remove('warnings', victim.sourceId);
    expect(await h.subgraph.reconciler.reconcile('warnings')).toBe('pulled');
    expect((await h.query<WarningsAnswer>(WARNINGS, { since: since() })).data?.removedRecords.totalCount).toBe(1);
    h.clock.advance(1000);
    h.adapter.upsert('warnings', { ...victim, updatedAt: h.clock.now().toISOString() });
    h.clock.advance(10_000);
    const back = await h.query<WarningsAnswer>(WARNINGS, { since: since() });
    expect(back.data?.warnings.edges.map((e) => e.node.id)).toContain(victim.id);
    expect(back.data?.removedRecords.totalCount).toBe(0);
  });

  it('removedRecords pages oldest first with cursors, and refuses types and sources it does not keep', async () => {
    await h.query(WARNINGS, { since: since() });
    const start = since();
    for (const r of h.adapter.records('warnings').slice(0, 3)) {
      h.adapter.remove('warnings', r.sourceId);
      await h.subgraph.reconciler.reconcile('warnings');
      h.clock.advance(2000);
    }
    const page = (after: string | null) =>
      h.query<WarningsAnswer>(`query($since: DateTime!, $after: String) { removedRecords(since: $since, first: 2, after: $after, types: ["Warning"]) { totalCount edges { cursor node { id type source detectedAt } } pageInfo { hasNextPage } } }`, { since: start, after });
    const first = (await page(null)).data?.removedRecords;
    expect(first?.edges).toHaveLength(2);
    expect(first?.pageInfo.hasNextPage).toBe(true);
    const second = (await page(first?.edges[1].cursor ?? null)).data?.removedRecords;
    expect(second?.edges).toHaveLength(1);
    const times = [...(first?.edges ?? []), ...(second?.edges ?? [])].map((e) => Date.parse(e.node.detectedAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const refused = await h.query(`{ removedRecords(since: "2026-07-01T00:00:00+08:00", sources: ["XX"]) { totalCount } }`);
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'sources.0' });
    // CR's tombstones are the credit subgraph's (the router's CR shard): a province has none of them.
    const credit = await h.query<{ removedRecords: { totalCount: number } }>(`{ removedRecords(since: "2026-07-01T00:00:00+08:00", sources: ["CR"]) { totalCount } }`);
    expect(credit.errors).toBeUndefined();
    expect(credit.data?.removedRecords.totalCount).toBe(0);
  });

  it('a system that is down is never taken for one that deleted everything: the copy stays, marked stale', async () => {
    const before = await h.query<WarningsAnswer>(WARNINGS, { since: since() });
    const waybills = await h.query<{ waybills: { totalCount: number } }>('{ waybills(first: 1) { totalCount } }');
    h.adapter.failure = 'PROVINCE_UNAVAILABLE';
    expect(await h.subgraph.reconciler.reconcile('warnings')).toBe('failed');
    expect(await h.subgraph.reconciler.reconcile('waybills')).toBe('failed');
    const after = await h.query<WarningsAnswer>(WARNINGS, { since: since() });
    expect(after.data?.warnings.edges.map((e) => e.node.id)).toEqual(before.data?.warnings.edges.map((e) => e.node.id));
    expect(after.data?.warnings.edges.every((e) => e.node.provenance.stale)).toBe(true);
    expect(after.data?.removedRecords.totalCount).toBe(0);
    expect((await h.query<{ waybills: { totalCount: number } }>('{ waybills(first: 1) { totalCount } }')).data?.waybills.totalCount).toBe(waybills.data?.waybills.totalCount);
  });
});
