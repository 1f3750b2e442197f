import { ERRORS, isSubtype as subtype, type CompositeType, type LeafType, type FieldSelection, type NamedType, type Schema, type Type } from '@apollo/federation-internals';
import type { GraphQLError } from 'graphql';
import type { CompiledShape, FragmentStep, IfArgument, Step } from './compile-shape';
import { isValidLeafValue, leafCheck } from './leaf-check';
import { generatedWalker, type Walker, type WalkSteps } from './shape-code';

// Read once: the package's index re-exports through getters, which cost a call on every access.
const isSubtype = subtype;
const INVALID_GRAPHQL = ERRORS.INVALID_GRAPHQL;

type Json = Record<string, unknown>;
type Path = (string | number)[];

/**
 * One answer being shaped. `invalid` and `hasErrors` are what @apollo/gateway's updateOutputValue
 * returns beside the value (`isInvalid`, `hasErrors`): set by every `update` call, read right after it.
 */
export interface ShapeRun {
  schema: Schema;
  variables: Record<string, unknown>;
  errors: GraphQLError[];
  introspection: (selection: FieldSelection) => unknown;
  path: Path;
  /** A new answer object: a plain one, or one without a prototype where a response name is `__proto__`. */
  newObject: () => Json;
  invalid: boolean;
  hasErrors: boolean;
}

function fail(message: () => string): never {
  throw new Error(message());
}

function ifValue(argument: IfArgument, variables: Record<string, unknown>): unknown {
  if ('literal' in argument) return argument.literal;
  const value = variables[argument.variable];
  if (value === undefined || typeof value !== 'boolean') fail(() => `Unexpected value ${value} for variable ${argument.printed} of ${argument.directive}`);
  return value;
}

function skipped(step: Step, variables: Record<string, unknown>): unknown {
  return (step.skip && ifValue(step.skip, variables)) || (step.include && !ifValue(step.include, variables));
}

function own(object: Json, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
}

function isComposite(type: { kind: string }): boolean {
  return type.kind === 'ObjectType' || type.kind === 'InterfaceType' || type.kind === 'UnionType';
}

function applies(step: FragmentStep, schema: Schema, typename: unknown, parentType: CompositeType): boolean {
  const condition = step.typeCondition;
  if (!condition) return true;
  const key = typename || parentType;
  let result = step.applies.get(key);
  if (result === undefined) {
    const type = typename ? schema.type(typename as string) : parentType;
    result = !!type && isSubtype(condition, type);
    step.applies.set(key, result);
  }
  return result;
}

function describeLast(path: Path, currentType: Type, parentType: CompositeType): string {
  const element = path[path.length - 1];
  if (element === undefined) fail(() => 'Should not have been called on an empty path');
  return typeof element === 'string' ? `field ${parentType}.${element}` : `array element of type ${currentType} at index ${element}`;
}

function invalid(run: ShapeRun, message: string): void {
  run.errors.push(INVALID_GRAPHQL.err(message, { path: Array.from(run.path) }));
}

function done(run: ShapeRun, value: unknown, isInvalid: boolean, hasErrors: boolean): unknown {
  run.invalid = isInvalid;
  run.hasErrors = hasErrors;
  return value;
}

function typename(run: ShapeRun, input: Json, responseName: string, inputValue: unknown, parentType: CompositeType): string | null {
  if (inputValue === null && responseName !== '__typename') inputValue = input.__typename ?? null;
  const type = inputValue !== null && typeof inputValue === 'string' ? (run.schema.type(inputValue) ?? parentType) : parentType;
  return type.kind === 'ObjectType' ? type.name : null;
}

/** @apollo/gateway's applySelectionSet over compiled steps: true where it answers NULL_BUBBLE_UP. */
export function applyShape(run: ShapeRun, input: Json, shape: CompiledShape, output: Json, parentType: CompositeType): boolean {
  return walkerOf(shape)(run, input, output, parentType);
}

const walkers = new WeakMap<CompiledShape, Walker<ShapeRun>>();

/** Each shape's walk, built once: from source (shape-code.ts), or the steps interpreted where V8 builds no code from source. */
function walkerOf(shape: CompiledShape): Walker<ShapeRun> {
  let walker = walkers.get(shape);
  if (!walker) {
    walker = generatedWalker(shape, WALK_STEPS) ?? ((run, input, output, parentType) => interpretShape(run, input, shape, output, parentType));
    walkers.set(shape, walker);
  }
  return walker;
}

const WALK_STEPS: WalkSteps<ShapeRun> = {
  skipped,
  applies,
  typename,
  update,
  leafCheck,
  unexpectedTypename: (name) => fail(() => `Got unexpected value for __typename: ${name}`),
  walkerOf,
};

