import { buildSchema, parse, specifiedRules, validate, type OperationDefinitionNode } from 'graphql';
import { checkArguments } from '../../../../schema/argument-checks';
import { DEFAULT_LIMITS, limitsValidationRule, measureOperation, type LimitOptions } from '../../../../gateway/plugins/apollo/limits';

/**
 * Named fragments are walked once per context that can change their cost (the type they apply
 * to, the page size around them, the root level), and replayed at every other spread: the same
 * measures and the same refusals as a walk that follows every spread, without its work.
 */

jest.mock('../../../../schema/argument-checks', () => {
  const actual = jest.requireActual<typeof import('../../../../schema/argument-checks')>('../../../../schema/argument-checks');
  return { ...actual, checkArguments: jest.fn(actual.checkArguments) };
});
const fieldsWalked = checkArguments as jest.MockedFunction<typeof checkArguments>;

const schema = buildSchema(`
  type Query { warnings(first: Int, filter: WarningFilter): WarningConnection  items: [Item]  node: Node }
  input WarningFilter { provinces: [String!] }
  type WarningConnection { nodes: [Item] totalCount: Int }
  interface Node { id: ID }
  type Item implements Node { id: ID  children: [Item]  parent: Item }
`);

function measure(query: string, options: LimitOptions = DEFAULT_LIMITS) {
  const document = parse(query);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');
  if (!operation) throw new Error('no operation');
  return measureOperation(schema, document, operation, undefined, options);
}

/** The same fragments spread at the root, inside connections of two page sizes, in plain lists and at several depths. */
const NESTED = `
  query {
    a: items { ...Kids }
    items { children { ...Kids } }
    warnings(first: 7) { nodes { ...Kids } }
    node { ... on Item { ...Kids } }
    ...Top
  }
  fragment Top on Query { b: items { id } warnings(filter: { provinces: ["SH"] }) { totalCount nodes { ...Kids } } }
  fragment Kids on Item { id c: children { ...Leaf } parent { ...Leaf } }
  fragment Leaf on Item { id children { id } d: parent { id } }
`;

/** Fragments that double at each level: 2^(levels-1) spreads of the last one. */
const bomb = (levels: number) =>
  `query { ...F0 } ${Array.from({ length: levels }, (_, i) => (i === levels - 1 ? `fragment F${i} on Query { items { id } }` : `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`)).join(' ')}`;

/** Measured by the walk before fragments were kept (9449ebf). */
const PINNED_NESTED = { depth: 5, aliases: 17, cost: 25162 };

beforeEach(() => fieldsWalked.mockClear());

describe('nested fragments measure as the walk that follows every spread measured them', () => {
  it('gives the same depth, aliases and cost', () => {
    expect(measure(NESTED)).toEqual(PINNED_NESTED);
  });

  it('breaks the depth and alias limits where that walk broke them, at a later spread of a fragment already walked', () => {
    expect(() => measure(NESTED, { ...DEFAULT_LIMITS, maxDepth: PINNED_NESTED.depth - 1 })).toThrow(`the operation is nested ${PINNED_NESTED.depth} levels deep; at most ${PINNED_NESTED.depth - 1} are allowed`);
    expect(() => measure(NESTED, { ...DEFAULT_LIMITS, maxAliases: PINNED_NESTED.aliases - 1 })).toThrow(`the operation uses more than ${PINNED_NESTED.aliases - 1} aliases`);
  });
});

describe('a fragment bomb', () => {
  it('walks the fields of the last fragment once, and costs what every spread of it costs together', () => {
    expect(measure(bomb(12))).toEqual({ depth: 2, aliases: 0, cost: 2 ** 11 * DEFAULT_LIMITS.defaultListSize });
    expect(fieldsWalked).toHaveBeenCalledTimes(2);
  });

  it('is still refused as too large to estimate when its spreads add up to more than the walk allows, without walking them', () => {
    expect(() => measure(bomb(16))).toThrow('the operation is too large to estimate');
    expect(fieldsWalked.mock.calls.length).toBeLessThan(100);
  });
});

describe('a fragment spread inside itself', () => {
  it('is left to graphql to refuse as a cycle: the walk skips it instead of recursing until the stack overflows', () => {
    const document = parse('{ ...A } fragment A on Query { items { id } ...B } fragment B on Query { ...A }');
    expect(validate(schema, document, [...specifiedRules, limitsValidationRule(DEFAULT_LIMITS)]).map((e) => e.message)).toEqual(['Cannot spread fragment "A" within itself via "B".']);
  });
});
