import { isWithin } from '../../schema/geography';
import { PROVINCE_CODES, type ProvinceCode, type WarningRecord, type WaybillRecord } from '../../schema/model';
import { federationForFile, idsOf } from '../support/file-federation';
import { expectedBases, expectedEnterprises, expectedWarnings, expectedWaybills } from '../support/oracle';

/**
 * The zones of contract v1.1 through the real gateway: Query.zones from the region subgraph, the
 * `zone` filter of every connection against the oracle, the shard router asking only the zone's
 * provinces where a connection's records lie in the province that holds them, and an unknown zone
 * refused before any province is asked.
 */

/** The contract's zones section, written out as the oracle. */
const ZONES: Record<string, string[]> = {
  DEMO_ZONE: ['310118', '320509', '330421'],
  TAIHU_SHORE: ['320505', '320506', '320507', '320509', '320211', '320282', '320412', '330502', '330522'],
  NINGMA: ['320115', '320117', '320118', '340504', '340506', '340521'],
  CHANGXING_GUANGDE: ['330522', '341822'],
  JINSHAN_PINGHU: ['310116', '330482'],
};
const PREFIX: Record<string, ProvinceCode> = { '31': 'SH', '32': 'JS', '33': 'ZJ', '34': 'AH' };
const provincesOf = (zone: string): ProvinceCode[] => PROVINCE_CODES.filter((p) => ZONES[zone].some((a) => PREFIX[a.slice(0, 2)] === p));

const inZone = (zone: string, adcode: string | null): boolean => adcode !== null && ZONES[zone].some((z) => isWithin(adcode, z));
/** A warning concerns the zone when an area is a zone division, inside one, or contains one (a city-wide warning). */
const warningInZone = (zone: string, w: WarningRecord): boolean => w.areaCodes.some((a) => inZone(zone, a) || ZONES[zone].some((z) => isWithin(z, a)));
const waybillInZone = (zone: string, w: WaybillRecord): boolean => inZone(zone, w.origin.divisionCode) || inZone(zone, w.destination.divisionCode);

const fed = federationForFile();
const ids = (field: string, type: string, filter: unknown, first?: number): Promise<string[]> => idsOf(fed, field, type, filter, first);

async function shardFetches(): Promise<Record<ProvinceCode, number>> {
  const text = (await fed.gateway.metrics.render()).body;
  const counts = { SH: 0, JS: 0, ZJ: 0, AH: 0 };
  for (const m of text.matchAll(/^gateway_shard_fetches_total\{[^}]*province="(SH|JS|ZJ|AH)"[^}]*\} (\d+)/gm)) counts[m[1] as ProvinceCode] += Number(m[2]);
  return counts;
}

describe('Query.zones through the gateway', () => {
  it('serves DEMO_ZONE and the four zones of contract v1.1 with their divisions', async () => {
    const answer = await fed.query<{ zones: { code: string; divisions: { adcode: string }[] }[] }>('{ zones { code name divisions { adcode } } }');
    expect(answer.errors).toBeUndefined();
    expect(Object.fromEntries(answer.data!.zones.map((z) => [z.code, z.divisions.map((d) => d.adcode)]))).toEqual(ZONES);
  });
});

describe.each(Object.keys(ZONES))('the zone filter with %s, against the oracle', (zone) => {
  it('warnings', async () => {
    expect(await ids('warnings', 'WarningFilter', { zone })).toEqual(expectedWarnings(fed.dataset).filter((w) => warningInZone(zone, w)).map((w) => w.id));
  });
  it('hazmatEnterprises', async () => {
    expect(await ids('hazmatEnterprises', 'EnterpriseFilter', { zone })).toEqual(expectedEnterprises(fed.dataset).filter((e) => inZone(zone, e.divisionCode)).map((e) => e.id));
  });
  it('waybills: origin or destination in the zone, whichever province issued them', async () => {
    expect(await ids('waybills', 'WaybillFilter', { zone })).toEqual(expectedWaybills(fed.dataset).filter((w) => waybillInZone(zone, w)).map((w) => w.id));
  });
  it('rescueBases', async () => {
    expect(await ids('rescueBases', 'RescueBaseFilter', { zone }, 3)).toEqual(expectedBases(fed.dataset).filter((b) => inZone(zone, b.divisionCode)).map((b) => b.id));
  });
});

