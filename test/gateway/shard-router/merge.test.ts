import { Kind, parse, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import type { Json, JsonObject } from '../../../gateway/shard-router/json';
import { mergeMaterialTotals, mergeOrganisation, mergeScattered, mergeVehicle, type ShardPart } from '../../../gateway/shard-router/merge';
import type { ProvinceCode } from '../../../schema/model';

/** The selection set of `{ … }`, as the router sees a field's sub-selection. */
function selection(text: string): SelectionSetNode {
  const operation = parse(text).definitions[0] as OperationDefinitionNode;
  if (operation.kind !== Kind.OPERATION_DEFINITION) throw new Error('not an operation');
  return operation.selectionSet;
}

const part = (province: ProvinceCode, value: Json | undefined): ShardPart => ({ province, value });
const point = (at: string, province: ProvinceCode): JsonObject => ({ at, province, _sr_at: at });
const waybill = (id: string, departedAt: string | null): JsonObject => ({ id, _sr_id: id, _sr_departedAt: departedAt });

describe('merge: a vehicle as every province sees it', () => {
  const vehicleSelection = selection('{ plate registeredProvince track(from: "a", to: "b") { at province } waybills { id } }');
  const vehicle = (province: ProvinceCode, track: Json[] | null, waybills: Json[] | null): JsonObject => ({
    plate: '苏A12345',
    registeredProvince: province,
    track,
    waybills,
  });

  it.each<[string, ShardPart[], (v: JsonObject | null) => void]>([
    ['is null when no province knows the plate', [part('SH', null), part('JS', undefined)], (v) => expect(v).toBeNull()],
    [
      'takes scalars from the plate home province, whichever answered first',
      [part('SH', vehicle('SH', [], [])), part('JS', vehicle('JS', [], []))],
      (v) => expect(v?.registeredProvince).toBe('JS'),
    ],
    [
      'takes scalars from the first province for a plate from outside the region',
      [part('ZJ', { ...vehicle('ZJ', [], []), plate: '京A00001' }), part('JS', { ...vehicle('JS', [], []), plate: '京A00001' })],
      (v) => expect(v?.registeredProvince).toBe('ZJ'),
    ],
    [
      'concatenates track points and orders them by time, across time zones',
      [
        part('JS', vehicle('JS', [point('2026-07-12T08:10:00+08:00', 'JS'), point('2026-07-12T07:10:00+08:00', 'JS')], [])),
        part('SH', vehicle('SH', [point('2026-07-11T23:40:00Z', 'SH')], [])),
      ],
      (v) =>
        expect((v?.track as JsonObject[]).map((p) => p.at)).toEqual(['2026-07-12T07:10:00+08:00', '2026-07-11T23:40:00Z', '2026-07-12T08:10:00+08:00']),
    ],
    [
      'concatenates waybills newest departure first, not yet departed last, then by id',
      [
        part('JS', vehicle('JS', [], [waybill('B', null), waybill('C', '2026-07-11T07:00:00+08:00')])),
        part('SH', vehicle('SH', [], [waybill('A', null), waybill('D', '2026-07-12T07:00:00+08:00')])),
      ],
      (v) => expect((v?.waybills as JsonObject[]).map((w) => w.id)).toEqual(['D', 'C', 'A', 'B']),
    ],
    ['keeps a list null when every province answered it null', [part('JS', vehicle('JS', null, null)), part('SH', vehicle('SH', null, null))], (v) => expect(v?.track).toBeNull()],
  ])('%s', (_, parts, check) => {
    check(mergeVehicle(parts, vehicleSelection));
  });
});

describe('merge: material totals across provinces', () => {
  const totalsSelection = selection('{ code unit quantity total: quantity byProvince { province quantity } }');
  const row = (code: string, unit: string, quantity: number, province: ProvinceCode): JsonObject => ({
    code,
    unit,
    quantity,
    total: quantity,
    byProvince: [{ province, quantity }],
    _sr_code: code,
    _sr_unit: unit,
    _sr_quantity: quantity,
  });

  it.each<[string, ShardPart[], JsonObject[]]>([
    ['answers an empty list when no province has stock', [part('SH', []), part('JS', null)], []],
    [
      'sums one (code, unit) across provinces into every alias of quantity, keeping each province share',
      [part('SH', [row('FH-001', '套', 10, 'SH')]), part('JS', [row('FH-001', '套', 5, 'JS')])],
      [{ ...row('FH-001', '套', 15, 'SH'), byProvince: [{ province: 'SH', quantity: 10 }, { province: 'JS', quantity: 5 }], _sr_quantity: 10 }],
    ],
    [
      'keeps the same code in another unit apart, sorted by code then unit',
      [part('SH', [row('FH-001', '套', 1, 'SH'), row('CFZ-02', '艘', 2, 'SH')]), part('JS', [row('FH-001', '件', 3, 'JS')])],
      [row('CFZ-02', '艘', 2, 'SH'), row('FH-001', '件', 3, 'JS'), row('FH-001', '套', 1, 'SH')],
    ],
  ])('%s', (_, parts, expected) => {
    expect(mergeMaterialTotals(parts, totalsSelection)).toEqual(expected);
    expect(mergeScattered('materialTotals', parts, totalsSelection)).toEqual(expected);
  });
});

describe('merge: one organisation from the parts several provinces hold', () => {
  const orgSelection = selection('{ key creditCode name provinces bases { id } capabilities totalMembers updatedAt sources materials { code unit quantity } }');
  const org = (province: ProvinceCode, fields: JsonObject): JsonObject => ({
    key: '91320100MA00000001',
    _sr_key: '91320100MA00000001',
    creditCode: '91320100MA00000001',
    name: `${province} name`,
    provinces: [province],
    bases: [{ id: `${province}-base` }],
    capabilities: [],
    totalMembers: 0,
    updatedAt: null,
    sources: [{ province }],
    materials: null,
    ...fields,
  });
  const parts = (a: JsonObject, b: JsonObject): ShardPart[] => [part('SH', org('SH', a)), part('JS', org('JS', b))];

  it.each<[string, ShardPart[], JsonObject]>([
    ['takes the name from the registering province', parts({}, {}), { name: 'JS name' }],
    ['lists the provinces in the region order', parts({ provinces: ['SH'] }, { provinces: ['JS', 'SH'] }), { provinces: ['SH', 'JS'] }],
    ['concatenates bases and sources', parts({}, {}), { bases: [{ id: 'SH-base' }, { id: 'JS-base' }], sources: [{ province: 'SH' }, { province: 'JS' }] }],
    ['sums members', parts({ totalMembers: 10 }, { totalMembers: 20 }), { totalMembers: 30 }],
    ['takes the latest update', parts({ updatedAt: '2026-07-12T08:00:00+08:00' }, { updatedAt: '2026-07-12T01:00:00Z' }), { updatedAt: '2026-07-12T01:00:00Z' }],
    [
      'sums materials by code and unit',
      parts(
        { materials: [{ code: 'FH-001', unit: '套', quantity: 3, _sr_code: 'FH-001', _sr_unit: '套', _sr_quantity: 3 }] },
        { materials: [{ code: 'FH-001', unit: '套', quantity: 4, _sr_code: 'FH-001', _sr_unit: '套', _sr_quantity: 4 }] },
      ),
      { materials: [{ code: 'FH-001', unit: '套', quantity: 7, _sr_code: 'FH-001', _sr_unit: '套', _sr_quantity: 3 }] },
    ],
    ['keeps materials null when no province selected them', parts({}, {}), { materials: null }],
    ['keeps the only part as it is', [part('SH', org('SH', { totalMembers: 3 })), part('JS', null)], org('SH', { totalMembers: 3 })],
  ])('%s', (_, given, expected) => {
    expect(mergeOrganisation(given, orgSelection)).toMatchObject(expected);
  });
});
