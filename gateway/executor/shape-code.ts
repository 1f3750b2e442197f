import type { CompositeType, LeafType, Schema, Type } from '@apollo/federation-internals';
import type { CompiledShape, FragmentStep, Step } from './compile-shape';

type Json = Record<string, unknown>;

/** One shape's walk over an object of the answer (applyShape for its steps): true where the object's null bubbles up. */
export type Walker<Run> = (run: Run, input: Json, output: Json, parentType: CompositeType) => boolean;

/** What a generated walk calls: result shaping's own steps (shape-result.ts), the same for every shape. */
export interface WalkSteps<Run extends { variables: Record<string, unknown>; schema: Schema }> {
  skipped(step: Step, variables: Record<string, unknown>): unknown;
  applies(step: FragmentStep, schema: Schema, typename: unknown, parentType: CompositeType): boolean;
  typename(run: Run, input: Json, responseName: string, inputValue: unknown, parentType: CompositeType): string | null;
  update(run: Run, outputValue: unknown, type: Type, inputValue: unknown, walk: Walker<Run> | null, parentType: CompositeType): unknown;
  leafCheck(schema: Schema, type: LeafType): (value: unknown) => boolean;
  unexpectedTypename(name: unknown): never;
  walkerOf(shape: CompiledShape): Walker<Run>;
}

/** Whether V8 builds functions from source here: false once it refused (node --disallow-code-generation-from-strings). */
export const codeGeneration = { allowed: true };

/**
 * A shape's walk as a function of its own, built from source: each response name is a constant
 * at its own property access, where the interpreted walk reads and writes every object of every
 * shape through one keyed access (V8's generic stubs, a transition looked up per new key). It
 * does what applyShape does, step by step in the same order. Null where V8 builds no code from
 * source: the caller walks the steps interpreted.
 */
export function generatedWalker<Run extends { variables: Record<string, unknown>; schema: Schema }>(shape: CompiledShape, steps: WalkSteps<Run>): Walker<Run> | null {
  if (!codeGeneration.allowed) return null;
  let make: (...args: unknown[]) => Walker<Run>;
  try {
    // Response names are GraphQL names (letters, digits, underscores), written as JSON string literals.
    make = new Function('h', 'steps', 'walkers', 'hasOwn', walkerSource(shape)) as typeof make;
  } catch (error) {
    if (!(error instanceof EvalError)) throw error;
    codeGeneration.allowed = false;
    return null;
  }
  return make(steps, shape, new Array<Walker<Run> | undefined>(shape.length), Object.prototype.hasOwnProperty);
}

/** A leaf type, possibly non-null (not in a list): what a generated walk answers without update for a valid value. */
function leafOf(type: Type): { nonNull: boolean } | null {
  const nonNull = type.kind === 'NonNullType';
  const base = nonNull ? type.ofType : type;
  return base.kind === 'ScalarType' || base.kind === 'EnumType' ? { nonNull } : null;
}

/**
 * The body of a walk: `steps` are the shape's, `walkers[i]` step i's inner walk once first needed,
 * `checks[i]` its leaf check for the schema last walked with (a shape is compiled for one schema).
 */
function walkerSource(shape: CompiledShape): string {
  const lines = [
    "'use strict';",
    'const checks = new Array(steps.length);',
    'let schema = null;',
    'return function walk(run, input, output, parentType) {',
    '  let outputValue, inputValue, name;',
    '  if (run.schema !== schema) {',
    '    schema = run.schema;',
    '    checks.fill(undefined);',
    '  }',
  ];
  shape.forEach((step, i) => {
    const inner = `(walkers[${i}] ??= h.walkerOf(steps[${i}].shape))`;
    lines.push(step.skip || step.include ? `  if (!h.skipped(steps[${i}], run.variables)) {` : '  {');
    if (step.kind === 'fragment') {
      lines.push(
        '    name = input.__typename;',
        "    if (name && typeof name !== 'string') h.unexpectedTypename(name);",
        `    if (h.applies(steps[${i}], run.schema, name, parentType) && ${inner}(run, input, output, steps[${i}].typeCondition ?? parentType)) return true;`,
      );
    } else {
      const key = JSON.stringify(step.responseName);
      lines.push(`    outputValue = output[${key}];`);
      if (step.introspection) {
        lines.push(`    if (outputValue === undefined) output[${key}] = run.introspection(steps[${i}].introspection);`);
      } else {
        lines.push(`    inputValue = (hasOwn.call(input, ${key}) ? input[${key}] : undefined) ?? null;`);
        if (step.isTypename) {
          lines.push('    if (outputValue === undefined) {', `      name = h.typename(run, input, ${key}, inputValue, parentType);`, '      if (name === null) return true;', `      output[${key}] = name;`, '    }');
        } else {
          const update = [
            `run.path.push(${key});`,
            `output[${key}] = h.update(run, outputValue, steps[${i}].type, inputValue, ${step.shape ? inner : 'null'}, parentType);`,
            'run.path.pop();',
            'if (run.invalid) return true;',
          ];
          const leaf = leafOf(step.type);
          if (leaf) {
            // What update answers for a leaf met first with a valid value, or with null where null is allowed; the rest (errors) goes to update.
            lines.push(
              `    if (outputValue === undefined && inputValue !== null && (checks[${i}] ??= h.leafCheck(schema, steps[${i}].type${leaf.nonNull ? '.ofType' : ''}))(inputValue)) output[${key}] = inputValue;`,
              ...(leaf.nonNull ? [] : [`    else if (outputValue === undefined && inputValue === null) output[${key}] = null;`]),
              `    else { ${update.join(' ')} }`,
            );
          } else {
            lines.push(...update.map((line) => `    ${line}`));
          }
        }
      }
    }
    lines.push('  }');
  });
  lines.push('  return false;', '};');
  return lines.join('\n');
}
