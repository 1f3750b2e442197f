import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse, type FieldNode, type GraphQLField, type OperationDefinitionNode } from 'graphql';
import { argumentValues } from '../../../gateway/shard-router/argument-values';
import { MINI_SDL } from '../../fixtures/shard-router/mini-shards';

function fieldOf(query: string): FieldNode {
  return (parse(query).definitions[0] as OperationDefinitionNode).selectionSet.selections[0] as FieldNode;
}

function warningsOf(sdl: string): GraphQLField<unknown, unknown> {
  const def = buildSubgraphSchema(parse(sdl)).getQueryType()?.getFields().warnings;
  if (!def) throw new Error('no Query.warnings');
  return def;
}

const warnings = warningsOf(MINI_SDL);

describe('argument values: literals coerced once per field node', () => {
  it('gives one frozen value to every request of a field whose arguments are literals', () => {
    const field = fieldOf('{ warnings(filter: { provinces: [AH, SH] }, first: 20) { totalCount } }');
    const first = argumentValues(warnings, field, {});
    expect(first).toEqual({ filter: { provinces: ['AH', 'SH'] }, first: 20 });
    expect(argumentValues(warnings, field, { unrelated: 1 })).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first.filter)).toBe(true);
    expect(Object.isFrozen((first.filter as { provinces: unknown }).provinces)).toBe(true);
    expect(() => {
      (first as Record<string, unknown>).first = 1;
    }).toThrow(TypeError);
  });

  it('coerces arguments that use a variable on every call, anywhere in a literal', () => {
    const field = fieldOf('query ($p: [ProvinceCode!], $n: Int) { warnings(filter: { provinces: $p }, first: $n) { totalCount } }');
    expect(argumentValues(warnings, field, { p: ['JS'], n: 5 })).toEqual({ filter: { provinces: ['JS'] }, first: 5 });
    expect(argumentValues(warnings, field, { p: ['ZJ'], n: 7 })).toEqual({ filter: { provinces: ['ZJ'] }, first: 7 });
    const nested = fieldOf('query ($p: ProvinceCode!) { warnings(filter: { provinces: [AH, $p] }) { totalCount } }');
    expect(argumentValues(warnings, nested, { p: 'SH' })).toEqual({ filter: { provinces: ['AH', 'SH'] }, first: 50 });
    expect(argumentValues(warnings, nested, { p: 'JS' })).toEqual({ filter: { provinces: ['AH', 'JS'] }, first: 50 });
  });

  it('coerces again for another definition of the field (a schema loaded anew)', () => {
    const field = fieldOf('{ warnings { totalCount } }');
    const before = argumentValues(warnings, field, {});
    const reloaded = warningsOf(MINI_SDL.replace(/warnings\(([^)]*)first: Int( = \d+)?/, 'warnings($1first: Int = 7'));
    expect(reloaded.args.find((a) => a.name === 'first')?.defaultValue).toBe(7);
    expect(argumentValues(reloaded, field, {})).toEqual({ ...before, first: 7 });
    expect(argumentValues(warnings, field, {})).toBe(before);
  });

  it('keeps nothing of a literal that does not coerce: it fails on every call', () => {
    const field = fieldOf('{ warnings(first: "twenty") { totalCount } }');
    expect(() => argumentValues(warnings, field, {})).toThrow(/"first" has invalid value/);
    expect(() => argumentValues(warnings, field, {})).toThrow(/"first" has invalid value/);
  });
});
