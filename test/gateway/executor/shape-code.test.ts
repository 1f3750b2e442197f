import { buildSchema, parseOperation } from '@apollo/federation-internals';
import { compileShape } from '../../../gateway/executor/compile-shape';
import { codeGeneration, generatedWalker, type WalkSteps } from '../../../gateway/executor/shape-code';

/**
 * Result shaping walks each compiled shape with a function built from source for it
 * (shape-code.ts): response names are constants at their own property accesses. Its answers are
 * the stock walk's (compiled-shaping.test.ts, for generated and interpreted walks alike).
 */

const schema = buildSchema(`
  enum Level { RED BLUE }
  type Query { warnings: [Warning!]! }
  type Warning { id: ID! level: Level headline: String pages: Int! related: Warning }
`);
const shape = compileShape(parseOperation(schema, '{ warnings { id level ... on Warning { headline } r: related { id } } }').selectionSet, schema);
type Run = { variables: Record<string, unknown>; schema: typeof schema };
const refused: WalkSteps<Run> = {
  skipped: () => false,
  applies: () => true,
  typename: () => null,
  update: () => null,
  leafCheck: () => () => true,
  unexpectedTypename: () => {
    throw new Error('unexpected');
  },
  walkerOf: () => () => false,
};

describe('a generated walk', () => {
  it('reads and writes each response name at an access of its own, a leaf met valid without a call', () => {
    const inner = compileShape(parseOperation(schema, '{ warnings { id level headline r: related { id } } }').selectionSet, schema);
    const warnings = inner[0];
    if (warnings.kind !== 'field' || !warnings.shape) throw new Error('warnings has a selection');
    const source = String(generatedWalker(warnings.shape, refused));
    for (const name of ['id', 'level', 'headline', 'r']) expect(source).toContain(`output["${name}"] = `);
    expect(source).toContain('(checks[0] ??= h.leafCheck(schema, steps[0].type.ofType))(inputValue)) output["id"] = inputValue;');
    expect(source).toContain('else if (outputValue === undefined && inputValue === null) output["headline"] = null;');
    expect(source).toContain('(walkers[3] ??= h.walkerOf(steps[3].shape))');
  });

  it('makes each leaf step its check once, again for another schema', () => {
    const inner = compileShape(parseOperation(schema, '{ warnings { id level headline } }').selectionSet, schema)[0];
    if (inner.kind !== 'field' || !inner.shape) throw new Error('warnings has a selection');
    const made: string[] = [];
    const walk = generatedWalker(inner.shape, { ...refused, leafCheck: (_schema, type) => (made.push(type.name), () => true) });
    if (!walk) throw new Error('code from source is allowed here');
    const input = { id: 'w1', level: 'RED', headline: '长三角' };
    const runWith = (s: typeof schema) => {
      const output = {};
      expect(walk({ schema: s, variables: {} } as Run, input, output, schema.type('Warning') as never)).toBe(false);
      expect(output).toEqual(input);
    };
    runWith(schema);
    runWith(schema);
    expect(made).toEqual(['ID', 'Level', 'String']);
    runWith(buildSchema('type Query { a: Int }'));
    expect(made).toEqual(['ID', 'Level', 'String', 'ID', 'Level', 'String']);
  });

  it('is not made where V8 refuses code from source: the caller interprets the steps, from then on', () => {
    const original = globalThis.Function;
    globalThis.Function = function refusing() {
      throw new EvalError('Code generation from strings disallowed for this context');
    } as unknown as FunctionConstructor;
    try {
      expect(generatedWalker(shape, refused)).toBeNull();
      expect(codeGeneration.allowed).toBe(false);
    } finally {
      globalThis.Function = original;
      codeGeneration.allowed = true;
    }
    expect(generatedWalker(shape, refused)).toEqual(expect.any(Function));
  });
});
