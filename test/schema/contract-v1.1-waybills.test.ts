import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Kind, parse, print, type DefinitionNode, type FieldDefinitionNode, type InputValueDefinitionNode } from 'graphql';

/**
 * Contract coverage of issue 18's waybill section: every type, enum value, field and filter of
 * contract v1.1's "hazmat: waybills" (test/fixtures/contract/v1.1-waybills.graphql) is in the
 * province subgraph's printed SDL, with the contract's type and nullability.
 */

const root = path.resolve(__dirname, '../..');
const contract = parse(readFileSync(path.join(root, 'test/fixtures/contract/v1.1-waybills.graphql'), 'utf8'));
const served = parse(readFileSync(path.join(root, 'schema/snapshots/province.graphql'), 'utf8'));

type Named = DefinitionNode & { name: { value: string } };
const named = (d: DefinitionNode): d is Named => 'name' in d && d.name !== undefined;

/** Fields (or input fields, or enum values) of a type over its definition and extensions, name → printed type. */
function members(doc: typeof served, typeName: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const d of doc.definitions.filter(named).filter((x) => x.name.value === typeName)) {
    if ('fields' in d && d.fields) for (const f of d.fields as readonly (FieldDefinitionNode | InputValueDefinitionNode)[]) out.set(f.name.value, print(f.type));
    if ('values' in d && d.values) for (const v of d.values) out.set(v.name.value, 'enum value');
  }
  return out;
}

describe('contract v1.1, hazmat: waybills', () => {
  const types = [...new Set(contract.definitions.filter(named).map((d) => d.name.value))];

  it('names the types the section adds to or extends', () => {
    expect(types.sort()).toEqual(['CrewMember', 'CrewRole', 'Waybill', 'WaybillFilter']);
    expect(contract.definitions.some((d) => d.kind === Kind.OBJECT_TYPE_EXTENSION)).toBe(true);
  });

  it.each(types)('%s: every member served with the contract’s type', (typeName) => {
    const wanted = members(contract, typeName);
    const have = members(served, typeName);
    expect(wanted.size).toBeGreaterThan(0);
    for (const [name, type] of wanted) expect({ member: `${typeName}.${name}`, type: have.get(name) }).toEqual({ member: `${typeName}.${name}`, type });
  });
});