describe('zone filters with the others', () => {
  it('finds records in every zone, and waybills into a zone issued by a province outside it', () => {
    for (const zone of Object.keys(ZONES)) {
      const found = fed.dataset.warnings.filter((w) => warningInZone(zone, w)).length + fed.dataset.bases.filter((b) => inZone(zone, b.divisionCode)).length;
      expect(found).toBeGreaterThan(0);
    }
    const issuedOutside = Object.keys(ZONES).flatMap((zone) => fed.dataset.waybills.filter((w) => waybillInZone(zone, w) && !provincesOf(zone).includes(w.province)));
    expect(issuedOutside.length).toBeGreaterThan(0);
  });

  it('zone with provinces: the intersection', async () => {
    const filter = { zone: 'TAIHU_SHORE', provinces: ['ZJ', 'SH'] };
    expect(await ids('warnings', 'WarningFilter', filter)).toEqual(expectedWarnings(fed.dataset, ['ZJ', 'SH']).filter((w) => warningInZone('TAIHU_SHORE', w)).map((w) => w.id));
    expect(await ids('rescueBases', 'RescueBaseFilter', { zone: 'NINGMA', provinces: ['SH'] })).toEqual([]);
  });

  it('zone with forceTypes and with events', async () => {
    expect(await ids('rescueBases', 'RescueBaseFilter', { zone: 'JINSHAN_PINGHU', forceTypes: ['PROFESSIONAL', 'SOCIAL'] })).toEqual(
      expectedBases(fed.dataset).filter((b) => inZone('JINSHAN_PINGHU', b.divisionCode) && b.teams.some((t) => t.forceType === 'PROFESSIONAL' || t.forceType === 'SOCIAL')).map((b) => b.id),
    );
    expect(await ids('warnings', 'WarningFilter', { zone: 'CHANGXING_GUANGDE', minLevel: 'YELLOW' })).toEqual(
      expectedWarnings(fed.dataset).filter((w) => warningInZone('CHANGXING_GUANGDE', w) && w.level !== 'BLUE').map((w) => w.id),
    );
  });
});

describe('routing by the zone', () => {
  it.each([
    ['warnings', 'WarningFilter', 'NINGMA'],
    ['hazmatEnterprises', 'EnterpriseFilter', 'JINSHAN_PINGHU'],
    ['rescueBases', 'RescueBaseFilter', 'CHANGXING_GUANGDE'],
  ])('%s with a zone ask only the zone’s provinces', async (field, type, zone) => {
    const before = await shardFetches();
    await fed.query(`query($f: ${type}) { ${field}(filter: $f, first: 3) { totalCount } }`, { f: { zone, updatedSince: '2000-01-01T00:00:00+08:00' } });
    const after = await shardFetches();
    const asked = PROVINCE_CODES.filter((p) => after[p] > before[p]);
    expect(asked).toEqual(provincesOf(zone));
  });

  it('waybills with a zone scatter to every province (a trip into the zone may be issued anywhere)', async () => {
    const before = await shardFetches();
    await fed.query(`query($f: WaybillFilter) { waybills(filter: $f, first: 3) { totalCount } }`, { f: { zone: 'JINSHAN_PINGHU', statuses: ['ARRIVED'] } });
    const after = await shardFetches();
    expect(PROVINCE_CODES.filter((p) => after[p] > before[p])).toEqual([...PROVINCE_CODES]);
  });
});

describe('an unknown zone', () => {
  it.each([
    ['warnings', 'WarningFilter'],
    ['hazmatEnterprises', 'EnterpriseFilter'],
    ['waybills', 'WaybillFilter'],
    ['rescueBases', 'RescueBaseFilter'],
  ])('%s: BAD_USER_INPUT naming the argument and the zones there are, and no province asked', async (field, type) => {
    const before = await shardFetches();
    const answer = await fed.query(`query($f: ${type}) { ${field}(filter: $f) { totalCount } }`, { f: { zone: 'TAIHU' } });
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'filter.zone' });
    expect(answer.errors?.[0]?.message).toMatch(/unknown zone "TAIHU".*DEMO_ZONE, TAIHU_SHORE, NINGMA, CHANGXING_GUANGDE, JINSHAN_PINGHU/);
    expect(await shardFetches()).toEqual(before);
  });

  it('is refused by a province subgraph asked directly, too', async () => {
    const res = await fetch(fed.provinceUrls.JS, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ rescueBases(filter: { zone: "NOWHERE" }) { totalCount } }' }),
    });
    const answer = (await res.json()) as { errors?: { message: string; extensions?: Record<string, unknown> }[] };
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'filter.zone' });
  });
});
