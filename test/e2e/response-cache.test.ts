import { createHash } from 'node:crypto';
import { CROSS_REGION_QUERY, CROSS_REGION_VARIABLES } from '../../bench/scenarios/fan-out-latency';
import { startFederation, type Federation, type GraphQLAnswer } from '../support/federation';
import { unexpectedErrors } from '../support/oracle';
import { bearer } from '../support/tokens';
import { metricSum } from '../support/metric-sum';

/**
 * The gateway's response cache through the real federation: a repeated query is answered without
 * asking any province for as long as every part of the answer holds, never past the freshness of
 * the copies it was read from, never across callers who may see different fields, and never when a
 * province failed.
 */

async function metric(fed: Federation, name: string, labels: Record<string, string> = {}): Promise<number> {
  return metricSum(await (await fetch(fed.url.replace(/\/graphql$/, '/metrics'))).text(), name, labels);
}

describe('the response cache, over the provinces as they are', () => {
  let fed: Federation;
  beforeAll(async () => {
    // Warnings' copies hold 5 s by default: on a loaded machine the first answer could be read from a
    // copy with under a second left, an answer rightly not kept. A minute leaves no such race.
    fed = await startFederation({ replicaMaxAgeMs: { warnings: 60_000, waybills: 60_000 } });
  }, 60_000);
  afterAll(() => fed.close());

  it('answers the cross-region query again from the cache: the same answer, no shard fetch, no legacy call', async () => {
    const first = await fed.query(CROSS_REGION_QUERY, CROSS_REGION_VARIABLES);
    expect(first.status).toBe(200);
    expect(unexpectedErrors(fed.dataset, first.errors)).toEqual([]);
    const fetches = await metric(fed, 'gateway_shard_fetches_total');
    const hits = await metric(fed, 'gateway_response_cache_lookups_total', { outcome: 'hit' });
    fed.resetLegacyCalls();
    const again = await fed.query(CROSS_REGION_QUERY, CROSS_REGION_VARIABLES);
    expect(again).toEqual(first);
    expect(await metric(fed, 'gateway_shard_fetches_total')).toBe(fetches);
    expect(await metric(fed, 'gateway_response_cache_lookups_total', { outcome: 'hit' })).toBe(hits + 1);
    expect(Object.values(fed.legacyCalls()).every((calls) => Object.keys(calls).length === 0)).toBe(true);
  });

  it('keeps apart callers who may see different fields', async () => {
    const query = '{ hazmatEnterprises(first: 3) { edges { node { creditCode contactPhone } } } }';
    const exchange = await bearer({ role: 'exchange', catalog: ['HAZMAT_DETAIL'] });
    const anonymous = [await fed.query(query), await fed.query(query)];
    const allowed = [await fed.query(query, {}, exchange), await fed.query(query, {}, exchange)];
    expect(anonymous[1]).toEqual(anonymous[0]);
    expect(allowed[1]).toEqual(allowed[0]);
    const phones = (a: GraphQLAnswer) => (a.data as { hazmatEnterprises: { edges: { node: { contactPhone: string | null } }[] } }).hazmatEnterprises.edges.map((e) => e.node.contactPhone);
    expect(phones(anonymous[0]).every((p) => p === null)).toBe(true);
    expect(anonymous[0].errors?.some((e) => e.extensions?.code === 'FORBIDDEN')).toBe(true);
    expect(phones(allowed[0]).every((p) => typeof p === 'string')).toBe(true);
  });

  it('answers a persisted query sent by hash alone from the cache once the gateway has checked that hash; a forged hash teaches it nothing', async () => {
    const post = async (body: object): Promise<GraphQLAnswer> => (await fetch(fed.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json() as Promise<GraphQLAnswer>;
    const byHash = (sha256Hash: string) => ({ extensions: { persistedQuery: { version: 1, sha256Hash } } });
    const lookups = async () => ({
      hit: await metric(fed, 'gateway_response_cache_lookups_total', { outcome: 'hit' }),
      miss: await metric(fed, 'gateway_response_cache_lookups_total', { outcome: 'miss' }),
      bypass: await metric(fed, 'gateway_response_cache_lookups_total', { outcome: 'bypass' }),
    });
    const query = '{ rescueBases(first: 3) { edges { node { id name } } } }';
    const hash = createHash('sha256').update(query).digest('hex');
    const registered = await post({ query, ...byHash(hash) });
    expect(unexpectedErrors(fed.dataset, registered.errors)).toEqual([]);

    const before = await lookups();
    const first = await post(byHash(hash));
    fed.resetLegacyCalls();
    const second = await post(byHash(hash));
    expect(first).toEqual(registered);
    expect(second).toEqual(first);
    expect(await lookups()).toEqual({ ...before, miss: before.miss + 1, hit: before.hit + 1 });
    expect(Object.values(fed.legacyCalls()).every((calls) => Object.keys(calls).length === 0)).toBe(true);

    const forged = 'f'.repeat(64);
    const refused = await post({ query: '{ rescueBases(first: 4) { edges { node { id } } } }', ...byHash(forged) });
    expect(refused.errors?.[0].message).toMatch(/sha does not match/);
    const afterForgery = await lookups();
    const unknown = await post(byHash(forged));
    expect(unknown.errors?.[0].extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(await lookups()).toEqual({ ...afterForgery, bypass: afterForgery.bypass + 1 });
  });

  it('executes afresh when the client asks with Cache-Control: no-cache', async () => {
    const query = '{ rescueBases(first: 2) { edges { node { id } } } }';
    await fed.query(query);
    const misses = await metric(fed, 'gateway_response_cache_lookups_total', { outcome: 'miss' });
    await fed.query(query, {}, { 'cache-control': 'no-cache' });
    expect(await metric(fed, 'gateway_response_cache_lookups_total', { outcome: 'miss' })).toBe(misses + 1);
  });
});

describe('the response cache, as copies age and provinces fail', () => {
  const MAX_AGE_MS = 2500;
  let fed: Federation;
  beforeAll(async () => {
    fed = await startFederation({ replicaMaxAgeMs: { warnings: MAX_AGE_MS } });
  }, 60_000);
  afterAll(() => fed.close());

  it('never serves an answer past the freshness of the copy it was read from', async () => {
    const query = '{ warnings(first: 3, filter: { provinces: [SH] }) { edges { node { id provenance { fetchedAt } } } } }';
    const seen = new Map<string, { first: number; last: number }>();
    const until = Date.now() + 2.5 * MAX_AGE_MS;
    while (Date.now() < until) {
      // A copy is first seen when its answer arrives and last served no earlier than its request left.
      const sentAt = Date.now();
      const answer = await fed.query<{ warnings: { edges: { node: { provenance: { fetchedAt: string } } }[] } }>(query);
      const fetchedAt = answer.data?.warnings.edges[0].node.provenance.fetchedAt as string;
      const span = seen.get(fetchedAt) ?? { first: Date.now(), last: sentAt };
      seen.set(fetchedAt, { ...span, last: sentAt });
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(seen.size).toBeGreaterThanOrEqual(2);
    for (const { first, last } of seen.values()) expect(last - first).toBeLessThanOrEqual(MAX_AGE_MS);
    expect(await metric(fed, 'gateway_response_cache_lookups_total', { outcome: 'hit' })).toBeGreaterThan(0);
  }, 30_000);

  it('does not keep an answer in which a province failed, nor one served from a stale copy', async () => {
    const query = '{ warnings(first: 3, filter: { provinces: [ZJ] }) { edges { node { id } } } }';
    await fed.query(query);
    fed.sims.ZJ.faults.set({ down: true });
    try {
      await new Promise((r) => setTimeout(r, MAX_AGE_MS + 100));
      const misses = await metric(fed, 'gateway_response_cache_lookups_total', { outcome: 'miss' });
      const stale = [await fed.query(query), await fed.query(query)];
      for (const answer of stale) expect(answer.errors?.some((e) => e.extensions?.code === 'PROVINCE_UNAVAILABLE' && e.extensions?.stale === true)).toBe(true);
      const unseen = '{ waybills(first: 1, filter: { provinces: [ZJ] }) { totalCount } }';
      const failed = [await fed.query(unseen), await fed.query(unseen)];
      for (const answer of failed) expect(answer.errors?.some((e) => e.extensions?.code === 'PROVINCE_UNAVAILABLE')).toBe(true);
      expect(await metric(fed, 'gateway_response_cache_lookups_total', { outcome: 'miss' })).toBe(misses + 4);
    } finally {
      fed.sims.ZJ.faults.reset();
    }
  }, 30_000);
});
