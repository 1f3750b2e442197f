import { haversineKm, isWithin } from '../../../schema/geography';
import { WARNING_LEVELS, type HazmatEnterpriseRecord, type RescueBaseRecord, type WarningRecord, type WaybillRecord } from '../../../schema/model';
import { byDistanceKey, compareKeys, waybillKey, warningKey } from '../../../schema/orders';
import { isActiveAt } from '../../../simulators/dataset';
import { DATASET_NOW, testDataset } from '../../fixtures/dataset-adapter';
import { pullAll, startHarness, type Harness } from './harness';

const dataset = testDataset();
const P = 'SH';
const warnings = dataset.warnings.filter((w) => w.province === P);
const enterprises = dataset.enterprises.filter((e) => e.province === P);
const waybills = dataset.waybills.filter((w) => w.province === P);
const bases = dataset.bases.filter((b) => b.province === P);

const warningOrder = (list: WarningRecord[]): string[] => [...list].sort((a, b) => compareKeys('warnings', warningKey(a), warningKey(b))).map((w) => w.id);
const waybillOrder = (list: WaybillRecord[]): string[] => [...list].sort((a, b) => compareKeys('waybills', waybillKey(a), waybillKey(b))).map((w) => w.id);
const byCreditCode = (list: HazmatEnterpriseRecord[]): string[] => [...list].sort((a, b) => (a.creditCode < b.creditCode ? -1 : 1)).map((e) => e.id);
const byId = (list: RescueBaseRecord[]): string[] => [...list].sort((a, b) => (a.id < b.id ? -1 : 1)).map((b) => b.id);
const referrers = (w: WarningRecord): WarningRecord[] => warnings.filter((o) => o.supersedesId === w.id);

let h: Harness;
beforeAll(async () => {
  h = await startHarness(P);
});
afterAll(() => h.close());

async function ids(field: string, filter: Record<string, unknown>, filterType: string): Promise<string[]> {
  const { nodes } = await pullAll<{ id: string }>(h, field, 'id', { filter }, `$filter: ${filterType}`);
  return nodes.map((n) => n.id);
}

function nonTrivial(expected: string[], all: number): string[] {
  expect(expected.length).toBeGreaterThan(0);
  expect(expected.length).toBeLessThan(all);
  return expected;
}

describe('warnings filters', () => {
  const q = (filter: Record<string, unknown>): Promise<string[]> => ids('warnings', filter, 'WarningFilter');

  it('provinces: another province only answers an empty connection; its own answers everything', async () => {
    expect(await q({ provinces: ['JS', 'ZJ'] })).toEqual([]);
    expect(await q({ provinces: ['SH'] })).toEqual(warningOrder(warnings));
  });

  it('events and minLevel', async () => {
    const events = [warnings[0].event, warnings[1].event];
    expect(await q({ events })).toEqual(nonTrivial(warningOrder(warnings.filter((w) => events.includes(w.event))), warnings.length));
    const orange = WARNING_LEVELS.indexOf('ORANGE');
    expect(await q({ minLevel: 'ORANGE' })).toEqual(nonTrivial(warningOrder(warnings.filter((w) => WARNING_LEVELS.indexOf(w.level) >= orange)), warnings.length));
  });

  it('activeAt: the warnings in force at that time, as the oracle reads it', async () => {
    const earlier = warnings.find((w) => w.messageType === 'ALERT' && referrers(w).length === 0 && Date.parse(w.effectiveAt) < DATASET_NOW.getTime() - 86_400_000);
    const past = new Date(Date.parse(earlier?.effectiveAt ?? '') + 60_000).toISOString();
    for (const at of [DATASET_NOW.toISOString(), past]) {
      const expected = warningOrder(warnings.filter((w) => isActiveAt(w, referrers(w), new Date(at))));
      expect(await q({ activeAt: at })).toEqual(nonTrivial(expected, warnings.length));
    }
  });

  it('adcodes: warnings whose areas include the division or one inside it', async () => {
    const county = warnings[0].areaCodes[0];
    expect(await q({ adcodes: [county] })).toEqual(nonTrivial(warningOrder(warnings.filter((w) => w.areaCodes.some((a) => isWithin(a, county)))), warnings.length));
    expect(await q({ adcodes: ['310000'] })).toEqual(warningOrder(warnings.filter((w) => w.areaCodes.some((a) => isWithin(a, '310000')))));
  });

  it('near: warnings with an area that contains the point', async () => {
    const qingpu = { lng: 121.124, lat: 31.15 };
    const expected = warningOrder(warnings.filter((w) => w.areaCodes.some((a) => a === '310118' || a === '310000')));
    const answer = await q({ near: { point: qingpu, radiusKm: 1 } });
    expect(answer).toEqual(expect.arrayContaining(expected));
    expect(answer.length).toBeLessThan(warnings.length);
  });

  it('updatedSince: updated at or after that time', async () => {
    const since = warnings[Math.floor(warnings.length / 2)].updatedAt;
    expect(await q({ updatedSince: since })).toEqual(nonTrivial(warningOrder(warnings.filter((w) => Date.parse(w.updatedAt) >= Date.parse(since))), warnings.length));
  });
});

