import { toBeijingIso } from '../../../../adapters/kit/beijing-time';
import { DEFAULT_HISTORY_WINDOW_MS } from '../../../../subgraphs/province/copy/history-window';
import { DATASET_NOW } from '../../../fixtures/dataset-adapter';
import { startHarness, type Harness } from '../harness';

/**
 * Issue 27: waybills that arrived (or were cancelled) and departed longer ago than the history
 * window leave the copy, at the window's boundary, and are still served by id
 * through a keyed read of the system.
 */

const DAY = 24 * 3600_000;
const LIST = '{ waybills(first: 500) { totalCount edges { node { id } } } }';
const ONE = 'query($id: ID!) { waybill(id: $id) { id status departedAt } }';

describe('the history window of the waybills copy', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness('SH');
  });
  afterEach(() => h.close());

  it('keeps a finished waybill departed exactly one window ago, drops one departed a second earlier (the systems give times to the second) and drops the first once the window has passed it, and serves it by id from the system', async () => {
    const now = DATASET_NOW.getTime();
    const all = h.adapter.records('waybills');
    const arrived = all.filter((w) => w.status === 'ARRIVED');
    const newest = Math.max(...all.map((w) => Date.parse(w.updatedAt)));
    const at = (ms: number) => toBeijingIso(new Date(ms));
    const edge = { ...arrived[0], departedAt: at(now - DEFAULT_HISTORY_WINDOW_MS), updatedAt: at(newest + 1_000) };
    const past = { ...arrived[1], departedAt: at(now - DEFAULT_HISTORY_WINDOW_MS - 1_000), updatedAt: at(newest + 1_000) };
    const underway = { ...all.find((w) => w.status === 'IN_TRANSIT')!, departedAt: at(now - 60 * DAY), updatedAt: at(newest + 1_000) };
    for (const w of [edge, past, underway]) h.adapter.upsert('waybills', w);

    const listed = async (): Promise<{ ids: Set<string>; total: number }> => {
      const answer = await h.query<{ waybills: { totalCount: number; edges: { node: { id: string } }[] } }>(LIST);
      return { ids: new Set(answer.data?.waybills.edges.map((e) => e.node.id)), total: answer.data?.waybills.totalCount ?? -1 };
    };
    const first = await listed();
    expect(first.ids.has(edge.id)).toBe(true);
    expect(first.ids.has(past.id)).toBe(false);
    expect(first.ids.has(underway.id)).toBe(true);
    expect(first.total).toBe(all.length - 1);
    expect(h.subgraph.data.replicas.waybills.membership()).toBe(all.length + h.adapter.dataset.bad.filter((b) => b.province === 'SH' && b.collection === 'waybills').length);

    h.adapter.resetCalls();
    const byId = await h.query<{ waybill: { id: string; status: string; departedAt: string } }>(ONE, { id: past.id });
    expect(byId.data?.waybill).toEqual({ id: past.id, status: 'ARRIVED', departedAt: expect.any(String) });
    expect(Date.parse(byId.data?.waybill.departedAt as string)).toBe(now - DEFAULT_HISTORY_WINDOW_MS - 1_000);
    expect(h.adapter.calls).toEqual({ 'get waybills': 1 });

    h.clock.advance(10_000);
    const later = await listed();
    expect(later.ids.has(edge.id)).toBe(false);
    expect(later.ids.has(underway.id)).toBe(true);
    expect(later.total).toBe(all.length - 1 - all.filter((w) => w.id !== edge.id && w.id !== past.id && ['ARRIVED', 'CANCELLED'].includes(w.status) && Date.parse(w.departedAt ?? w.updatedAt) < now + 10_000 - DEFAULT_HISTORY_WINDOW_MS).length - 1);
    const edgeById = await h.query<{ waybill: { id: string } }>(ONE, { id: edge.id });
    expect(edgeById.data?.waybill.id).toBe(edge.id);
  });
});