/** The walk of a shape's steps one after the other, what a generated walk does. */
function interpretShape(run: ShapeRun, input: Json, shape: CompiledShape, output: Json, parentType: CompositeType): boolean {
  for (const step of shape) {
    if (skipped(step, run.variables)) continue;
    if (step.kind === 'fragment') {
      const name = input.__typename;
      if (name && typeof name !== 'string') WALK_STEPS.unexpectedTypename(name);
      if (applies(step, run.schema, name, parentType) && walkerOf(step.shape)(run, input, output, step.typeCondition ?? parentType)) return true;
      continue;
    }
    const responseName = step.responseName;
    const outputValue = output[responseName];
    if (step.introspection) {
      if (outputValue === undefined) output[responseName] = run.introspection(step.introspection);
      continue;
    }
    const inputValue = own(input, responseName) ?? null;
    if (step.isTypename) {
      if (outputValue !== undefined) continue;
      const name = typename(run, input, responseName, inputValue, parentType);
      if (name === null) return true;
      output[responseName] = name;
      continue;
    }
    run.path.push(responseName);
    output[responseName] = update(run, outputValue, step.type, inputValue, step.shape ? walkerOf(step.shape) : null, parentType);
    run.path.pop();
    if (run.invalid) return true;
  }
  return false;
}

function updateList(run: ShapeRun, outputValue: unknown, type: Type & { ofType: Type }, inputValue: unknown, walk: Walker<ShapeRun> | null, parentType: CompositeType): unknown {
  if (!Array.isArray(inputValue)) fail(() => `Invalid non-list value ${inputValue} returned by subgraph for list type ${type}`);
  if (outputValue !== undefined && !Array.isArray(outputValue)) fail(() => `Invalid non-list value ${outputValue} returned by subgraph for list type ${type}`);
  const outputs: readonly unknown[] | undefined = outputValue;
  if (outputs && inputValue.length !== outputs.length) fail(() => `[${inputValue}].length (${inputValue.length}) !== [${outputs}].length (${outputs.length})`);
  let nullify = false;
  let hasErrors = false;
  const updated: unknown[] = [];
  for (let i = 0; i < inputValue.length; i++) {
    run.path.push(i);
    updated.push(update(run, outputs ? outputs[i] : undefined, type.ofType, inputValue[i], walk, parentType));
    run.path.pop();
    nullify ||= run.invalid;
    hasErrors ||= run.hasErrors;
  }
  return done(run, nullify ? null : updated, false, hasErrors);
}

function updateComposite(run: ShapeRun, outputValue: unknown, type: Type, inputValue: unknown, walk: Walker<ShapeRun> | null, parentType: CompositeType): unknown {
  if (!walk) fail(() => `Invalid empty selection set for composite type ${type}`);
  if (typeof inputValue !== 'object') fail(() => `Invalid non-object value ${inputValue} returned by subgraph for composite type ${type}`);
  if (outputValue !== undefined && typeof outputValue !== 'object') fail(() => `Invalid non-object value ${inputValue} returned by subgraph for composite type ${type}`);
  const input = inputValue as Json;
  const inputTypename = input.__typename;
  if (inputTypename !== undefined && typeof inputTypename !== 'string') fail(() => `Invalid non-string value ${inputTypename} for __typename at ${run.path}`);
  let objectType = type as CompositeType;
  if (inputTypename) {
    const named: NamedType | undefined = run.schema.type(inputTypename);
    if (!named || !isComposite(named)) {
      invalid(run, `Invalid __typename found for object at ${describeLast(run.path, type, parentType)}.`);
      return done(run, null, false, true);
    }
    objectType = named as CompositeType;
  }
  const output = outputValue === undefined ? run.newObject() : (outputValue as Json);
  const bubbled = walk(run, input, output, objectType);
  return done(run, bubbled ? null : output, false, bubbled);
}

/** @apollo/gateway's updateOutputValue; its flags land in `run.invalid` and `run.hasErrors`. */
function update(run: ShapeRun, outputValue: unknown, type: Type, inputValue: unknown, walk: Walker<ShapeRun> | null, parentType: CompositeType): unknown {
  if (inputValue === undefined) fail(() => 'Should not pass undefined for `inputValue` to this method');
  if (outputValue === null || (outputValue !== undefined && !walk)) return done(run, outputValue, false, false);
  if (type.kind === 'NonNullType') {
    const updated = update(run, outputValue, type.ofType, inputValue, walk, parentType);
    if (updated !== null) return done(run, updated, false, false);
    if (!run.hasErrors) invalid(run, `Cannot return null for non-nullable ${describeLast(run.path, type.ofType, parentType)}.`);
    return done(run, null, true, true);
  }
  if (inputValue === null) return done(run, null, false, false);
  if (type.kind === 'ListType') return updateList(run, outputValue, type, inputValue, walk, parentType);
  if (isComposite(type)) return updateComposite(run, outputValue, type, inputValue, walk, parentType);
  if (outputValue !== undefined) fail(() => `Excepted output to be undefined but got ${type} for type ${type}`);
  const valid = isValidLeafValue(run.schema, inputValue, type as LeafType);
  if (!valid) invalid(run, `Invalid value found for ${describeLast(run.path, type, parentType)}.`);
  return done(run, valid ? inputValue : null, false, !valid);
}
