import type { Collection } from '../../adapters/kit/province-adapter';
import { PROVINCE_CODES } from '../../schema/model';
import { DEFAULT_RECONCILE } from '../../subgraphs/province/reconcile-config';
import { useProvinceStack, type ProvinceInstance } from '../resilience/province-stack';
import { keptRecord } from '../support/oracle';

/**
 * Issue 26, for each province and collection, over each province's real adapter and simulated
 * system: a keyed read that the system answers "not found" removes the record from every answer
 * at once, with the keyed call alone; a system that is down is never taken for one that deleted
 * everything, its copy served as it was, marked stale.
 */

const COLLECTIONS: readonly Collection[] = ['warnings', 'enterprises', 'waybills', 'bases'];
const CONNECTION: Record<Collection, string> = { warnings: 'warnings', enterprises: 'hazmatEnterprises', waybills: 'waybills', bases: 'rescueBases' };
const TYPE: Record<Collection, string> = { warnings: 'Warning', enterprises: 'HazmatEnterprise', waybills: 'Waybill', bases: 'RescueBase' };

const env = useProvinceStack();

type Seen = { ids: string[]; stale: boolean[]; node: string | null; removed: { id: string; type: string; source: string }[] };

async function seen(instance: ProvinceInstance, collection: Collection, id: string, since: string): Promise<Seen> {
  const answer = await instance.query<{
    list: { edges: { node: { id: string; provenance: { stale: boolean } } }[] };
    node: { id: string } | null;
    removedRecords: { edges: { node: { id: string; type: string; source: string } }[] };
  }>(
    `query($id: ID!, $since: DateTime!) {
      list: ${CONNECTION[collection]}(first: 500) { edges { node { id provenance { stale } } } }
      node(id: $id) { id }
      removedRecords(since: $since) { edges { node { id type source } } }
    }`,
    { id, since },
  );
  expect(answer.data).toBeTruthy();
  const edges = answer.data?.list.edges ?? [];
  return {
    ids: edges.map((e) => e.node.id),
    stale: edges.map((e) => e.node.provenance.stale),
    node: answer.data?.node?.id ?? null,
    removed: (answer.data?.removedRecords.edges ?? []).map((e) => e.node),
  };
}

describe.each(PROVINCE_CODES)('%s', (province) => {
  afterEach(() => env.stack.sims[province].faults.reset());

  it.each(COLLECTIONS)('%s: a keyed read the system answers "not found" removes the record from every answer at once, with one keyed call and no list call', async (collection) => {
    const instance = await env.stack.start(province);
    try {
      const gone = keptRecord(env.stack.dataset, province, collection, 6);
      const since = new Date(env.stack.clock.now().getTime() - 1000).toISOString();
      expect(await seen(instance, collection, gone.id, since)).toMatchObject({ node: gone.id, removed: [] });
      const res = await fetch(`${env.stack.sims[province].url}/__sim/delete`, { method: 'POST', body: JSON.stringify({ collection, sourceId: gone.sourceId }) });
      expect(res.status).toBe(200);
      env.stack.sims[province].calls.reset();
      await instance.subgraph.data.reads.get(collection, [gone.sourceId]);
      const calls = env.stack.sims[province].calls.snapshot();
      // One keyed call (Zhejiang's keyed batch read is POST …/list/batch), none of the list endpoints pulls use.
      expect(Object.values(calls)).toEqual([1]);
      expect(Object.keys(calls)[0]).not.toMatch(/\/list$/);
      env.stack.sims[province].calls.reset();
      const after = await seen(instance, collection, gone.id, since);
      expect(after.ids).not.toContain(gone.id);
      expect(after.node).toBeNull();
      expect(after.removed).toEqual([{ id: gone.id, type: TYPE[collection], source: province }]);
      expect(env.stack.sims[province].calls.total()).toBe(0);
    } finally {
      await instance.close();
    }
  }, 60_000);

  it.each(COLLECTIONS)('%s: a system that is down is never taken for one that deleted everything: the copy stays, marked stale', async (collection) => {
    const instance = await env.stack.start(province);
    try {
      const any = keptRecord(env.stack.dataset, province, collection, 0);
      const since = new Date(env.stack.clock.now().getTime() - 1000).toISOString();
      const before = await seen(instance, collection, any.id, since);
      expect(before.ids.length).toBeGreaterThan(0);
      env.stack.sims[province].faults.set({ down: true });
      const membership = instance.subgraph.data.replicas[collection].membership() ?? 0;
      if (province === 'ZJ' && membership > instance.subgraph.data.adapter.listPageSize) {
        // Zhejiang reports no total: until its full pull is due a reconciliation asks nothing, so it cannot fail.
        expect(await instance.subgraph.reconciler.reconcile(collection)).toBe('uncounted');
        env.stack.clock.advance(DEFAULT_RECONCILE.uncountedFullPullEveryMs);
      }
      expect(await instance.subgraph.reconciler.reconcile(collection)).toBe('failed');
      const after = await seen(instance, collection, any.id, since);
      expect(after.ids).toEqual(before.ids);
      expect(after.stale.every(Boolean)).toBe(true);
      expect(after.node).toBe(any.id);
      expect(after.removed).toEqual([]);
    } finally {
      await instance.close();
    }
  }, 60_000);
});
