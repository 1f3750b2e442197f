import { groupRepresentations } from '../../../gateway/shard-router/entity-execution';
import type { JsonObject } from '../../../gateway/shard-router/json';

const PROVINCES = ['SH', 'JS', 'ZJ', 'AH'] as const;

describe('_entities: which representation goes to which province', () => {
  it.each<[string, JsonObject, Record<string, number[]>, boolean]>([
    ['routes an entity by its global id', { __typename: 'Warning', id: 'ZJ:Warning:1' }, { ZJ: [0] }, false],
    ['routes an enterprise by its credit code when it has no id', { __typename: 'HazmatEnterprise', creditCode: '91310000MA0000000Y' }, { SH: [0] }, false],
    ['prefers the first key of the rule (id) to the credit code', { __typename: 'HazmatEnterprise', id: 'AH:HazmatEnterprise:1', creditCode: '91310000MA0000000Y' }, { AH: [0] }, false],
    ['routes an admin division by its adcode', { __typename: 'AdminDivision', adcode: '320100' }, { JS: [0] }, false],
    ['scatters a vehicle to every province', { __typename: 'Vehicle', plate: '苏A12345' }, { SH: [0], JS: [0], ZJ: [0], AH: [0] }, true],
  ])('%s', (_, rep, byProvince, scattered) => {
    const groups = groupRepresentations([rep], PROVINCES, '_entities');
    expect(Object.fromEntries(groups.byProvince)).toEqual(byProvince);
    expect(groups.scattered).toEqual(scattered ? [0] : []);
    expect(groups.errors).toEqual([]);
  });

  it.each<[string, JsonObject, string, string | undefined]>([
    ['answers an id of another province with OUTSIDE_REGION', { __typename: 'Warning', id: 'HB:Warning:1' }, 'OUTSIDE_REGION', 'id'],
    ['answers a representation without its key with BAD_USER_INPUT', { __typename: 'Warning' }, 'BAD_USER_INPUT', 'representation'],
    ['answers a type the router has no rule for with INTERNAL_SERVER_ERROR', { __typename: 'Unknown', id: 'SH:Unknown:1' }, 'INTERNAL_SERVER_ERROR', undefined],
  ])('%s at its index, asking no one', (_, rep, code, argument) => {
    const groups = groupRepresentations([{ __typename: 'Warning', id: 'SH:Warning:1' }, rep], PROVINCES, '_entities');
    expect(Object.fromEntries(groups.byProvince)).toEqual({ SH: [0] });
    expect(groups.errors).toEqual([expect.objectContaining({ path: ['_entities', 1], extensions: argument ? { code, argument } : { code } })]);
  });

  it('batches the representations of one province in their order', () => {
    const reps = ['JS:Waybill:1', 'SH:Waybill:2', 'JS:Waybill:3'].map((id) => ({ __typename: 'Waybill', id }));
    expect(Object.fromEntries(groupRepresentations(reps, PROVINCES, '_entities').byProvince)).toEqual({ JS: [0, 2], SH: [1] });
  });

  it('asks every province of a credit-code route, the registering one first, while holdings are unknown', () => {
    const rep = { __typename: 'HazmatEnterprise', creditCode: '91310000MA0000000Y' };
    const view = new Map([['SH', null], ['JS', new Map([['91310000MA0000000Y', 0]])], ['ZJ', new Map()], ['AH', new Map()]] as const);
    const groups = groupRepresentations([rep], PROVINCES, '_entities', view);
    expect(Object.fromEntries(groups.byProvince)).toEqual({ SH: [0], JS: [0] });
    expect(Object.fromEntries(groups.fallbacks)).toEqual({ 0: ['SH', 'JS'] });
    expect(groups.errors).toEqual([]);
  });

  it('asks no one, without an error, for a code no province holds', () => {
    const view = new Map(PROVINCES.map((p) => [p, new Map<string, number>()]));
    const groups = groupRepresentations([{ __typename: 'HazmatEnterprise', creditCode: '91310000MA0000000Y' }], PROVINCES, '_entities', view);
    expect(groups.byProvince.size).toBe(0);
    expect(groups.errors).toEqual([]);
  });
});
