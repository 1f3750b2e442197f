import { ancestors, division } from '../../schema/geography';
import { compareKeys, waybillKey } from '../../schema/orders';
import { activeWarningIds } from '../../simulators/dataset';
import { startFederation, type Federation, type GraphQLAnswer } from '../support/federation';
import { unexpectedErrors } from '../support/oracle';

/** The contract's cross-region examples through the real gateway, against the oracle. */

let fed: Federation;
beforeAll(async () => {
  fed = await startFederation();
}, 60_000);
afterAll(async () => {
  await fed?.close();
});

/** The data, after checking that the only errors are reports of records the systems really hold broken. */
function ok<T>(answer: GraphQLAnswer<T>): T {
  const unexpected = unexpectedErrors(fed.dataset, answer.errors);
  if (unexpected.length) throw new Error(JSON.stringify(unexpected));
  return answer.data as T;
}

describe('cross-region queries through the gateway', () => {
  it('a Jiangsu waybill whose destination enterprise lives in Shanghai\'s system', async () => {
    const ds = fed.dataset;
    const byCode = new Map(ds.enterprises.map((e) => [e.creditCode, e]));
    const waybill = ds.waybills.find((w) => w.province === 'JS' && w.destination.creditCode && byCode.get(w.destination.creditCode)?.province === 'SH');
    if (!waybill) throw new Error('the data set has no JS waybill to a Shanghai enterprise');
    const target = byCode.get(waybill.destination.creditCode as string)!;
    const data = ok(await fed.query<{ waybill: { id: string; province: string; destination: { creditCode: string; enterprise: { id: string; province: string; name: string } | null }; vehicle: { plate: string; registeredProvince: string | null } } }>(
      `query($id: ID!) { waybill(id: $id) { id province destination { creditCode enterprise { id province name } } vehicle { plate registeredProvince } } }`,
      { id: waybill.id },
    ));
    expect(data.waybill.province).toBe('JS');
    expect(data.waybill.destination.enterprise).toEqual({ id: target.id, province: 'SH', name: target.name });
    expect(data.waybill.vehicle.plate).toBe(waybill.plate);
  });

  it('a vehicle whose track is stitched from every province it crossed, ordered by time', async () => {
    const ds = fed.dataset;
    const provincesOf = new Map<string, Set<string>>();
    for (const p of ds.trackPoints) provincesOf.set(p.plate, (provincesOf.get(p.plate) ?? new Set()).add(p.province));
    const plate = [...provincesOf.entries()].find(([, s]) => s.size >= 3)?.[0];
    if (!plate) throw new Error('no vehicle crossed three provinces');
    const from = new Date(ds.options.now.getTime() - 40 * 86_400_000).toISOString();
    const to = ds.options.now.toISOString();
    const data = ok(await fed.query<{ vehicle: { plate: string; registeredProvince: string | null; track: { at: string; province: string; location: { lng: number; lat: number } }[]; waybills: { id: string }[] } }>(
      `query($plate: ID!, $from: DateTime!, $to: DateTime!) { vehicle(plate: $plate) { plate registeredProvince track(from: $from, to: $to) { at province location { lng lat } } waybills { id } } }`,
      { plate, from, to },
      { authorization: `Bearer ${await fed.token({ role: 'exchange', catalog: ['VEHICLE_TRACK'] })}` },
    ));
    const expectedTrack = ds.trackPoints.filter((p) => p.plate === plate && Date.parse(p.at) >= Date.parse(from) && Date.parse(p.at) <= Date.parse(to));
    expect(data.vehicle.track.map((p) => [Date.parse(p.at), p.province])).toEqual(expectedTrack.map((p) => [Date.parse(p.at), p.province]));
    data.vehicle.track.forEach((p, i) => {
      expect(Math.abs(p.location.lng - expectedTrack[i].location.lng)).toBeLessThan(2e-5);
      expect(Math.abs(p.location.lat - expectedTrack[i].location.lat)).toBeLessThan(2e-5);
    });
    expect(new Set(data.vehicle.track.map((p) => p.province)).size).toBeGreaterThanOrEqual(3);
    const expectedWaybills = ds.waybills.filter((w) => w.plate === plate).sort((a, b) => compareKeys('waybills', waybillKey(a), waybillKey(b)));
    expect(data.vehicle.waybills.map((w) => w.id)).toEqual(expectedWaybills.map((w) => w.id));
    expect(data.vehicle.registeredProvince).toBe('SH');
  });

  it('divisionsAt(point) { activeWarnings } joins the region and the provinces', async () => {
    const ds = fed.dataset;
    const active = activeWarningIds(ds.warnings, ds.options.now);
    const warning = ds.warnings.find((w) => active.has(w.id) && w.areaCodes.some((a) => division(a)?.level === 'COUNTY' && division(a)?.centre));
    if (!warning) throw new Error('no active warning names a county');
    const county = warning.areaCodes.find((a) => division(a)?.level === 'COUNTY' && division(a)?.centre) as string;
    const point = division(county)!.centre!;
    const data = ok(await fed.query<{ divisionsAt: { adcode: string; level: string; activeWarnings: { id: string }[] }[] }>(
      `query($p: GeoPointInput!) { divisionsAt(point: $p) { adcode level activeWarnings { id } } }`,
      { p: point },
    ));
    const innermost = data.divisionsAt[0];
    expect(innermost.level).toBe('COUNTY');
    for (const d of data.divisionsAt) {
      const covering = new Set([d.adcode, ...ancestors(d.adcode)]);
      const expected = ds.warnings.filter((w) => active.has(w.id) && w.areaCodes.some((a) => covering.has(a))).map((w) => w.id).sort();
      expect(d.activeWarnings.map((w) => w.id).sort()).toEqual(expected);
    }
    expect(data.divisionsAt.find((d) => d.adcode === county)?.activeWarnings.map((w) => w.id)).toContain(warning.id);
  });

  it('the demo zone\'s three counties across three provinces in one query', async () => {
    const ds = fed.dataset;
    const data = ok(await fed.query<{ zones: { code: string; divisions: { adcode: string; province: string; rescueBases: { id: string }[]; hazmatEnterprises: { id: string }[] }[] }[] }>(
      `{ zones { code divisions { adcode province rescueBases { id } hazmatEnterprises { id } } } }`,
    ));
    const zone = data.zones.find((z) => z.code === 'DEMO_ZONE');
    expect(zone?.divisions.map((d) => d.adcode).sort()).toEqual(['310118', '320509', '330421']);
    for (const d of zone!.divisions) {
      expect(d.rescueBases.map((b) => b.id).sort()).toEqual(ds.bases.filter((b) => b.divisionCode === d.adcode).map((b) => b.id).sort());
      expect(d.hazmatEnterprises.map((e) => e.id).sort()).toEqual(ds.enterprises.filter((e) => e.divisionCode === d.adcode).map((e) => e.id).sort());
    }
    expect(new Set(zone!.divisions.map((d) => d.province))).toEqual(new Set(['SH', 'JS', 'ZJ']));
  });

  it('node(id) answers every Node type of every province', async () => {
    const ds = fed.dataset;
    const ids = (['SH', 'JS', 'ZJ', 'AH'] as const).flatMap((p) => [
      ds.warnings.find((w) => w.province === p)!.id,
      ds.enterprises.find((e) => e.province === p)!.id,
      ds.waybills.find((w) => w.province === p)!.id,
      ds.bases.find((b) => b.province === p)!.id,
    ]);
    for (const id of ids) {
      const data = ok(await fed.query<{ node: { __typename: string; id: string } | null }>(`query($id: ID!) { node(id: $id) { __typename id } }`, { id }));
      expect(data.node).toEqual({ __typename: id.split(':')[1], id });
    }
  });

  it('keys outside the region answer null with OUTSIDE_REGION and call no one, once the index of credit-code holdings is known', async () => {
    await fed.query(`{ hazmatEnterprise(creditCode: ${JSON.stringify(fed.dataset.enterprises[0].creditCode)}) { id } }`);
    fed.resetLegacyCalls();
    const answer = await fed.query<{ hazmatEnterprise: unknown; warning: unknown }>(
      `{ hazmatEnterprise(creditCode: "91110000100000000R") { id } warning(id: "BJ:Warning:1") { id } }`,
    );
    expect(answer.data).toEqual({ hazmatEnterprise: null, warning: null });
    expect(answer.errors?.map((e) => e.extensions?.code)).toContain('OUTSIDE_REGION');
    const calls = fed.legacyCalls();
    expect(Object.values(calls).every((c) => Object.keys(c).length === 0)).toBe(true);
  });
});
