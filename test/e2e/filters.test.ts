import { haversineKm, isWithin } from '../../schema/geography';
import { WARNING_LEVELS, type GeoPoint, type HazmatEnterpriseRecord, type RescueBaseRecord, type WarningRecord, type WaybillRecord } from '../../schema/model';
import { isActiveAt } from '../../simulators/dataset';
import { startFederation, type Federation } from '../support/federation';
import { expectedBases, expectedEnterpriseByCode, expectedEnterprises, expectedWarnings, expectedWaybills, unexpectedErrors } from '../support/oracle';
import { pullAll } from '../support/paging';
import { EVERY_ENTRY } from '../support/tokens';

/**
 * Every filter of every connection through the real gateway, merged across the four provinces,
 * against the oracle's own reading of the contract; and the keyed Query fields.
 */

let fed: Federation;
beforeAll(async () => {
  // Filters are about data, not rights: the caller holds every catalog entry.
  fed = await startFederation({ caller: EVERY_ENTRY });
}, 60_000);
afterAll(async () => {
  await fed?.close();
});

const within = (code: string | null, adcodes: readonly string[]): boolean => code !== null && adcodes.some((a) => isWithin(code, a));
const provinceOf = (code: string | null): string | null => (code ? code.slice(0, 2) : null);

async function ids(field: string, type: string, filter: unknown, first = 37): Promise<string[]> {
  const { nodes } = await pullAll<{ id: string }>(fed, field, 'id', { first, filter, argTypes: type });
  return nodes.map((n) => n.id);
}

describe('warnings filters', () => {
  const cases: [string, Record<string, unknown>, (w: WarningRecord) => boolean][] = [
    ['events', { events: ['TYPHOON', 'FLOOD'] }, (w) => ['TYPHOON', 'FLOOD'].includes(w.event)],
    ['minLevel', { minLevel: 'ORANGE' }, (w) => WARNING_LEVELS.indexOf(w.level) >= WARNING_LEVELS.indexOf('ORANGE')],
    ['adcodes (a city takes its counties)', { adcodes: ['320500', '310118'] }, (w) => w.areaCodes.some((a) => within(a, ['320500', '310118']))],
    ['provinces and events together', { provinces: ['ZJ', 'SH'], events: ['TYPHOON'] }, (w) => ['ZJ', 'SH'].includes(w.province) && w.event === 'TYPHOON'],
  ];
  it.each(cases)('%s', async (_name, filter, keep) => {
    expect(await ids('warnings', 'WarningFilter', filter)).toEqual(expectedWarnings(fed.dataset).filter(keep).map((w) => w.id));
  });

  it('activeAt: the warnings in force at that time', async () => {
    const at = new Date(fed.dataset.options.now.getTime() - 2 * 86_400_000);
    const got = await ids('warnings', 'WarningFilter', { activeAt: at.toISOString() });
    const expected = expectedWarnings(fed.dataset).filter((w) => isActiveAt(w, fed.dataset.warnings.filter((o) => o.province === w.province), at));
    expect(got).toEqual(expected.map((w) => w.id));
    expect(got.length).toBeGreaterThan(0);
  });

  it('updatedSince', async () => {
    const since = new Date(fed.dataset.options.now.getTime() - 5 * 86_400_000).toISOString();
    expect(await ids('warnings', 'WarningFilter', { updatedSince: since })).toEqual(
      expectedWarnings(fed.dataset).filter((w) => Date.parse(w.updatedAt) >= Date.parse(since)).map((w) => w.id),
    );
  });
});

