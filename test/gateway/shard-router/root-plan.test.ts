import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse, type FieldNode, type OperationDefinitionNode } from 'graphql';
import { encodeComposite, fingerprintArgs } from '../../../gateway/shard-router/composite-cursor';
import { planRootFields, type RootPlanning } from '../../../gateway/shard-router/root-plan';
import type { HoldingsView } from '../../../gateway/shard-router/credit-code-route';
import { SelectionRewriter } from '../../../gateway/shard-router/selection';
import { MINI_SDL } from '../../fixtures/shard-router/mini-shards';

const schema = buildSubgraphSchema(parse(MINI_SDL));
const rewriter = new SelectionRewriter(schema);
const limits = { provinces: ['SH', 'JS', 'ZJ', 'AH'] as const, maxFirst: 500, defaultFirst: 50 };

function plan(query: string, variables: Record<string, unknown> = {}, creditCodes: HoldingsView | null = null): RootPlanning {
  const operation = parse(query).definitions[0] as OperationDefinitionNode;
  const queryType = schema.getQueryType();
  if (!queryType) throw new Error('no Query type');
  return planRootFields(operation.selectionSet.selections as FieldNode[], queryType, variables, rewriter, { ...limits, creditCodes });
}

describe('root planning: where each root field goes', () => {
  it.each<[string, string, Record<string, unknown>, string[]]>([
    ['routes an id to its province only', '{ warning(id: "JS:Warning:1") { id } }', {}, ['JS']],
    ['routes an id given as a variable', 'query ($id: ID!) { warning(id: $id) { id } }', { id: 'AH:Warning:1' }, ['AH']],
    ['routes a credit code by its registering province', '{ hazmatEnterprise(creditCode: "91330100MA0000000C") { name } }', {}, ['ZJ']],
    ['sends a connection to every province', '{ warnings { totalCount } }', {}, ['SH', 'JS', 'ZJ', 'AH']],
    ['sends a connection to the provinces of filter.provinces, in the region order', '{ warnings(filter: { provinces: [AH, SH] }) { totalCount } }', {}, ['SH', 'AH']],
    ['scatters material totals to the provinces asked', '{ materialTotals(filter: { provinces: [JS] }) { code } }', {}, ['JS']],
    ['scatters a vehicle to every province', '{ vehicle(plate: "苏A12345") { plate } }', {}, ['SH', 'JS', 'ZJ', 'AH']],
  ])('%s', (_, query, variables, provinces) => {
    const { plans, errors } = plan(query, variables);
    expect(errors).toEqual([]);
    expect(plans.map((p) => p.provinces)).toEqual([provinces]);
    expect([...plans[0].shardFields.keys()]).toEqual(provinces);
  });

  it.each<[string, string, string, Record<string, unknown>]>([
    ['answers null with OUTSIDE_REGION for an id of another province', '{ w: warning(id: "HB:Warning:1") { id } }', 'OUTSIDE_REGION', { argument: 'id' }],
    ['answers null with BAD_USER_INPUT for a malformed id', '{ w: warning(id: "nope") { id } }', 'BAD_USER_INPUT', { argument: 'id' }],
    ['refuses first above the maximum', '{ w: warnings(first: 501) { totalCount } }', 'BAD_USER_INPUT', { argument: 'first' }],
    ['refuses a negative first', '{ w: warnings(first: -1) { totalCount } }', 'BAD_USER_INPUT', { argument: 'first' }],
    ['refuses a cursor that is not one of the gateway', '{ w: warnings(after: "nope") { totalCount } }', 'BAD_USER_INPUT', { argument: 'after' }],
    ['refuses arguments of the wrong type', '{ w: warnings(first: "ten") { totalCount } }', 'BAD_USER_INPUT', {}],
    ['answers a field the router has no rule for with INTERNAL_SERVER_ERROR', '{ w: noSuchField }', 'INTERNAL_SERVER_ERROR', {}],
  ])('%s, asking no one', (_, query, code, extensions) => {
    const { plans, data, errors } = plan(query);
    expect(plans).toEqual([]);
    expect(data).toEqual({ w: null });
    expect(errors).toEqual([expect.objectContaining({ path: ['w'], extensions: { code, ...extensions } })]);
  });

  it('answers __typename itself', () => {
    expect(plan('{ t: __typename }')).toEqual({ plans: [], data: { t: 'Query' }, errors: [] });
  });

  it('resumes a connection from each province position of its composite cursor', () => {
    const args = { filter: { provinces: ['SH', 'JS'] } };
    const after = encodeComposite({ field: 'warnings', fingerprint: fingerprintArgs(args), positions: { JS: 'c-js' } });
    const { plans } = plan('query ($after: String) { warnings(filter: { provinces: [SH, JS] }, first: 3, after: $after) { totalCount } }', { after });
    expect(plans[0].page).toEqual({ first: 3, incoming: { field: 'warnings', fingerprint: fingerprintArgs(args), positions: { JS: 'c-js' } } });
    const afterOf = (p: 'SH' | 'JS') => plans[0].shardFields.get(p)?.arguments?.find((a) => a.name.value === 'after')?.value;
    expect(afterOf('JS')).toMatchObject({ value: 'c-js' });
    expect(afterOf('SH')).toBeUndefined();
  });

  describe('by credit code, with the index', () => {
    const ZJ_CODE = '91330100MA0000000C';
    const held = (by: Record<string, string[] | null>): HoldingsView =>
      new Map(Object.entries(by).map(([p, codes]) => [p as 'SH', codes ? new Map(codes.map((c) => [c, 0])) : null]));

    it.each<[string, HoldingsView, string[]]>([
      ['asks the province that holds a code registered elsewhere', held({ SH: [], JS: [ZJ_CODE], ZJ: [], AH: [] }), ['JS']],
      ['asks the registering province first while its holdings are unknown', held({ SH: [], JS: [ZJ_CODE], ZJ: null, AH: [] }), ['ZJ', 'JS']],
    ])('%s', (_, view, provinces) => {
      const { plans, errors } = plan(`{ hazmatEnterprise(creditCode: "${ZJ_CODE}") { name } }`, {}, view);
      expect(errors).toEqual([]);
      expect(plans.map((p) => p.provinces)).toEqual([provinces]);
      expect([...plans[0].shardFields.keys()]).toEqual(provinces);
    });

    it('answers a code of the region that no province holds with null, without an error, asking no one', () => {
      expect(plan(`{ e: hazmatEnterprise(creditCode: "${ZJ_CODE}") { name } }`, {}, held({ SH: [], JS: [], ZJ: [], AH: [] }))).toEqual({ plans: [], data: { e: null }, errors: [] });
    });
  });
});