describe('hazmat enterprise filters', () => {
  const q = (filter: Record<string, unknown>): Promise<string[]> => ids('hazmatEnterprises', filter, 'EnterpriseFilter');

  it('adcodes, majorHazardGrades, unNumbers, hazardClasses, updatedSince', async () => {
    const county = enterprises[0].divisionCode;
    expect(await q({ adcodes: [county] })).toEqual(nonTrivial(byCreditCode(enterprises.filter((e) => e.divisionCode === county)), enterprises.length));
    expect(await q({ majorHazardGrades: ['GRADE_1', 'GRADE_2'] })).toEqual(
      nonTrivial(byCreditCode(enterprises.filter((e) => e.majorHazardGrade === 'GRADE_1' || e.majorHazardGrade === 'GRADE_2')), enterprises.length),
    );
    const un = enterprises[0].chemicals[0].unNumber;
    expect(await q({ unNumbers: [un] })).toEqual(nonTrivial(byCreditCode(enterprises.filter((e) => e.chemicals.some((c) => c.unNumber === un))), enterprises.length));
    expect(await q({ hazardClasses: ['CLASS_3'] })).toEqual(nonTrivial(byCreditCode(enterprises.filter((e) => e.chemicals.some((c) => c.hazardClass === 'CLASS_3'))), enterprises.length));
    const since = enterprises[40].updatedAt;
    expect(await q({ updatedSince: since })).toEqual(nonTrivial(byCreditCode(enterprises.filter((e) => Date.parse(e.updatedAt) >= Date.parse(since))), enterprises.length));
  });

  it('near: within the radius, ordered by distance then credit code, each edge with its distanceKm', async () => {
    const point = { lng: 121.4, lat: 30.79 };
    const within = enterprises
      .filter((e) => e.location && haversineKm(point, e.location) <= 15)
      .sort((a, b) => compareKeys('hazmatEnterprisesByDistance', byDistanceKey(haversineKm(point, a.location!), a.creditCode), byDistanceKey(haversineKm(point, b.location!), b.creditCode)));
    const { edges } = await pullAll<{ id: string }>(h, 'hazmatEnterprises', 'id', { filter: { near: { point, radiusKm: 15 } } }, '$filter: EnterpriseFilter');
    expect(edges.map((e) => e.node.id)).toEqual(nonTrivial(within.map((e) => e.id), enterprises.length));
    edges.forEach((e, i) => expect(e.distanceKm).toBeCloseTo(haversineKm(point, within[i].location!), 9));
  });
});

