import { randomUUID } from 'node:crypto';
import type { Collection } from '../../adapters/kit/province-adapter';
import type { ProvinceCode } from '../../schema/model';
import { DEFAULT_RECONCILE } from '../../subgraphs/province/reconcile-config';
import { useProvinceStack, type ProvinceInstance } from '../resilience/province-stack';
import { keptRecord } from '../support/oracle';

/**
 * Issue 26: the tombstones live in Redis beside the copies. A removal that one replica of a
 * province subgraph detects is answered alike by removedRecords on every replica and after a
 * restart of all of them, and the other replicas drop the record at their next sync (even an
 * incremental one, which never sees a removal), without moving the time it was first seen removed. One collection per province, so that every
 * province and every collection is covered.
 */

const CASES: [ProvinceCode, Collection][] = [
  ['SH', 'warnings'],
  ['JS', 'enterprises'],
  ['ZJ', 'waybills'],
  ['AH', 'bases'],
];
const CONNECTION: Record<Collection, string> = { warnings: 'warnings', enterprises: 'hazmatEnterprises', waybills: 'waybills', bases: 'rescueBases' };
const LONGEST_MAX_AGE_MS = 60_000;

const REMOVED = `query($since: DateTime!) { removedRecords(since: $since) { totalCount edges { cursor node { id type source detectedAt } } } }`;
type Removed = { removedRecords: { totalCount: number; edges: { cursor: string; node: { id: string; type: string; source: string; detectedAt: string } }[] } };

const env = useProvinceStack('redis');

async function listed(instance: ProvinceInstance, collection: Collection): Promise<string[]> {
  const answer = await instance.query<Record<string, { edges: { node: { id: string } }[] }>>(`{ list: ${CONNECTION[collection]}(first: 500) { edges { node { id } } } }`);
  expect(answer.data).toBeTruthy();
  return (answer.data?.list.edges ?? []).map((e) => e.node.id);
}

describe.each(CASES)('%s %s', (province, collection) => {
  it('removed by one replica: every replica and every restarted one answers removedRecords alike, and the others drop the record at their next sync', async () => {
    const keyPrefix = `deletions-${randomUUID()}:`;
    const a = await env.stack.start(province, { redisUrl: env.redis.url, keyPrefix });
    const b = await env.stack.start(province, { redisUrl: env.redis.url, keyPrefix });
    const gone = keptRecord(env.stack.dataset, province, collection, 4);
    expect(await listed(a, collection)).toContain(gone.id);
    expect(await listed(b, collection)).toContain(gone.id);
    const since = new Date(env.stack.clock.now().getTime() - 1000).toISOString();

    const res = await fetch(`${env.stack.sims[province].url}/__sim/delete`, { method: 'POST', body: JSON.stringify({ collection, sourceId: gone.sourceId }) });
    expect(res.status).toBe(200);
    if (province === 'ZJ') {
      // Zhejiang reports no total: its waybills (more than a page) are pulled in full only when the full pull is due.
      expect(await a.subgraph.reconciler.reconcile(collection)).toBe('uncounted');
      env.stack.clock.advance(DEFAULT_RECONCILE.uncountedFullPullEveryMs);
    }
    expect(await a.subgraph.reconciler.reconcile(collection)).toBe('pulled');
    expect(await listed(a, collection)).not.toContain(gone.id);

    const fromA = (await a.query<Removed>(REMOVED, { since })).data;
    expect(fromA?.removedRecords.edges.map((e) => e.node.id)).toEqual([gone.id]);
    expect((await b.query<Removed>(REMOVED, { since })).data).toEqual(fromA);

    env.stack.clock.advance(LONGEST_MAX_AGE_MS + 1000);
    expect(await listed(b, collection)).not.toContain(gone.id);
    expect((await b.query<Removed>(REMOVED, { since })).data).toEqual(fromA);

    await a.close();
    await b.close();
    const restarted = await env.stack.start(province, { redisUrl: env.redis.url, keyPrefix });
    expect((await restarted.query<Removed>(REMOVED, { since })).data).toEqual(fromA);
    expect(await listed(restarted, collection)).not.toContain(gone.id);
    await restarted.close();
  }, 120_000);
});
