import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parse, print, type DocumentNode, type FieldNode, type OperationDefinitionNode } from 'graphql';
import { operationWith } from '../../../gateway/shard-router/document';
import { operationText } from '../../../gateway/shard-router/operation-text';
import { ShardRouter } from '../../../gateway/shard-router/shard-router';
import type { ProvinceCode } from '../../../schema/model';
import { MINI_SDL, MiniShardTransport, code, compareMiniKeys, type MiniShardData, emptyShardData } from '../../fixtures/shard-router/mini-shards';

/**
 * The shard router prints each fetch's operation from root selections it keeps: the text must be
 * what graphql's `print` writes for the same document, byte for byte, whatever the document.
 */

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

function operationOf(text: string): OperationDefinitionNode {
  return parse(text).definitions.find((d) => d.kind === 'OperationDefinition') as OperationDefinitionNode;
}

const LONG_ARGUMENTS = `warnings(filter: { provinces: [SH, JS, ZJ, AH], levels: [RED, ORANGE, YELLOW, BLUE] }, first: 20, after: "a-cursor-long-enough-to-wrap") { totalCount }`;

describe('operationText: graphql print, byte for byte', () => {
  it.each<[string, string]>([
    ['an anonymous query (the short form)', '{ a b { c } }'],
    ['an anonymous query with variables', 'query($id: ID!, $n: Int = 3) { warning(id: $id) { id } list(first: $n) { id } }'],
    ['a named query', 'query Named { a }'],
    ['a named query with variables and default objects', 'query Q($f: WarningFilter = { provinces: [SH] }, $x: [String!]! = ["a", "b"]) { warnings(filter: $f) { totalCount } x(v: $x) }'],
    ['a mutation without a name', 'mutation { m(input: { a: 1 }) { id } }'],
    ['aliases, directives and inline fragments, nested', 'query($s: Boolean!) { w: warning(id: "x") @include(if: $s) { ... on Warning { id h: headline @skip(if: $s) } ... @include(if: $s) { id } } }'],
    ['root inline fragments', 'query { ... on Query { a } b }'],
    ['arguments that wrap past 80 characters', `query { ${LONG_ARGUMENTS} }`],
    ['nested arguments that wrap', `query { a { b { c { ${LONG_ARGUMENTS} } } } }`],
    ['a block string argument spanning lines', 'query { a(text: """\n  line one\n    line two\n""") { b(t: """x\ny""") } }'],
    ['escaped strings and unicode', 'query { a(text: "引号\\"和\\\\反斜杠\\n") }'],
    ['a multi-line default value (printed whole)', 'query($t: String = """\nmulti\nline\n""") { a(t: $t) }'],
    ['a directive on the operation (printed whole)', 'query Q @cached { a }'],
    ['fragments beside the operation (printed whole)', 'query { ...F } fragment F on Query { a }'],
  ])('%s', (_, text) => {
    const document = parse(text);
    expect(operationText(document)).toBe(print(document));
    // Again, from the texts kept for its nodes.
    expect(operationText(document)).toBe(print(document));
  });

  it('an operation built from kept selections: the variables each uses, the same text as print, whatever the template', () => {
    const template = operationOf('query T($a: Int, $b: String, $unused: ID) { x(a: $a) { y } z(b: $b) w }');
    const [x, z, w] = template.selectionSet.selections as FieldNode[];
    const cases: DocumentNode[] = [operationWith(template, [x]), operationWith(template, [z, w]), operationWith(template, [w]), operationWith(template, [x, z])];
    const other = operationOf('query Other($a: Int!) { unrelated }');
    cases.push(operationWith(other, [x]), operationWith(other, [w]));
    for (const document of cases) expect(operationText(document)).toBe(print(document));
    expect(operationText(cases[0])).toBe('query T($a: Int) {\n  x(a: $a) {\n    y\n  }\n}');
    expect(operationText(cases[2])).toBe('query T {\n  w\n}');
    expect((cases[3].definitions[0] as OperationDefinitionNode).variableDefinitions?.map((d) => d.variable.name.value)).toEqual(['a', 'b']);
    expect(operationText(cases[4])).toBe('query Other($a: Int!) {\n  x(a: $a) {\n    y\n  }\n}');
  });

  it('the same document for the same template and nodes, so that it is printed once', () => {
    const template = operationOf('query T($a: Int, $b: String) { x(a: $a) { y } z(b: $b) w }');
    const [x, z, w] = template.selectionSet.selections as FieldNode[];
    const document = operationWith(template, [x, z]);
    expect(operationWith(template, [x, z])).toBe(document);
    expect(operationWith(template, [z, x])).not.toBe(document);
    expect(operationWith(template, [x])).not.toBe(document);
    expect(operationWith(template, [x, z, w])).not.toBe(document);
    expect(operationWith(operationOf('query T($a: Int, $b: String) { x(a: $a) { y } z(b: $b) w }'), [x, z])).not.toBe(document);
    const variable = operationOf('query ($v: Int) { v }').variableDefinitions?.[0];
    if (!variable) throw new Error('no variable definition');
    expect(operationWith(template, [x], [variable])).toBe(operationWith(template, [x], [variable]));
    expect(operationWith(template, [x], [variable])).not.toBe(operationWith(template, [x]));
    // Its text is kept with it: printed once, not again (the document is not changed after it is built; this shows the text is not printed anew).
    const text = operationText(document);
    (document.definitions[0] as { name?: unknown }).name = undefined;
    expect(operationText(operationWith(template, [x, z]))).toBe(text);
  });

  it('keeps no document past the nodes it was built from (a later page\'s position is one request\'s)', async () => {
    const template = operationOf('query T($a: Int) { x(a: $a) { y } }');
    const built = (i: number): WeakRef<DocumentNode> => new WeakRef(operationWith(template, [operationOf(`query { x(after: "position ${i}") { y } }`).selectionSet.selections[0]]));
    const refs = Array.from({ length: 20 }, (_, i) => built(i));
    expect(operationWith(template, template.selectionSet.selections)).toBe(operationWith(template, template.selectionSet.selections));
    // A WeakRef holds its target until the current job ends.
    await new Promise((resolve) => setImmediate(resolve));
    collectGarbage();
    expect(refs.filter((r) => r.deref() !== undefined)).toEqual([]);
  });
});