describe('waybill filters', () => {
  const q = (filter: Record<string, unknown>): Promise<string[]> => ids('waybills', filter, 'WaybillFilter');
  const province = (code: string | null): string | null => (code ? code.slice(0, 2) : null);

  it('statuses, unNumbers, hazardClasses, updatedSince', async () => {
    expect(await q({ statuses: ['IN_TRANSIT', 'PLANNED'] })).toEqual(nonTrivial(waybillOrder(waybills.filter((w) => w.status === 'IN_TRANSIT' || w.status === 'PLANNED')), waybills.length));
    const un = waybills[0].goods[0].unNumber;
    expect(await q({ unNumbers: [un] })).toEqual(nonTrivial(waybillOrder(waybills.filter((w) => w.goods.some((g) => g.unNumber === un))), waybills.length));
    expect(await q({ hazardClasses: ['CLASS_8'] })).toEqual(nonTrivial(waybillOrder(waybills.filter((w) => w.goods.some((g) => g.hazardClass === 'CLASS_8'))), waybills.length));
    const since = waybills[60].updatedAt;
    expect(await q({ updatedSince: since })).toEqual(nonTrivial(waybillOrder(waybills.filter((w) => Date.parse(w.updatedAt) >= Date.parse(since))), waybills.length));
  });

  it('plate: normalised before matching ("沪b·99634" is 沪B99634)', async () => {
    const plate = waybills[0].plate;
    const written = `${plate.slice(0, 2).toLowerCase()}·${plate.slice(2)}`;
    expect(await q({ plate: written })).toEqual(waybillOrder(waybills.filter((w) => w.plate === plate)));
  });

  it('anyPlate: the tractor or the trailer, normalised like plate', async () => {
    const trailer = waybills.find((w) => w.trailerPlate !== null)?.trailerPlate as string;
    const written = ` ${trailer.slice(0, 2)}·${trailer.slice(2)}`;
    expect(await q({ anyPlate: written })).toEqual(waybillOrder(waybills.filter((w) => w.trailerPlate === trailer)));
    const tractor = waybills.find((w) => w.trailerPlate !== null)?.plate as string;
    expect(await q({ anyPlate: tractor })).toEqual(waybillOrder(waybills.filter((w) => w.plate === tractor)));
  });

  it('crossProvince and touches', async () => {
    const cross = waybills.filter((w) => province(w.origin.divisionCode) !== province(w.destination.divisionCode));
    expect(await q({ crossProvince: true })).toEqual(nonTrivial(waybillOrder(cross), waybills.length));
    expect(await q({ crossProvince: false })).toEqual(nonTrivial(waybillOrder(waybills.filter((w) => !cross.includes(w))), waybills.length));
    const touchesZj = waybills.filter((w) => province(w.origin.divisionCode) === '33' || province(w.destination.divisionCode) === '33');
    expect(await q({ touches: ['ZJ'] })).toEqual(nonTrivial(waybillOrder(touchesZj), waybills.length));
  });
});

describe('rescue base filters', () => {
  const q = (filter: Record<string, unknown>): Promise<string[]> => ids('rescueBases', filter, 'RescueBaseFilter');

  it('capabilities (all of them), levels, onDuty, adcodes, updatedSince', async () => {
    expect(await q({ capabilities: ['HAZMAT', 'WATER'] })).toEqual(byId(bases.filter((b) => b.capabilities.includes('HAZMAT') && b.capabilities.includes('WATER'))));
    expect(await q({ capabilities: ['HAZMAT'] })).toEqual(nonTrivial(byId(bases.filter((b) => b.capabilities.includes('HAZMAT'))), bases.length));
    expect(await q({ levels: ['COUNTY'] })).toEqual(nonTrivial(byId(bases.filter((b) => b.level === 'COUNTY')), bases.length));
    expect(await q({ onDuty: false })).toEqual(byId(bases.filter((b) => !b.onDuty)));
    const county = bases[0].divisionCode;
    expect(await q({ adcodes: [county] })).toEqual(nonTrivial(byId(bases.filter((b) => b.divisionCode === county)), bases.length));
    const since = bases[10].updatedAt;
    expect(await q({ updatedSince: since })).toEqual(nonTrivial(byId(bases.filter((b) => Date.parse(b.updatedAt) >= Date.parse(since))), bases.length));
  });

  it('near: ordered by distance then id', async () => {
    const point = { lng: 121.47, lat: 31.23 };
    const within = bases
      .filter((b) => b.location && haversineKm(point, b.location) <= 20)
      .sort((a, b) => haversineKm(point, a.location!) - haversineKm(point, b.location!) || (a.id < b.id ? -1 : 1));
    expect(await q({ near: { point, radiusKm: 20 } })).toEqual(nonTrivial(within.map((b) => b.id), bases.length));
  });
});