describe('hazmatEnterprises filters', () => {
  const ds = () => fed.dataset;
  const cases: [string, Record<string, unknown>, (e: HazmatEnterpriseRecord) => boolean][] = [
    ['majorHazardGrades', { majorHazardGrades: ['GRADE_1', 'GRADE_2'] }, (e) => e.majorHazardGrade === 'GRADE_1' || e.majorHazardGrade === 'GRADE_2'],
    ['unNumbers', { unNumbers: ['1203', '1017'] }, (e) => e.chemicals.some((c) => ['1203', '1017'].includes(c.unNumber))],
    ['hazardClasses', { hazardClasses: ['CLASS_2_3'] }, (e) => e.chemicals.some((c) => c.hazardClass === 'CLASS_2_3')],
    ['adcodes', { adcodes: ['320100', '330200'] }, (e) => within(e.divisionCode, ['320100', '330200'])],
  ];
  it.each(cases)('%s', async (_name, filter, keep) => {
    const expected = expectedEnterprises(ds()).filter(keep);
    expect(expected.length).toBeGreaterThan(0);
    expect(await ids('hazmatEnterprises', 'EnterpriseFilter', filter)).toEqual(expected.map((e) => e.id));
  });

  it('near: the enterprises within the radius across provinces, nearest first, with their distance', async () => {
    const point: GeoPoint = { lng: 120.9, lat: 31.3 };
    const { nodes } = await pullAll<{ id: string; location: GeoPoint }>(fed, 'hazmatEnterprises', 'id location { lng lat }', { first: 11, filter: { near: { point, radiusKm: 80 } }, argTypes: 'EnterpriseFilter' });
    const expected = ds().enterprises.filter((e) => e.location && haversineKm(point, e.location) <= 80);
    expect(nodes.map((n) => n.id).sort()).toEqual(expected.map((e) => e.id).sort());
    const distances = nodes.map((n) => haversineKm(point, n.location));
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    expect(new Set(expected.map((e) => e.province)).size).toBeGreaterThan(1);
  });
});

describe('waybills filters', () => {
  const cases: [string, Record<string, unknown>, (w: WaybillRecord) => boolean][] = [
    ['statuses', { statuses: ['IN_TRANSIT', 'PLANNED'] }, (w) => ['IN_TRANSIT', 'PLANNED'].includes(w.status)],
    ['unNumbers', { unNumbers: ['1203'] }, (w) => w.goods.some((g) => g.unNumber === '1203')],
    ['hazardClasses', { hazardClasses: ['CLASS_8'] }, (w) => w.goods.some((g) => g.hazardClass === 'CLASS_8')],
    ['crossProvince', { crossProvince: true }, (w) => provinceOf(w.origin.divisionCode) !== null && provinceOf(w.destination.divisionCode) !== null && provinceOf(w.origin.divisionCode) !== provinceOf(w.destination.divisionCode)],
    ['touches', { touches: ['AH'] }, (w) => [w.origin.divisionCode, w.destination.divisionCode].some((c) => provinceOf(c) === '34')],
    ['issuing provinces', { provinces: ['JS'] }, (w) => w.province === 'JS'],
  ];
  it.each(cases)('%s', async (_name, filter, keep) => {
    const expected = expectedWaybills(fed.dataset).filter(keep);
    expect(expected.length).toBeGreaterThan(0);
    expect(await ids('waybills', 'WaybillFilter', filter)).toEqual(expected.map((w) => w.id));
  });

  it('plate, written with the separator dot and in lower case', async () => {
    const plate = fed.dataset.waybills.find((w) => /^[沪苏浙皖][A-Z]/.test(w.plate))!.plate;
    const written = `${plate.slice(0, 2)}·${plate.slice(2)}`.toLowerCase();
    expect(await ids('waybills', 'WaybillFilter', { plate: written })).toEqual(expectedWaybills(fed.dataset).filter((w) => w.plate === plate).map((w) => w.id));
  });
});

