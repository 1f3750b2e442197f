import { buildSchema, isValidLeafValue as stockIsValidLeafValue, type LeafType } from '@apollo/federation-internals';
import { isValidLeafValue, leafCheck } from '../../../gateway/executor/leaf-check';

/** Result shaping's leaf check gives what @apollo/federation-internals' isValidLeafValue gives, for every kind of leaf and value. */

const schema = buildSchema(`
  scalar DateTime
  enum Level { RED ORANGE YELLOW BLUE }
  type Query { i: Int f: Float s: String b: Boolean id: ID at: DateTime level: Level }
`);
const other = buildSchema('type Query { i: Int }');

const VALUES: unknown[] = [
  true, false, 0, -0, 1, -1, 1.5, -2.25, 2 ** 31, 2 ** 53 - 1, 2 ** 53, 2 ** 60, -(2 ** 60), 1e21, 1e-7, Number.MAX_VALUE, Number.MIN_VALUE,
  NaN, Infinity, -Infinity, '', '1', '1.5', 'true', 'RED', 'red', 'PURPLE', 'toString', '__proto__', '长三角',
  null, {}, [], [1], { RED: true }, Symbol('s'), 10n, () => 1,
];
const TYPES = ['Int', 'Float', 'String', 'Boolean', 'ID', 'DateTime', 'Level'];

describe('leaf check', () => {
  it.each(TYPES)('agrees with isValidLeafValue for %s on every value', (name) => {
    const type = schema.type(name) as LeafType;
    const check = leafCheck(schema, type);
    const ours = VALUES.map((value) => check(value));
    const stock = VALUES.map((value) => stockIsValidLeafValue(schema, value, type));
    expect(ours).toEqual(stock);
    expect(VALUES.map((value) => isValidLeafValue(schema, value, type))).toEqual(stock);
  });

  it('takes a custom scalar as any value, and an enum only by its values', () => {
    expect(VALUES.every((value) => isValidLeafValue(schema, value, schema.type('DateTime') as LeafType))).toBe(true);
    expect(VALUES.filter((value) => isValidLeafValue(schema, value, schema.type('Level') as LeafType))).toEqual(['RED']);
  });

  it('looks the built-in types up once per type, not per value (isValidLeafValue looks up to four per value)', () => {
    const fresh = buildSchema('type Query { i: Int b: Boolean }');
    const [int, boolean] = [fresh.intType(), fresh.booleanType()];
    const lookups = ['intType', 'idType', 'floatType', 'booleanType'].map((name) => jest.spyOn(fresh, name as 'intType'));
    for (let i = 0; i < 100; i++) isValidLeafValue(fresh, i, int);
    for (let i = 0; i < 100; i++) isValidLeafValue(fresh, i % 2 === 0, boolean);
    // Each type's check, made at its first value, asked each built-in once at most (Int's check needs not ask for ID).
    expect(lookups.map((spy) => spy.mock.calls.length)).toEqual([2, 1, 2, 2]);
  });

  it("reads a type's built-ins from the schema it is checked with", () => {
    const int = schema.intType();
    expect(isValidLeafValue(schema, 3, int)).toBe(true);
    // The same type object read with another schema: there it is not that schema's Int, as for isValidLeafValue.
    expect(isValidLeafValue(other, 3, int)).toBe(stockIsValidLeafValue(other, 3, int));
    expect(isValidLeafValue(other, 3, int)).toBe(false);
    expect(isValidLeafValue(schema, 3, int)).toBe(true);
  });
});
