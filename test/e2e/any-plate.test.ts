import { PROVINCE_CODES, type ProvinceCode } from '../../schema/model';
import { startFederation, type Federation } from '../support/federation';
import { expectedWaybills } from '../support/oracle';
import { pullAll } from '../support/paging';
import { EVERY_ENTRY } from '../support/tokens';

/**
 * WaybillFilter.anyPlate (contract v1.1): the waybills whose tractor or trailer has the plate,
 * through the real gateway against the oracle; scattered to the provinces of `filter.provinces`
 * (all by default) exactly as the `plate` filter is, since a plate does not say which province's
 * carrier issued the waybill.
 */

let fed: Federation;
beforeAll(async () => {
  fed = await startFederation({ caller: EVERY_ENTRY });
}, 60_000);
afterAll(async () => {
  await fed?.close();
});

async function ids(filter: Record<string, unknown>): Promise<string[]> {
  const { nodes } = await pullAll<{ id: string }>(fed, 'waybills', 'id', { first: 3, filter, argTypes: 'WaybillFilter' });
  return nodes.map((n) => n.id);
}

const withPlate = (plate: string, provinces?: readonly ProvinceCode[]): string[] =>
  expectedWaybills(fed.dataset, provinces).filter((w) => w.plate === plate || w.trailerPlate === plate).map((w) => w.id);

/** A trailer several waybills share, and a tractor that also hauls one, from the oracle. */
function plates(): { trailer: string; tractor: string } {
  const count = new Map<string, number>();
  for (const w of fed.dataset.waybills) if (w.trailerPlate) count.set(w.trailerPlate, (count.get(w.trailerPlate) ?? 0) + 1);
  const trailer = [...count.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0];
  const tractor = fed.dataset.waybills.find((w) => w.trailerPlate === trailer)?.plate as string;
  return { trailer, tractor };
}

/** Shard fetches per province so far, from the gateway's /metrics. */
async function shardFetches(): Promise<Record<ProvinceCode, number>> {
  const text = (await fed.gateway.metrics.render()).body;
  const counts = { SH: 0, JS: 0, ZJ: 0, AH: 0 };
  for (const m of text.matchAll(/^gateway_shard_fetches_total\{([^}]*)\} (\d+)/gm)) {
    const province = /province="([A-Z]{2})"/.exec(m[1])?.[1] as ProvinceCode | undefined;
    if (province && province in counts) counts[province] += Number(m[2]);
  }
  return counts;
}

async function provincesAsked(filter: Record<string, unknown>): Promise<ProvinceCode[]> {
  const before = await shardFetches();
  await fed.query('query($f: WaybillFilter) { waybills(first: 5, filter: $f) { totalCount } }', { f: filter });
  const after = await shardFetches();
  return PROVINCE_CODES.filter((p) => after[p] > before[p]);
}

describe('WaybillFilter.anyPlate', () => {
  it('a trailer plate: every waybill hauling it, across pages, as the oracle says', async () => {
    const { trailer } = plates();
    const expected = withPlate(trailer);
    expect(expected.length).toBeGreaterThan(1);
    expect(await ids({ anyPlate: trailer })).toEqual(expected);
  });

  it('a tractor plate: its waybills, those with a trailer included; the plate filter finds the same', async () => {
    const { tractor } = plates();
    const expected = withPlate(tractor);
    expect(expected.length).toBeGreaterThan(0);
    expect(await ids({ anyPlate: tractor })).toEqual(expected);
    expect(await ids({ plate: tractor })).toEqual(expected);
  });

  it('normalises the argument like plates: the middle dot, spaces and lower case', async () => {
    const { trailer } = plates();
    const written = ` ${trailer.slice(0, 2).toLowerCase()}·${trailer.slice(2)} `;
    expect(await ids({ anyPlate: written })).toEqual(withPlate(trailer));
  });

  it('with provinces: only those provinces’ waybills; a plate nobody holds: none', async () => {
    const { trailer } = plates();
    const home = fed.dataset.waybills.find((w) => w.trailerPlate === trailer)?.province as ProvinceCode;
    const others = PROVINCE_CODES.filter((p) => p !== home);
    expect(await ids({ anyPlate: trailer, provinces: [home] })).toEqual(withPlate(trailer, [home]));
    expect(await ids({ anyPlate: trailer, provinces: others })).toEqual([]);
    expect(await ids({ anyPlate: '沪Z9999挂' })).toEqual([]);
  });

  it('is scattered to every province of filter.provinces, exactly as the plate filter is', async () => {
    const { trailer, tractor } = plates();
    expect(await provincesAsked({ anyPlate: trailer })).toEqual([...PROVINCE_CODES]);
    expect(await provincesAsked({ plate: tractor })).toEqual([...PROVINCE_CODES]);
    expect(await provincesAsked({ anyPlate: trailer, provinces: ['ZJ'] })).toEqual(['ZJ']);
    expect(await provincesAsked({ plate: tractor, provinces: ['ZJ'] })).toEqual(['ZJ']);
    expect(await provincesAsked({ anyPlate: tractor, provinces: ['SH', 'AH'] })).toEqual(['SH', 'AH']);
  });
});
