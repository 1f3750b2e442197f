import { toBeijingIso } from '../../../adapters/kit/beijing-time';
import { haversineKm } from '../../../schema/geography';
import {
  PROVINCE_CODES,
  type HazmatEnterpriseRecord,
  type ProvinceCode,
  type RescueBaseRecord,
  type WarningRecord,
  type WaybillPartyRecord,
  type WaybillRecord,
} from '../../../schema/model';
import { compareKeys, waybillKey, warningKey } from '../../../schema/orders';
import { activeWarningIds } from '../../../simulators/dataset';
import { DATASET_NOW, testDataset } from '../../fixtures/dataset-adapter';
import { validateCap } from '../../support/cap-xsd';
import { licenceValidOn, todayOf } from '../../support/enterprise-safety-oracle';
import { pullAll, startHarness, type Harness } from './harness';

const dataset = testDataset();
const FETCHED_AT = toBeijingIso(DATASET_NOW);
const PROVENANCE = 'provenance { province system sourceId fetchedAt stale }';
const FROM = { lng: 121, lat: 31 };

export const WARNING_FIELDS = `id province event level severity messageType supersedes { id } headline description instruction issuer
  issuedAt effectiveAt expiresAt active areas { adcode } capXml updatedAt ${PROVENANCE}`;
export const ENTERPRISE_FIELDS = `id creditCode name province division { adcode } location { lng lat } majorHazardGrade
  chemicals { unNumber name hazardClass tonnes casNumber keySupervised highlyToxic } contactPhone updatedAt ${PROVENANCE}
  park { name riskGrade } licence { number validUntil valid } majorHazardUnits { name grade }`;
const PARTY = 'name creditCode division { adcode } enterprise { creditCode }';
export const WAYBILL_FIELDS = `id number province status vehicle { plate registeredProvince } carrierCreditCode origin { ${PARTY} }
  destination { ${PARTY} } goods { unNumber name hazardClass packingGroup kilograms } departedAt provincesTouched updatedAt ${PROVENANCE}
  consignor { ${PARTY} } trailerPlate tankNumber transportPermit crew { role name qualificationCertificate phone } emergencyPhone`;
export const BASE_FIELDS = `id name province level creditCode division { adcode } location { lng lat } capabilities
  teams { id name members specialty forceType } materials { code name quantity unit } onDuty dutyPhone distanceKm(from: { lng: 121, lat: 31 })
  updatedAt ${PROVENANCE}`;

const SEVERITY = { BLUE: 'MINOR', YELLOW: 'MODERATE', ORANGE: 'SEVERE', RED: 'EXTREME' } as const;
const PLATE_PROVINCE: Record<string, ProvinceCode> = { 沪: 'SH', 苏: 'JS', 浙: 'ZJ', 皖: 'AH' };

function provenance(p: ProvinceCode, sourceId: string) {
  return { province: p, system: `${p} dataset`, sourceId, fetchedAt: FETCHED_AT, stale: false };
}

function mine<T extends { province: ProvinceCode }>(list: readonly T[], p: ProvinceCode): T[] {
  return list.filter((r) => r.province === p);
}

function expectedWarning(w: WarningRecord, active: Set<string>, ids: Set<string>) {
  const { sourceId: _s, supersedesId, areaCodes, ...fields } = w;
  return {
    ...fields,
    severity: SEVERITY[w.level],
    supersedes: supersedesId && ids.has(supersedesId) ? { id: supersedesId } : null,
    active: active.has(w.id),
    areas: areaCodes.map((adcode) => ({ adcode })),
    provenance: provenance(w.province, w.sourceId),
  };
}

function expectedEnterprise(e: HazmatEnterpriseRecord) {
  const { sourceId: _s, divisionCode, miswrittenCas: _m, licence, ...fields } = e;
  return {
    ...fields,
    division: { adcode: divisionCode },
    provenance: provenance(e.province, e.sourceId),
    licence: licence ? { ...licence, valid: licenceValidOn(licence, todayOf(dataset)) } : null,
  };
}

/** Every party with a credit code answers its enterprise: this province's record, or a reference the shard router resolves. */
function expectedParty(party: WaybillPartyRecord) {
  return {
    name: party.name,
    creditCode: party.creditCode,
    division: party.divisionCode ? { adcode: party.divisionCode } : null,
    enterprise: party.creditCode ? { creditCode: party.creditCode } : null,
  };
}

