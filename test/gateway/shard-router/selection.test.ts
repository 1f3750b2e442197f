import { buildSubgraphSchema } from '@apollo/subgraph';
import { isCompositeType, parse, print, type FieldNode, type GraphQLCompositeType, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import type { Json } from '../../../gateway/shard-router/json';
import { SelectionRewriter, findReferences, type FoundReference } from '../../../gateway/shard-router/selection';
import { MINI_SDL } from '../../fixtures/shard-router/mini-shards';

const schema = buildSubgraphSchema(parse(MINI_SDL));

function selection(text: string): SelectionSetNode {
  return (parse(text).definitions[0] as OperationDefinitionNode).selectionSet;
}

function typeNamed(name: string): GraphQLCompositeType {
  const type = schema.getType(name);
  if (!type || !isCompositeType(type)) throw new Error(`${name} is not a composite type`);
  return type;
}

const printed = (set: SelectionSetNode): string => print(set).replace(/\s+/g, ' ');

describe('selection rewriting for a shard', () => {
  it.each<[string, string, string, string]>([
    ['leaves a selection without references or merge fields as it is', 'Warning', '{ id headline supersedes { id } }', '{ id headline supersedes { id } }'],
    [
      'cuts a cross-shard reference to its keys and the typename',
      'WaybillParty',
      '{ name enterprise { id name } }',
      '{ name enterprise { _sr_t: __typename _sr_k_creditCode: creditCode } }',
    ],
    ['cuts a reference to a scattered entity to its key', 'Waybill', '{ number vehicle { track(from: "a", to: "b") { at } } }', '{ number vehicle { _sr_t: __typename _sr_k_plate: plate } }'],
    ['adds what merging a list needs: track times', 'Vehicle', '{ track(from: "a", to: "b") { province } }', '{ track(from: "a", to: "b") { province _sr_at: at } }'],
    ['adds what merging a list needs: waybill departures and ids', 'Vehicle', '{ waybills { number } }', '{ waybills { number _sr_departedAt: departedAt _sr_id: id } }'],
    ['asks an abstract type for its concrete type', 'Query', '{ node(id: "SH:Warning:1") { id } }', '{ node(id: "SH:Warning:1") { _sr_t: __typename id } }'],
    [
      'rewrites inside inline fragments by their type condition',
      'Query',
      '{ node(id: "x") { ... on Waybill { destination { enterprise { name } } } } }',
      '{ node(id: "x") { _sr_t: __typename ... on Waybill { destination { enterprise { _sr_t: __typename _sr_k_creditCode: creditCode } } } } }',
    ],
  ])('%s', (_, parent, given, expected) => {
    const rewriter = new SelectionRewriter(schema);
    expect(printed(rewriter.rewrite(selection(given), typeNamed(parent)))).toBe(expected);
  });

  it('remembers each cut reference with its original sub-selection, type and keys', () => {
    const rewriter = new SelectionRewriter(schema);
    const original = selection('{ enterprise { id name } }');
    const rewritten = rewriter.rewrite(original, typeNamed('WaybillParty'));
    const point = rewriter.references.get(rewritten.selections[0] as FieldNode);
    expect(point?.type).toBe('HazmatEnterprise');
    expect(point?.keys).toEqual(['creditCode']);
    expect(point?.original).toBe(original.selections[0]);
  });

  it('rewrites a node once: the same rewritten node for the same node and type (what the printed text is kept by), another for another type', () => {
    const rewriter = new SelectionRewriter(schema);
    const set = selection('{ node(id: "x") { ... on Waybill { destination { enterprise { name } } } } }');
    const field = set.selections[0] as FieldNode;
    const once = rewriter.rewriteField(field, typeNamed('Query'));
    expect(rewriter.rewriteField(field, typeNamed('Query'))).toBe(once);
    expect(rewriter.rewrite(set, typeNamed('Query'))).toBe(rewriter.rewrite(set, typeNamed('Query')));
    // The reference inside is still known by the node that was kept.
    const cut = (((once.selectionSet?.selections[1] as { selectionSet: SelectionSetNode }).selectionSet.selections[0] as FieldNode).selectionSet?.selections[0]) as FieldNode;
    expect(rewriter.references.get(cut)?.type).toBe('HazmatEnterprise');
    const enterprise = selection('{ name }');
    expect(rewriter.rewrite(enterprise, typeNamed('Warning'))).not.toBe(rewriter.rewrite(enterprise, typeNamed('Node')));
    // Another rewriter (a schema loaded again) rewrites afresh.
    expect(new SelectionRewriter(schema).rewriteField(field, typeNamed('Query'))).not.toBe(once);
  });
});

describe('finding references in a shard answer', () => {
  const rewriter = new SelectionRewriter(schema);
  const rewritten = rewriter.rewrite(selection('{ number destination { enterprise { name } } vehicle { plate } }'), typeNamed('Waybill'));
  const ref = (creditCode: string | null): Json => ({ _sr_t: 'HazmatEnterprise', _sr_k_creditCode: creditCode });

  it.each<[string, Json, { path: (string | number)[]; type: string }[]]>([
    [
      'finds every reference of a list of records, with its path',
      [
        { number: 'YD1', destination: { enterprise: ref('A') }, vehicle: { _sr_t: 'Vehicle', _sr_k_plate: '苏A1' } },
        { number: 'YD2', destination: { enterprise: ref('B') }, vehicle: null },
      ],
      [
        { path: ['waybills', 0, 'destination', 'enterprise'], type: 'HazmatEnterprise' },
        { path: ['waybills', 0, 'vehicle'], type: 'Vehicle' },
        { path: ['waybills', 1, 'destination', 'enterprise'], type: 'HazmatEnterprise' },
      ],
    ],
    ['skips a null reference', { number: 'YD1', destination: { enterprise: null }, vehicle: null }, []],
    ['skips a record that is null', null, []],
  ])('%s', (_, answer, expected) => {
    const found: FoundReference[] = [];
    findReferences(schema, rewriter, answer, rewritten, typeNamed('Waybill'), ['waybills'], found);
    expect(found.map((f) => ({ path: f.path, type: f.point.type }))).toEqual(expected);
  });

  it('leaves the path it was given as it was', () => {
    const path = ['waybills'];
    findReferences(schema, rewriter, [{ number: 'YD1', destination: { enterprise: ref('A') }, vehicle: null }], rewritten, typeNamed('Waybill'), path, []);
    expect(path).toEqual(['waybills']);
  });

  it('does not walk the parts of an answer whose selection holds no reference', () => {
    const read: string[] = [];
    const watched = (name: string, value: Json): Json => new Proxy(value as object, { get: (target, key) => (read.push(`${name}.${String(key)}`), Reflect.get(target, key)) }) as Json;
    const plain = rewriter.rewrite(selection('{ number destination { name } }'), typeNamed('Waybill'));
    expect(rewriter.reaches(plain)).toBe(false);
    expect(rewriter.reaches(rewritten)).toBe(true);
    const found: FoundReference[] = [];
    findReferences(schema, rewriter, [watched('waybill', { number: 'YD1', destination: watched('destination', { name: 'x' }) })], plain, typeNamed('Waybill'), ['waybills'], found);
    expect(found).toEqual([]);
    expect(read).toEqual([]);
    // With a reference beside it, only the way to the reference is walked.
    const mixed = rewriter.rewrite(selection('{ number origin { name } destination { enterprise { name } } }'), typeNamed('Waybill'));
    findReferences(schema, rewriter, watched('waybill', { number: 'YD1', origin: watched('origin', { name: 'y' }), destination: { enterprise: ref('A') } }), mixed, typeNamed('Waybill'), ['waybill'], found);
    expect(found.map((f) => f.path)).toEqual([['waybill', 'destination', 'enterprise']]);
    expect(read.filter((r) => r.startsWith('origin.'))).toEqual([]);
  });

  it('reports where each reference sits, so its entity can be spliced in place', () => {
    const answer = { number: 'YD1', destination: { enterprise: ref('A') }, vehicle: null };
    const found: FoundReference[] = [];
    findReferences(schema, rewriter, answer, rewritten, typeNamed('Waybill'), ['waybill'], found);
    expect(found[0].holder).toBe(answer.destination);
    expect(found[0].at).toBe('enterprise');
    expect(found[0].value).toEqual(ref('A'));
  });
});
