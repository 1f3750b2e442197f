import { DEFAULT_RECONCILE } from '../../subgraphs/province/reconcile-config';
import { useProvinceStack } from '../resilience/province-stack';
import { keptRecord } from '../support/oracle';

/**
 * Issue 27: Zhejiang's cursors report no total, so between two full pulls a reconciliation has
 * nothing to compare. It asks the system nothing then (a full pull on every interval walked every
 * record: 3.4 s of CPU in a quiet minute at the scale 1,000); the collection is pulled in full when
 * its full pull is due, and that pull removes what the system deleted. Real HTTP to the simulator.
 */

const env = useProvinceStack();
const WAYBILLS = '{ waybills(first: 500) { edges { node { id } } } }';

const calls = (): Record<string, number> => env.stack.sims.ZJ.calls.snapshot();

it('a reconciliation of a Zhejiang collection larger than a page asks nothing until its full pull is due, which then removes what the system deleted', async () => {
  const zj = await env.stack.start('ZJ');
  try {
    const listed = async (): Promise<string[]> => ((await zj.query<{ waybills: { edges: { node: { id: string } }[] } }>(WAYBILLS)).data?.waybills.edges ?? []).map((e) => e.node.id);
    const gone = keptRecord(env.stack.dataset, 'ZJ', 'waybills', 4);
    expect(await listed()).toContain(gone.id);
    expect(zj.subgraph.data.replicas.waybills.membership()).toBeGreaterThan(zj.subgraph.data.adapter.listPageSize);

    env.stack.sims.ZJ.calls.reset();
    expect(await zj.subgraph.reconciler.reconcile('waybills')).toBe('uncounted');
    expect(calls()).toEqual({});

    const res = await fetch(`${env.stack.sims.ZJ.url}/__sim/delete`, { method: 'POST', body: JSON.stringify({ collection: 'waybills', sourceId: gone.sourceId }) });
    expect(res.status).toBe(200);
    env.stack.clock.advance(DEFAULT_RECONCILE.uncountedFullPullEveryMs - 60_000);
    expect(await zj.subgraph.reconciler.reconcile('waybills')).toBe('uncounted');
    expect(calls()).toEqual({});

    env.stack.clock.advance(60_000);
    expect(await zj.subgraph.reconciler.reconcile('waybills')).toBe('pulled');
    expect(calls()['GET /zlj/open/whp/yd/list']).toBeGreaterThan(1);
    expect(await listed()).not.toContain(gone.id);
  } finally {
    await zj.close();
  }
}, 60_000);