function expectedWaybill(w: WaybillRecord) {
  const { sourceId: _s, plate, origin, destination, consignor, ...fields } = w;
  const touched: ProvinceCode[] = [];
  for (const party of [origin, destination]) {
    const p = party.divisionCode ? ({ '31': 'SH', '32': 'JS', '33': 'ZJ', '34': 'AH' } as Record<string, ProvinceCode>)[party.divisionCode.slice(0, 2)] : undefined;
    if (p && !touched.includes(p)) touched.push(p);
  }
  return {
    ...fields,
    vehicle: { plate, registeredProvince: PLATE_PROVINCE[plate[0]] ?? null },
    origin: expectedParty(origin),
    destination: expectedParty(destination),
    consignor: consignor && expectedParty(consignor),
    provincesTouched: touched,
    provenance: provenance(w.province, w.sourceId),
  };
}

function expectedBase(b: RescueBaseRecord) {
  const { sourceId: _s, divisionCode, teams, ...fields } = b;
  return {
    ...fields,
    division: { adcode: divisionCode },
    teams: teams.map(({ sourceId: _t, forceType, ...team }) => ({ ...team, forceType: forceType ?? null })),
    distanceKm: b.location ? haversineKm(FROM, b.location) : null,
    provenance: provenance(b.province, b.sourceId),
  };
}

function expectUnique(ids: string[]): void {
  expect(new Set(ids).size).toBe(ids.length);
}

describe.each(PROVINCE_CODES)('the %s province subgraph serves every record of its system, field by field', (p) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(p);
  });
  afterAll(() => h.close());

  it('warnings: every one in the documented order, in pages of 7, with severity, supersedes, active (the oracle), areas and provenance', async () => {
    const warnings = mine(dataset.warnings, p);
    const active = activeWarningIds(warnings, DATASET_NOW);
    const ids = new Set(warnings.map((w) => w.id));
    const { nodes, totalCount, pages } = await pullAll<Record<string, unknown>>(h, 'warnings', WARNING_FIELDS, {}, '');
    const expected = [...warnings].sort((a, b) => compareKeys('warnings', warningKey(a), warningKey(b))).map((w) => expectedWarning(w, active, ids));
    expect(totalCount).toBe(warnings.length);
    expect(pages).toBe(Math.ceil(warnings.length / 7));
    expectUnique(nodes.map((n) => String(n.id)));
    expect(nodes.map(({ capXml: _c, ...rest }) => rest)).toEqual(expected);
    expect(nodes.filter((n) => n.active).length).toBeGreaterThan(0);
  });

  it('warnings: every capXml is a valid CAP 1.2 alert (xmllint against data/cap/cap12.xsd)', async () => {
    const { nodes } = await pullAll<{ id: string; capXml: string }>(h, 'warnings', 'id capXml', {}, '', 100);
    expect(() => validateCap(nodes.map((n) => n.capXml), `cap-${p}`)).not.toThrow();
    const update = nodes.find((n) => n.capXml.includes('<msgType>Update</msgType>') || n.capXml.includes('<msgType>Cancel</msgType>'));
    expect(update?.capXml).toMatch(/<references>yrd-emergency-[a-z]{2},[^,]+,\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00<\/references>/);
  });

  it('hazmat enterprises: every one by credit code, in pages of 7', async () => {
    const enterprises = mine(dataset.enterprises, p);
    const { nodes, totalCount } = await pullAll<Record<string, unknown>>(h, 'hazmatEnterprises', ENTERPRISE_FIELDS, {}, '');
    expect(totalCount).toBe(enterprises.length);
    expectUnique(nodes.map((n) => String(n.id)));
    expect(nodes).toEqual([...enterprises].sort((a, b) => (a.creditCode < b.creditCode ? -1 : 1)).map(expectedEnterprise));
  });

  it('waybills: every one newest departure first, with vehicle, parties, provincesTouched, in pages of 7', async () => {
    const waybills = mine(dataset.waybills, p);
    const { nodes, totalCount } = await pullAll<Record<string, unknown>>(h, 'waybills', WAYBILL_FIELDS, {}, '');
    expect(totalCount).toBe(waybills.length);
    expectUnique(nodes.map((n) => String(n.id)));
    const expected = [...waybills].sort((a, b) => compareKeys('waybills', waybillKey(a), waybillKey(b))).map((w) => expectedWaybill(w));
    expect(nodes).toEqual(expected);
  });

  it('rescue bases: every one by id with teams, materials and distanceKm, in pages of 7', async () => {
    const bases = mine(dataset.bases, p);
    const { nodes, totalCount } = await pullAll<Record<string, unknown>>(h, 'rescueBases', BASE_FIELDS, {}, '');
    expect(totalCount).toBe(bases.length);
    expectUnique(nodes.map((n) => String(n.id)));
    const expected = [...bases].sort((a, b) => (a.id < b.id ? -1 : 1)).map(expectedBase);
    expect(nodes.map((n) => ({ ...n, distanceKm: n.distanceKm === null ? null : expect.closeTo(n.distanceKm as number, 9) }))).toEqual(expected);
  });
});
