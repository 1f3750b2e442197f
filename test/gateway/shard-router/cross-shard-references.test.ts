import { parse, type FieldNode, type GraphQLFormattedError, type OperationDefinitionNode } from 'graphql';
import { resolveReferences, type EntityFetch } from '../../../gateway/shard-router/cross-shard-references';
import type { Json, JsonObject } from '../../../gateway/shard-router/json';
import type { FoundReference, ReferencePoint } from '../../../gateway/shard-router/selection';

const template = parse('query Fetch { waybills { totalCount } }').definitions[0] as OperationDefinitionNode;
const original = (parse('{ enterprise { name } }').definitions[0] as OperationDefinitionNode).selectionSet.selections[0] as FieldNode;
const point: ReferencePoint = { original, type: 'HazmatEnterprise', keys: ['creditCode'] };

/** Waybill destinations holding references cut to their key, as a shard answers them. */
function destinations(codes: (string | null)[]): { holders: JsonObject[]; found: FoundReference[] } {
  const holders = codes.map((code): JsonObject => ({ enterprise: { _sr_t: 'HazmatEnterprise', _sr_k_creditCode: code } }));
  const found = holders.map((holder, i): FoundReference => ({ point, holder, at: 'enterprise', value: holder.enterprise as JsonObject, path: ['waybills', i, 'destination', 'enterprise'] }));
  return { holders, found };
}

/** An `_entities` fetch answering from `names`, with `errors` for it; records what it was asked. */
function entities(names: Record<string, string>, errors: GraphQLFormattedError[] = []): { fetch: EntityFetch; asked: Json[][] } {
  const asked: Json[][] = [];
  const fetch: EntityFetch = async (_operation, _field, variables, sink) => {
    const reps = variables._sr_reps as JsonObject[];
    asked.push(reps);
    sink.push(...errors);
    return { _entities: reps.map((r) => (names[String(r.creditCode)] ? { name: names[String(r.creditCode)] } : null)) };
  };
  return { fetch, asked };
}

describe('cross-shard references', () => {
  it.each<[string, (string | null)[], Record<string, string>, Json[], Json[][]]>([
    ['splices each entity in place of its reference', ['A', 'B'], { A: 'Alpha', B: 'Beta' }, [{ name: 'Alpha' }, { name: 'Beta' }], [[{ __typename: 'HazmatEnterprise', creditCode: 'A' }, { __typename: 'HazmatEnterprise', creditCode: 'B' }]]],
    ['asks once for a key referenced twice', ['A', 'A'], { A: 'Alpha' }, [{ name: 'Alpha' }, { name: 'Alpha' }], [[{ __typename: 'HazmatEnterprise', creditCode: 'A' }]]],
    ['answers null for an entity no province holds', ['A', 'Z'], { A: 'Alpha' }, [{ name: 'Alpha' }, null], [[{ __typename: 'HazmatEnterprise', creditCode: 'A' }, { __typename: 'HazmatEnterprise', creditCode: 'Z' }]]],
    ['answers null for a reference without its key, asking no one for it', [null, 'A'], { A: 'Alpha' }, [null, { name: 'Alpha' }], [[{ __typename: 'HazmatEnterprise', creditCode: 'A' }]]],
    ['asks no one when no reference has its key', [null], {}, [null], []],
  ])('%s', async (_, codes, names, expected, expectedAsked) => {
    const { holders, found } = destinations(codes);
    const { fetch, asked } = entities(names);
    await resolveReferences(found, template, {}, [], fetch);
    expect(holders.map((h) => h.enterprise)).toEqual(expected);
    expect(asked).toEqual(expectedAsked);
  });

  it('moves the errors of the entities fetch to the references that asked', async () => {
    const { found } = destinations(['A', 'B']);
    const { fetch } = entities({ A: 'Alpha' }, [{ message: 'bad', path: ['_entities', 1, 'name'], extensions: { code: 'LEGACY_DATA_INVALID', province: 'JS' } }]);
    const errors: GraphQLFormattedError[] = [];
    await resolveReferences(found, template, {}, errors, fetch);
    expect(errors).toEqual([{ message: 'bad', path: ['waybills', 1, 'destination', 'enterprise', 'name'], extensions: { code: 'LEGACY_DATA_INVALID', province: 'JS' } }]);
  });
});