describe('materialTotals and resourceView', () => {
  it('materialTotals: stocks summed per (code, unit), with this province as byProvince', async () => {
    const answer = await h.query<{ materialTotals: { code: string; unit: string; quantity: number; byProvince: { province: string; quantity: number }[] }[] }>(
      '{ materialTotals(filter: { capabilities: [HAZMAT] }) { code name unit quantity byProvince { province quantity } } }',
    );
    const sums = new Map<string, number>();
    for (const b of bases.filter((x) => x.capabilities.includes('HAZMAT'))) for (const m of b.materials) sums.set(`${m.code}|${m.unit}`, (sums.get(`${m.code}|${m.unit}`) ?? 0) + m.quantity);
    const rows = answer.data?.materialTotals ?? [];
    expect(rows.map((r) => `${r.code}|${r.unit}`)).toEqual([...sums.keys()].sort());
    for (const r of rows) {
      expect(r.quantity).toBeCloseTo(sums.get(`${r.code}|${r.unit}`) as number, 6);
      expect(r.byProvince).toEqual([{ province: P, quantity: r.quantity }]);
    }
    const other = await h.query<{ materialTotals: unknown[] }>('{ materialTotals(filter: { provinces: [JS] }) { code } }');
    expect(other.data?.materialTotals).toEqual([]);
  });

  it('resourceView: one organisation per credit code (or base id), ordered by key; updatedSince keeps organisations with a base changed since, complete', async () => {
    const key = (b: RescueBaseRecord): string => b.creditCode ?? b.id;
    const keys = [...new Set(bases.map(key))].sort();
    const sel = 'key creditCode name provinces bases { id } capabilities totalMembers materials { code quantity unit } updatedAt sources { sourceId }';
    const all = await pullAll<{ key: string; bases: { id: string }[]; totalMembers: number; provinces: string[] }>(h, 'resourceView', sel, {}, '');
    expect(all.nodes.map((o) => o.key)).toEqual(keys);
    for (const o of all.nodes) {
      const members = bases.filter((b) => key(b) === o.key);
      expect(o.bases.map((b) => b.id)).toEqual(byId(members));
      expect(o.totalMembers).toBe(members.reduce((s, b) => s + b.teams.reduce((t, team) => t + team.members, 0), 0));
      expect(o.provinces).toEqual([P]);
    }
    const since = bases[12].updatedAt;
    const changed = await pullAll<{ key: string; bases: { id: string }[] }>(h, 'resourceView', 'key bases { id }', { updatedSince: since }, '$updatedSince: DateTime');
    const expectedKeys = keys.filter((k) => bases.some((b) => key(b) === k && Date.parse(b.updatedAt) >= Date.parse(since)));
    expect(changed.nodes.map((o) => o.key)).toEqual(nonTrivial(expectedKeys, keys.length));
    for (const o of changed.nodes) expect(o.bases.map((b) => b.id)).toEqual(byId(bases.filter((b) => key(b) === o.key)));
  });
});

describe('arguments', () => {
  it('first above 500 or below 0 is BAD_USER_INPUT naming "first"; the default is 50', async () => {
    for (const first of [501, -1]) {
      const answer = await h.query('query($first: Int) { waybills(first: $first) { totalCount } }', { first });
      expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'first' });
    }
    const byDefault = await h.query<{ waybills: { edges: unknown[]; pageInfo: { hasNextPage: boolean } } }>('{ waybills { edges { cursor } pageInfo { hasNextPage } } }');
    expect(byDefault.data?.waybills.edges).toHaveLength(50);
    expect(byDefault.data?.waybills.pageInfo.hasNextPage).toBe(true);
    const max = await h.query<{ waybills: { edges: unknown[] } }>('{ waybills(first: 500) { edges { cursor } } }');
    expect(max.data?.waybills.edges).toHaveLength(waybills.length);
  });

  it('a malformed cursor, or one of another connection, is BAD_USER_INPUT naming "after"', async () => {
    const warningCursor = (await h.query<{ warnings: { pageInfo: { endCursor: string } } }>('{ warnings(first: 1) { pageInfo { endCursor } } }')).data?.warnings.pageInfo.endCursor;
    for (const after of ['not-a-cursor', Buffer.from('{"v":1,"k":{}}').toString('base64url'), warningCursor]) {
      const answer = await h.query('query($after: String) { waybills(after: $after) { totalCount } }', { after });
      expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'after' });
    }
  });
});