describe('rescueBases filters and materialTotals', () => {
  const cases: [string, Record<string, unknown>, (b: RescueBaseRecord) => boolean][] = [
    ['capabilities (all of them)', { capabilities: ['HAZMAT', 'WATER'] }, (b) => b.capabilities.includes('HAZMAT') && b.capabilities.includes('WATER')],
    ['levels', { levels: ['NATIONAL'] }, (b) => b.level === 'NATIONAL'],
    ['onDuty', { onDuty: false }, (b) => !b.onDuty],
    ['adcodes', { adcodes: ['340800'] }, (b) => within(b.divisionCode, ['340800'])],
  ];
  it.each(cases)('%s', async (_name, filter, keep) => {
    const expected = expectedBases(fed.dataset).filter(keep);
    expect(expected.length).toBeGreaterThan(0);
    expect(await ids('rescueBases', 'RescueBaseFilter', filter, 7)).toEqual(expected.map((b) => b.id));
  });

  it('the national hazmat bases of Jinshan, Ningbo, Zhoushan, Nanjing and Xuzhou are all there', async () => {
    const { nodes } = await pullAll<{ id: string; name: string }>(fed, 'rescueBases', 'id name', { first: 50, filter: { levels: ['NATIONAL'], capabilities: ['HAZMAT'] }, argTypes: 'RescueBaseFilter' });
    const names = nodes.map((n) => n.name).join(' ');
    for (const place of ['上海', '宁波', '舟山', '南京', '徐州']) expect(names).toContain(place);
  });

  it('materialTotals sums stocks per (code, unit) across bases and provinces', async () => {
    const answer = await fed.query<{ materialTotals: { code: string; unit: string; quantity: number; byProvince: { province: string; quantity: number }[] }[] }>(
      `query($f: RescueBaseFilter) { materialTotals(filter: $f) { code unit quantity byProvince { province quantity } } }`,
      { f: { levels: ['NATIONAL', 'PROVINCIAL'] } },
    );
    expect(unexpectedErrors(fed.dataset, answer.errors)).toEqual([]);
    const sums = new Map<string, { quantity: number; byProvince: Map<string, number> }>();
    for (const b of fed.dataset.bases.filter((x) => x.level === 'NATIONAL' || x.level === 'PROVINCIAL')) {
      for (const m of b.materials) {
        const key = `${m.code}|${m.unit}`;
        const entry = sums.get(key) ?? { quantity: 0, byProvince: new Map<string, number>() };
        entry.quantity += m.quantity;
        entry.byProvince.set(b.province, (entry.byProvince.get(b.province) ?? 0) + m.quantity);
        sums.set(key, entry);
      }
    }
    const got = answer.data!.materialTotals;
    expect(got.map((t) => `${t.code}|${t.unit}`).sort()).toEqual([...sums.keys()].sort());
    for (const t of got) {
      const e = sums.get(`${t.code}|${t.unit}`)!;
      expect(t.quantity).toBeCloseTo(e.quantity, 6);
      expect(Object.fromEntries(t.byProvince.map((p) => [p.province, p.quantity]))).toEqual(Object.fromEntries(e.byProvince));
    }
  });
});

describe('keyed Query fields', () => {
  it('warning, waybill, rescueBase by id and hazmatEnterprise by credit code, in every province', async () => {
    const ds = fed.dataset;
    for (const p of ['SH', 'JS', 'ZJ', 'AH'] as const) {
      const w = ds.warnings.find((x) => x.province === p)!;
      const y = ds.waybills.find((x) => x.province === p)!;
      const b = ds.bases.find((x) => x.province === p)!;
      const e = ds.enterprises.find((x) => x.province === p && expectedEnterpriseByCode(ds, x.creditCode) === x)!;
      const answer = await fed.query<{ warning: { headline: string }; waybill: { number: string }; rescueBase: { name: string }; hazmatEnterprise: { id: string } }>(
        `query($w: ID!, $y: ID!, $b: ID!, $c: ID!) { warning(id: $w) { headline } waybill(id: $y) { number } rescueBase(id: $b) { name } hazmatEnterprise(creditCode: $c) { id } }`,
        { w: w.id, y: y.id, b: b.id, c: e.creditCode.toLowerCase() },
      );
      expect(unexpectedErrors(ds, answer.errors)).toEqual([]);
      expect(answer.data).toEqual({ warning: { headline: w.headline }, waybill: { number: y.number }, rescueBase: { name: b.name }, hazmatEnterprise: { id: e.id } });
    }
  });

  it('an unknown id of the region answers null without an error; a malformed one is BAD_USER_INPUT', async () => {
    const unknown = await fed.query<{ warning: unknown }>(`{ warning(id: "JS:Warning:NOPE") { id } }`);
    expect(unknown.data).toEqual({ warning: null });
    const malformed = await fed.query<{ warning: unknown }>(`{ warning(id: "not-an-id") { id } }`);
    expect(malformed.data?.warning ?? null).toBeNull();
    expect(malformed.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('division and provinces from the region subgraph', async () => {
    const answer = await fed.query<{ division: { name: string; parent: { adcode: string }; children: unknown[] }; provinces: { code: string; nameEn: string }[] }>(
      `{ division(adcode: "320500") { name parent { adcode } children { adcode } } provinces { code nameEn } }`,
    );
    expect(answer.errors ?? []).toEqual([]);
    expect(answer.data!.division.name).toBe('苏州市');
    expect(answer.data!.division.parent.adcode).toBe('320000');
    expect(answer.data!.division.children.length).toBeGreaterThan(3);
    expect(answer.data!.provinces.map((p) => p.code).sort()).toEqual(['AH', 'JS', 'SH', 'ZJ']);
  });
});
