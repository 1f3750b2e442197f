import { plateProvince, registeringProvince, routeAdcode, routeCreditCode, routeGlobalId, routeKey, type KeyRoute } from '../../../gateway/shard-router/key-routing';
import type { KeyKind } from '../../../gateway/shard-router/routing-table';

const province = (p: string): Partial<KeyRoute> => ({ kind: 'province', province: p } as Partial<KeyRoute>);

describe('key routing', () => {
  it.each<[string, string, Partial<KeyRoute>]>([
    ['routes a global id by its province prefix', 'JS:Warning:42', province('JS')],
    ['keeps colons inside the legacy id', 'AH:Waybill:a:b', province('AH')],
    ['sends a global id of another province outside the region', 'HB:Warning:1', { kind: 'outside' }],
    ['refuses a string that is not a global id', 'Warning-42', { kind: 'malformed' }],
    ['refuses a lower-case prefix', 'sh:Warning:1', { kind: 'malformed' }],
  ])('%s (%s)', (_, id, expected) => {
    expect(routeGlobalId(id)).toMatchObject(expected);
  });

  it.each<[string, string, Partial<KeyRoute>]>([
    ['routes a credit code by its registering authority (3rd–4th characters)', '91320100MA00000008', province('JS')],
    ['reads a Shanghai registration', '91310000MA0000000Y', province('SH')],
    ['trims and upper-cases before routing', ' 91330100ma0000000c ', province('ZJ')],
    ['sends a code registered outside the region outside', '91110000MA0000000H', { kind: 'outside' }],
    ['refuses a code with a wrong check character (GB 32100)', '91320100MA00000001', { kind: 'malformed' }],
    ['refuses a code of the wrong length', '9132010', { kind: 'malformed' }],
    ['refuses the letters a credit code never holds (I, O, S, V, Z)', '91340100MA0000000I', { kind: 'malformed' }],
  ])('%s (%s)', (_, code, expected) => {
    expect(routeCreditCode(code)).toMatchObject(expected);
  });

  it.each<[string, string, Partial<KeyRoute>]>([
    ['routes an adcode by its first two digits', '340100', province('AH')],
    ['trims the adcode', ' 310101 ', province('SH')],
    ['sends an adcode of another province outside', '110000', { kind: 'outside' }],
    ['refuses an adcode that is not six digits', '3401', { kind: 'malformed' }],
  ])('%s (%s)', (_, adcode, expected) => {
    expect(routeAdcode(adcode)).toMatchObject(expected);
  });

  it.each<[string, KeyKind, unknown, Partial<KeyRoute>]>([
    ['routes by the kind of key the routing table names: global id', 'globalId', 'ZJ:RescueBase:7', province('ZJ')],
    ['routes by the kind of key the routing table names: credit code', 'creditCode', '91320100MA00000008', province('JS')],
    ['routes by the kind of key the routing table names: adcode', 'adcode', '320100', province('JS')],
    ['calls a missing key malformed', 'globalId', undefined, { kind: 'malformed', reason: 'the key is missing' }],
    ['calls a key that is not a string malformed', 'adcode', 320100, { kind: 'malformed' }],
  ])('%s', (_, kind, value, expected) => {
    expect(routeKey(kind, value)).toMatchObject(expected);
  });

  it.each<[string, string | null]>([
    ['沪A12345', 'SH'],
    ['苏A12345', 'JS'],
    ['浙B00001', 'ZJ'],
    [' 皖C00002', 'AH'],
    ['京A00001', null],
  ])('names the province a plate is registered in (%s → %s)', (plate, expected) => {
    expect(plateProvince(plate)).toBe(expected);
  });

  it.each<[string, string | undefined]>([
    ['91310000MA00000001', 'SH'],
    ['91340000MA00000001', 'AH'],
    ['91110000MA00000001', undefined],
    ['K1', undefined],
  ])('names the province that registered a credit code (%s → %s)', (code, expected) => {
    expect(registeringProvince(code)).toBe(expected);
  });
});
