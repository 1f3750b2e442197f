import { buildSchema, parse, validate, type OperationDefinitionNode } from 'graphql';
import { DEFAULT_LIMITS, keptMeasures, limitsValidationRule, measureOperation, type LimitOptions } from '../../../../gateway/plugins/apollo/limits';
import { measuredVariables } from '../../../../gateway/plugins/apollo/measured-variables';

/**
 * Limits on every operation before the gateway plans a fetch. The schema borrows the contract's
 * root field names, so that the routing table's fan-out applies: `warnings` is a connection
 * scattered to the provinces named by `filter.provinces` (all four by default).
 */

const schema = buildSchema(`
  type Query { warnings(first: Int, filter: WarningFilter): WarningConnection  items: [Item] }
  input WarningFilter { provinces: [String!] }
  type WarningConnection { nodes: [Item] totalCount: Int }
  type Item { id: ID  children: [Item] }
`);

function measure(query: string, options: LimitOptions = DEFAULT_LIMITS, variables?: Record<string, unknown>) {
  const document = parse(query);
  return measureOperation(schema, document, document.definitions[0] as OperationDefinitionNode, variables, options);
}

describe('the estimated cost', () => {
  it('counts records: a connection page times its items, times the provinces it is scattered to', () => {
    expect(measure('{ warnings(first: 10) { nodes { id } } }').cost).toBe(4 * (1 + 10));
    expect(measure('{ warnings(first: 10, filter: { provinces: ["SH", "JS"] }) { nodes { id } } }').cost).toBe(2 * (1 + 10));
    expect(measure('query($n: Int) { warnings(first: $n) { nodes { id } } }', DEFAULT_LIMITS, { n: 3 }).cost).toBe(4 * (1 + 3));
  });

  it('takes the default page size for a connection asked without first, and the default list size elsewhere', () => {
    expect(measure('{ warnings { totalCount } }').cost).toBe(4);
    expect(measure('{ warnings { nodes { id } } }').cost).toBe(4 * (1 + DEFAULT_LIMITS.defaultFirst));
    expect(measure('{ items { id } }').cost).toBe(DEFAULT_LIMITS.defaultListSize);
  });

  it('refuses an operation over the cost limit with QUERY_TOO_COMPLEX', () => {
    expect(() => measure('{ warnings(first: 100) { nodes { children { id } } } }', { ...DEFAULT_LIMITS, maxCost: 1000 })).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'QUERY_TOO_COMPLEX', http: { status: 400 } }) }),
    );
  });
});

describe('depth, aliases and page sizes', () => {
  it('refuses nesting deeper than maxDepth with QUERY_TOO_DEEP, and reports the depth it measured', () => {
    const options = { ...DEFAULT_LIMITS, maxDepth: 3 };
    expect(measure('{ items { children { id } } }', options).depth).toBe(3);
    expect(() => measure('{ items { children { children { id } } } }', options)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'QUERY_TOO_DEEP' }) }));
  });

  it('refuses more aliases than maxAliases with QUERY_TOO_COMPLEX; a field aliased to its own name is no alias', () => {
    const options = { ...DEFAULT_LIMITS, maxAliases: 1 };
    expect(measure('{ a: items { id } items: items { id } }', options).aliases).toBe(1);
    expect(() => measure('{ a: items { id } b: items { id } }', options)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'QUERY_TOO_COMPLEX' }) }));
  });

  it('refuses a page larger than maxFirst with BAD_USER_INPUT naming the argument', () => {
    expect(() => measure(`{ warnings(first: ${DEFAULT_LIMITS.maxFirst + 1}) { totalCount } }`)).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', argument: 'first' }) }),
    );
  });
});

describe('the validation rule', () => {
  it('fails validation for depth and aliases, before the operation enters the cache of validated documents', () => {
    const rule = limitsValidationRule({ ...DEFAULT_LIMITS, maxDepth: 3, maxAliases: 1 });
    expect(validate(schema, parse('{ items { children { id } } }'), [rule])).toEqual([]);
    expect(validate(schema, parse('{ items { children { children { id } } } }'), [rule]).map((e) => e.message)).toEqual([expect.stringContaining('nested 4 levels deep')]);
    expect(validate(schema, parse('{ a: items { id } b: items { id } }'), [rule]).map((e) => e.message)).toEqual([expect.stringContaining('aliases')]);
  });
});

