import { composeServices } from '@apollo/composition';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  Kind, isEnumType, isInputObjectType, isObjectType, parse, print,
  type DefinitionNode, type GraphQLNamedType, type GraphQLSchema, type TypeNode,
} from 'graphql';

/**
 * The contract's additions, section by section as test/fixtures/contract/*.graphql copy them from
 * the contract, against the API schema composed from the printed subgraph snapshots: every type,
 * field (with its arguments), input field and enum value the contract writes is served, with the
 * contract's type and description (with the other language's line added, as issue 22 describes
 * everything in English and Chinese). A branch that implements a section adds its file here.
 */

const ROOT = path.resolve(__dirname, '../..');
const SECTIONS = path.join(ROOT, 'test/fixtures/contract');

function apiSchema(): GraphQLSchema {
  const snapshot = (name: string) => ({ name, url: `http://127.0.0.1/${name}`, typeDefs: parse(readFileSync(path.join(ROOT, 'schema/snapshots', `${name}.graphql`), 'utf8')) });
  const composed = composeServices(['province', 'region', 'credit'].map(snapshot));
  if (!composed.schema) throw new Error(`composition failed: ${composed.errors?.map((e) => e.message).join('; ')}`);
  return composed.schema.toAPISchema().toGraphQLJSSchema();
}

const typeText = (t: TypeNode): string => print(t);

const CHINESE = /[\u4e00-\u9fff]/;
const ENGLISH = /[A-Za-z]{2,}/;

/**
 * The contract's description as served under the bilingual convention (issue 22): as written, or
 * with one line of the other language added, a Chinese line after the contract's English or an
 * English line before the contract's Chinese.
 */
function servesContractText(expected: string, actual: string | null | undefined): boolean {
  if (actual === expected) return true;
  if (!actual) return false;
  if (actual.startsWith(`${expected}\n`)) {
    const added = actual.slice(expected.length + 1);
    return !added.includes('\n') && CHINESE.test(added);
  }
  if (!ENGLISH.test(expected) && actual.endsWith(`\n${expected}`)) {
    const added = actual.slice(0, actual.length - expected.length - 1);
    return !added.includes('\n') && !CHINESE.test(added) && ENGLISH.test(added);
  }
  return false;
}

/** "Type.member: problem" for each element of a contract definition the schema does not serve as written. */
function gaps(schema: GraphQLSchema, def: DefinitionNode): string[] {
  if (!('name' in def) || !def.name) return [];
  const name = def.name.value;
  const type: GraphQLNamedType | undefined = schema.getType(name);
  if (!type) return [`${name}: missing`];
  const out: string[] = [];
  const describedAs = (member: string, expected: string | undefined, actual: string | null | undefined) => {
    if (expected !== undefined && !servesContractText(expected, actual)) out.push(`${member}: description "${actual ?? ''}", contract "${expected}"`);
  };
  switch (def.kind) {
    case Kind.ENUM_TYPE_DEFINITION:
    case Kind.ENUM_TYPE_EXTENSION: {
      if (!isEnumType(type)) return [`${name}: not an enum`];
      if (def.kind === Kind.ENUM_TYPE_DEFINITION) describedAs(name, def.description?.value, type.description);
      for (const v of def.values ?? []) {
        const served = type.getValue(v.name.value);
        if (!served) out.push(`${name}.${v.name.value}: missing`);
        else describedAs(`${name}.${v.name.value}`, v.description?.value, served.description);
      }
      break;
    }
    case Kind.OBJECT_TYPE_DEFINITION:
    case Kind.OBJECT_TYPE_EXTENSION: {
      if (!isObjectType(type)) return [`${name}: not an object type`];
      for (const f of def.fields ?? []) {
        const served = type.getFields()[f.name.value];
        if (!served) {
          out.push(`${name}.${f.name.value}: missing`);
          continue;
        }
        if (String(served.type) !== typeText(f.type)) out.push(`${name}.${f.name.value}: ${String(served.type)}, contract ${typeText(f.type)}`);
        describedAs(`${name}.${f.name.value}`, f.description?.value, served.description);
        for (const a of f.arguments ?? []) {
          const arg = served.args.find((x) => x.name === a.name.value);
          if (!arg || String(arg.type) !== typeText(a.type)) out.push(`${name}.${f.name.value}(${a.name.value}): ${arg ? String(arg.type) : 'missing'}, contract ${typeText(a.type)}`);
        }
      }
      break;
    }
    case Kind.INPUT_OBJECT_TYPE_DEFINITION:
    case Kind.INPUT_OBJECT_TYPE_EXTENSION: {
      if (!isInputObjectType(type)) return [`${name}: not an input type`];
      for (const f of def.fields ?? []) {
        const served = type.getFields()[f.name.value];
        if (!served) out.push(`${name}.${f.name.value}: missing`);
        else if (String(served.type) !== typeText(f.type)) out.push(`${name}.${f.name.value}: ${String(served.type)}, contract ${typeText(f.type)}`);
        else describedAs(`${name}.${f.name.value}`, f.description?.value, served.description);
      }
      break;
    }
    default:
      break;
  }
  return out;
}

describe('contract coverage of the composed API schema', () => {
  const schema = apiSchema();
  const files = readdirSync(SECTIONS).filter((f) => f.endsWith('.graphql')).sort();

  it('has sections to check', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)('serves every element of %s as the contract writes it', (file) => {
    const doc = parse(readFileSync(path.join(SECTIONS, file), 'utf8'));
    expect(doc.definitions.flatMap((d) => gaps(schema, d))).toEqual([]);
  });
});