function fixture(): Record<ProvinceCode, MiniShardData> {
  const data: Record<ProvinceCode, MiniShardData> = { SH: emptyShardData(), JS: emptyShardData(), ZJ: emptyShardData(), AH: emptyShardData() };
  for (const p of ['SH', 'JS', 'ZJ', 'AH'] as const) {
    data[p].warnings = Array.from({ length: 4 }, (_, i) => ({ id: `${p}:Warning:${i + 1}`, province: p, level: 'RED', issuedAt: `2026-07-1${i}T08:00:00+08:00`, headline: `${p} ${i + 1}` }));
  }
  data.SH.enterprises = [{ id: 'SH:HazmatEnterprise:SHE-1', creditCode: code('31', 1), name: '上海某石化' }];
  data.JS.waybills = [{ id: 'JS:Waybill:YD1', number: 'YD1', plate: '苏A12345', destination: { name: '上海某石化', creditCode: code('31', 1) }, departedAt: '2026-07-12T07:00:00+08:00' }];
  return data;
}

describe('the shard router sends the text print would send, request after request', () => {
  const WARNINGS = 'query($first: Int, $after: String) { warnings(first: $first, after: $after) { totalCount edges { cursor node { id headline } } } }';
  const WAYBILL = 'query($id: ID!) { waybill(id: $id) { number destination { name enterprise { id name } } } }';

  async function run(router: ShardRouter, query: string, variables: Record<string, unknown>): Promise<Record<string, unknown>> {
    const res = await router.process({ kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION, request: { query, variables }, context: {}, incomingRequestContext: {} as never });
    expect(res.errors).toBeUndefined();
    return res.data as Record<string, unknown>;
  }

  it('first pages, later pages with their cursors, and cross-shard references, each sent as print writes it', async () => {
    const transport = new MiniShardTransport(fixture());
    const router = new ShardRouter({ transport, sdl: MINI_SDL, compareKeys: compareMiniKeys });
    const first = await run(router, WARNINGS, { first: 3 });
    const firstTexts = transport.calls.map((c) => c.query);
    transport.calls.length = 0;
    expect(await run(router, WARNINGS, { first: 3 })).toEqual(first);
    // The same fetch again: the same text (now composed from kept selections).
    expect(transport.calls.map((c) => c.query)).toEqual(firstTexts);

    const edges = (first.warnings as { edges: { cursor: string }[] }).edges;
    transport.calls.length = 0;
    await run(router, WARNINGS, { first: 3, after: edges[2].cursor });
    const later = transport.calls.map((c) => c.query);
    // A later page carries each province's own position, as a literal in that province's text.
    expect(new Set(later).size).toBeGreaterThan(1);
    expect(later.some((q) => /after: "/.test(q))).toBe(true);

    transport.calls.length = 0;
    const waybill = await run(router, WAYBILL, { id: 'JS:Waybill:YD1' });
    expect(waybill).toEqual({ waybill: { number: 'YD1', destination: { name: '上海某石化', enterprise: { id: 'SH:HazmatEnterprise:SHE-1', name: '上海某石化' } } } });
    const referenceTexts = transport.calls.map((c) => c.query).filter((q) => !q.includes('creditCodeHoldings'));
    expect(referenceTexts.some((q) => q.includes('_entities'))).toBe(true);

    for (const text of [...firstTexts, ...later, ...referenceTexts]) expect(text).toBe(print(parse(text)));
  });
});