describe('measures kept per parsed operation (the request path)', () => {
  const operationOf = (query: string) => {
    const document = parse(query);
    return { document, operation: document.definitions[0] as OperationDefinitionNode };
  };

  it('keeps the measure of an operation without variables, per schema: the same answer, not walked again', () => {
    const measureKept = keptMeasures(DEFAULT_LIMITS);
    const { document, operation } = operationOf('{ warnings(first: 10) { nodes { id } } }');
    const first = measureKept(schema, document, operation, undefined);
    expect(first.cost).toBe(4 * (1 + 10));
    expect(measureKept(schema, document, operation, undefined)).toBe(first);
    const otherSchema = buildSchema('type Query { warnings(first: Int): [Item] } type Item { id: ID }');
    expect(measureKept(otherSchema, document, operation, undefined)).not.toBe(first);
  });

  it('keeps the measure of an operation per variables: the same variables not walked again, others with theirs', () => {
    const measureKept = keptMeasures(DEFAULT_LIMITS);
    const { document, operation } = operationOf('query($n: Int) { warnings(first: $n) { nodes { id } } }');
    const three = measureKept(schema, document, operation, { n: 3 });
    expect(three.cost).toBe(4 * (1 + 3));
    expect(measureKept(schema, document, operation, { n: 7 }).cost).toBe(4 * (1 + 7));
    expect(measureKept(schema, document, operation, { n: 3 })).toBe(three);
    for (let i = 0; i < 2; i++) {
      expect(() => measureKept(schema, document, operation, { n: 10_000 })).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }));
    }
  });

  it('keeps a few variables per operation, the oldest going first, and no long ones', () => {
    const measureKept = keptMeasures(DEFAULT_LIMITS);
    const { document, operation } = operationOf('query($n: Int, $note: String) { warnings(first: $n) { nodes { id } } }');
    const first = measureKept(schema, document, operation, { n: 1 });
    for (let n = 2; n <= 16; n++) measureKept(schema, document, operation, { n });
    expect(measureKept(schema, document, operation, { n: 1 })).toBe(first);
    measureKept(schema, document, operation, { n: 17 });
    measureKept(schema, document, operation, { n: 18 });
    const again = measureKept(schema, document, operation, { n: 1 });
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
    const long = { p: Array.from({ length: 300 }, (_, i) => `P${i}`) };
    const { document: filtered, operation: byProvinces } = operationOf('query($p: [String!]) { warnings(filter: { provinces: $p }) { totalCount } }');
    expect(measureKept(schema, filtered, byProvinces, long)).not.toBe(measureKept(schema, filtered, byProvinces, long));
    expect(measureKept(schema, filtered, byProvinces, { p: ['SH'] })).toBe(measureKept(schema, filtered, byProvinces, { p: ['SH'] }));
  });

  const recordSchema = buildSchema(`
    scalar DateTime
    enum Kind { A B }
    type Query { warnings(first: Int, filter: Filter): WarningConnection  item(id: ID!, kind: Kind, at: DateTime, tag: String, size: Int): Item }
    input Filter { provinces: [String!] zone: String }
    type WarningConnection { nodes: [Item] totalCount: Int }
    type Item { id: ID }
  `);

  it('depends only on the variables the walk can read: not ids, enums, unchecked scalars, nor directives', () => {
    const query = parse(`query($id: ID!, $k: Kind, $at: DateTime, $n: Int, $p: [String!], $skip: Boolean!, $tag: String, $z: String, $size: Int, $twice: Int) {
      item(id: $id, kind: $k, at: $at, tag: $tag, size: $size) @skip(if: $skip) { id }
      warnings(first: $n, filter: { provinces: $p, zone: $z }) { totalCount }
      again: item(id: "1", size: $twice) { id }
      more: warnings(first: $twice) { totalCount }
      unknown: item(id: "1", notAnArgument: $id) { id }
    }`);
    expect([...measuredVariables(recordSchema, query, ['first', 'filter'])].sort()).toEqual(['at', 'id', 'n', 'p', 'twice', 'z']);
    const plain = parse('query($id: ID!, $tag: String) { item(id: $id, tag: $tag) { id } }');
    expect(measuredVariables(recordSchema, plain, ['first', 'filter']).size).toBe(0);
  });

  it('walks a query asked for ever new records once, and again for every page size and date', () => {
    const measureKept = keptMeasures(DEFAULT_LIMITS);
    const { document, operation } = operationOf('query($id: ID!, $n: Int, $at: DateTime) { item(id: $id, at: $at) { id } warnings(first: $n) { nodes { id } } }');
    const first = measureKept(recordSchema, document, operation, { id: 'a', n: 3 });
    for (const id of ['b', 'c', 'd']) expect(measureKept(recordSchema, document, operation, { id, n: 3 })).toBe(first);
    expect(measureKept(recordSchema, document, operation, { id: 'e', n: 4 }).cost).toBe(1 + 4 * (1 + 4));
    expect(measureKept(recordSchema, document, operation, { id: 'f', n: 3, at: '2026-07-12T12:00:00+08:00' }).cost).toBe(first.cost);
    for (let i = 0; i < 2; i++) {
      expect(() => measureKept(recordSchema, document, operation, { id: `g${i}`, n: 3, at: 'yesterday' })).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', argument: 'at' }) }));
      expect(() => measureKept(recordSchema, document, operation, { id: `h${i}`, n: 10_000 })).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', argument: 'first' }) }));
    }
    // A measured variable given null is told from one not given.
    expect(measureKept(recordSchema, document, operation, { id: 'i', n: null })).not.toBe(measureKept(recordSchema, document, operation, { id: 'i' }));
  });

  it('refuses an operation over a limit every time it is asked', () => {
    const measureKept = keptMeasures({ ...DEFAULT_LIMITS, maxCost: 1000 });
    const { document, operation } = operationOf('{ warnings(first: 100) { nodes { children { id } } } }');
    for (let i = 0; i < 2; i++) {
      expect(() => measureKept(schema, document, operation, undefined)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'QUERY_TOO_COMPLEX' }) }));
    }
  });
});
