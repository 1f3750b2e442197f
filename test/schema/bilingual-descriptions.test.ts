import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema, isEnumType, isInputObjectType, isInterfaceType, isObjectType, isScalarType, isUnionType, type GraphQLNamedType } from 'graphql';
import { composeVersion } from '../../schema/registry/compose';
import { PROVINCES_SUBGRAPH } from '../../schema/registry/sharded-subgraphs';
import { PROVINCE_CODES } from '../../schema/model';

/**
 * Every type, field, argument and enum value of the API schema the gateway serves (composed here
 * from the subgraphs' printed SDL, as the registry composes it) is described in English and in
 * Chinese: the contract's English, then a Chinese line.
 */

const root = path.resolve(__dirname, '../..');
const read = (...segments: string[]): string => readFileSync(path.join(root, ...segments), 'utf8');

function apiSchema() {
  const subgraphs = [
    ...PROVINCE_CODES.map((p) => ({ name: `province-${p}`, sdl: read('schema/snapshots/province.graphql') })),
    { name: 'region', sdl: read('schema/snapshots/region.graphql') },
    { name: 'credit', sdl: read('schema/snapshots/credit.graphql') },
    { name: 'registry', sdl: read('subgraphs/registry/registry.graphql') },
  ].map((s) => ({ ...s, url: `http://${s.name}.invalid/graphql`, sdlHash: '' }));
  const composed = composeVersion(subgraphs, [PROVINCES_SUBGRAPH]);
  if (!composed.ok) throw new Error(composed.errors.join('\n'));
  return buildSchema(composed.apiSchemaSdl);
}

const CHINESE = /[\u4e00-\u9fff]/;
const ENGLISH = /[A-Za-z]{2,}/;

/** What a description lacks: "English", "Chinese", or both. */
function lacks(description: string | null | undefined): string[] {
  const lines = (description ?? '').split('\n').filter((l) => l.trim() !== '');
  return [
    ...(lines.some((l) => ENGLISH.test(l.replace(/[\u4e00-\u9fff].*$/, ''))) ? [] : ['English']),
    ...(lines.some((l) => CHINESE.test(l)) ? [] : ['Chinese']),
  ];
}

/** Every described element of a named type: "Type", "Type.field", "Type.field(arg)", "Enum.VALUE". */
function elementsOf(type: GraphQLNamedType): [string, string | null | undefined][] {
  const own: [string, string | null | undefined][] = [[type.name, type.description]];
  if (isObjectType(type) || isInterfaceType(type)) {
    return [
      ...own,
      ...Object.values(type.getFields()).flatMap((f): [string, string | null | undefined][] => [
        [`${type.name}.${f.name}`, f.description],
        ...f.args.map((a): [string, string | null | undefined] => [`${type.name}.${f.name}(${a.name})`, a.description]),
      ]),
    ];
  }
  if (isInputObjectType(type)) return [...own, ...Object.values(type.getFields()).map((f): [string, string | null | undefined] => [`${type.name}.${f.name}`, f.description])];
  if (isEnumType(type)) return [...own, ...type.getValues().map((v): [string, string | null | undefined] => [`${type.name}.${v.name}`, v.description])];
  if (isScalarType(type) || isUnionType(type)) return own;
  return own;
}

function undescribed(): { coordinate: string; lacks: string[] }[] {
  const schema = apiSchema();
  const types = Object.values(schema.getTypeMap()).filter((t) => !t.name.startsWith('__') && !['String', 'Int', 'Float', 'Boolean', 'ID'].includes(t.name));
  return types
    .flatMap(elementsOf)
    .map(([coordinate, description]) => ({ coordinate, lacks: lacks(description) }))
    .filter((m) => m.lacks.length > 0);
}

describe('descriptions of the served API schema', () => {
  const missing = undescribed();

  it('describe every type, field, argument and enum value in English and in Chinese (each missing path listed)', () => {
    // Where a description lives: the type-graphql decorators of schema/province and the province
    // resolvers (enums: schema/province/enum-descriptions.ts), the region, credit and registry type
    // defs. The contract's English, then a Chinese line; then print the snapshots again.
    expect(missing.map((m) => `${m.coordinate}: no ${m.lacks.join(' and no ')}`)).toEqual([]);
  });

  it('tells English from Chinese', () => {
    expect(lacks('Ordered by id.\n按编号排序。')).toEqual([]);
    expect(lacks('Ordered by id.')).toEqual(['Chinese']);
    expect(lacks('按编号排序。')).toEqual(['English']);
    expect(lacks(undefined)).toEqual(['English', 'Chinese']);
  });
});
