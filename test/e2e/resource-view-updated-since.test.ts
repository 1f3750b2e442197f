import type { ProvinceCode, RescueBaseRecord } from '../../schema/model';
import { startFederation, type Federation } from '../support/federation';
import { expectedInvalid, expectedOrganisations } from '../support/oracle';
import { pullAll } from '../support/paging';

/**
 * resourceView(updatedSince) through the real gateway, against the oracle: bases are changed in
 * the simulated systems (one of them a base of an organisation that two provinces hold), and an
 * incremental pull in small pages must return every organisation with a base changed at or after
 * the time, once, each complete with all its bases in every province, with an exact totalCount.
 */

const MINUTE = 60_000;

interface OrgNode { key: string; provinces: string[]; bases: { id: string }[]; totalMembers: number; updatedAt: string }

const keyOf = (b: RescueBaseRecord): string => b.creditCode ?? b.id;

/** A time between two bases' update times, at least two minutes from either (AH reports minutes only). */
function timeBetween(bases: readonly RescueBaseRecord[], newer: number): Date {
  const times = [...new Set(bases.map((b) => Date.parse(b.updatedAt)))].sort((a, b) => b - a);
  for (let i = newer; i < times.length; i++) {
    if (times[i - 1] - times[i] > 4 * MINUTE) return new Date(Math.floor((times[i - 1] + times[i]) / 2 / 1000) * 1000);
  }
  throw new Error('the data set has no gap between update times to place updatedSince in');
}

async function touch(fed: Federation, base: RescueBaseRecord): Promise<string> {
  const res = await fetch(`${fed.sims[base.province].url}/__sim/touch`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ collection: 'bases', sourceId: base.sourceId }),
  });
  if (res.status !== 200) throw new Error(`touch ${base.province} ${base.sourceId}: HTTP ${res.status}`);
  return ((await res.json()) as { record: { updatedAt: string } }).record.updatedAt;
}

describe('resourceView(updatedSince) through the gateway, complete in every province', () => {
  let fed: Federation;
  let since: Date;
  let bases: RescueBaseRecord[];
  let sharedTouched: { key: string; provinces: ProvinceCode[] };

  beforeAll(async () => {
    fed = await startFederation();
    const ds = fed.dataset;
    since = timeBetween(ds.bases, 6);
    const holders = new Map<string, RescueBaseRecord[]>();
    for (const b of ds.bases) holders.set(keyOf(b), [...(holders.get(keyOf(b)) ?? []), b]);
    const unchanged = (group: RescueBaseRecord[]): boolean => group.every((b) => Date.parse(b.updatedAt) < since.getTime() - 2 * MINUTE);
    const shared = [...holders.values()].find((g) => new Set(g.map((b) => b.province)).size > 1 && unchanged(g));
    if (!shared) throw new Error('the data set has no shared organisation unchanged since the chosen time');
    const sharedBase = shared[shared.length - 1];
    const single = [...holders.values()].find((g) => g.length === 1 && g[0].province !== sharedBase.province && unchanged(g));
    if (!single) throw new Error('the data set has no single-base organisation in another province unchanged since the chosen time');
    // The replicas are cold: the gateway has not asked for a base yet, so the first pull sees these changes.
    const touched = new Map<string, string>();
    for (const b of [sharedBase, single[0]]) touched.set(b.id, await touch(fed, b));
    bases = ds.bases.map((b) => (touched.has(b.id) ? { ...b, updatedAt: touched.get(b.id) as string } : b));
    sharedTouched = { key: keyOf(sharedBase), provinces: [...new Set(shared.map((b) => b.province))].sort() };
  });

  afterAll(async () => {
    await fed?.close();
  });

  function expectedChanged() {
    const changedKeys = new Set(bases.filter((b) => Date.parse(b.updatedAt) >= since.getTime()).map(keyOf));
    return expectedOrganisations(fed.dataset, bases).filter((o) => changedKeys.has(o.key));
  }

  for (const first of [2, 5]) {
    it(`pulled to the end in pages of ${first}: every organisation with a change, once, complete, with an exact totalCount`, async () => {
      const expected = expectedChanged();
      expect(expected.length).toBeGreaterThan(first);
      expect(expected.find((o) => o.key === sharedTouched.key)?.provinces).toEqual(sharedTouched.provinces);
      expect(expected.some((o) => o.provinces.length > 1 && o.key !== sharedTouched.key)).toBe(true);

      const { nodes, totals, invalid } = await pullAll<OrgNode>(fed, 'resourceView', 'key provinces bases { id } totalMembers updatedAt', {
        first,
        extra: `, updatedSince: "${since.toISOString()}"`,
      });
      expect(nodes.map((n) => n.key)).toEqual(expected.map((o) => o.key));
      nodes.forEach((n, i) => {
        expect({ key: n.key, provinces: [...n.provinces].sort(), bases: n.bases.map((b) => b.id).sort(), totalMembers: n.totalMembers }).toEqual({
          key: expected[i].key,
          provinces: expected[i].provinces,
          bases: expected[i].baseIds,
          totalMembers: expected[i].totalMembers,
        });
        expect(Date.parse(n.updatedAt)).toBeGreaterThanOrEqual(since.getTime());
      });
      expect(new Set(totals)).toEqual(new Set([expected.length]));
      const bad = expectedInvalid(fed.dataset, 'bases');
      for (const record of invalid) expect(bad.has(record)).toBe(true);
    });
  }

  it('without updatedSince, totalCount counts an organisation held by several provinces once', async () => {
    const expected = expectedOrganisations(fed.dataset, bases);
    const { nodes, totals } = await pullAll<OrgNode>(fed, 'resourceView', 'key', { first: 40 });
    expect(nodes.map((n) => n.key)).toEqual(expected.map((o) => o.key));
    expect(new Set(totals)).toEqual(new Set([expected.length]));
    expect(expected.length).toBeLessThan(fed.dataset.bases.length);
  });
});
