import type { ApolloGateway } from '@apollo/gateway';
import type { Schema, SelectionSet } from '@apollo/federation-internals';
import { OptedInSchemas } from './api-schemas';
import { compileShape, type CompiledShape } from './compile-shape';
import { applyShape, type ShapeRun } from './shape-result';

type ComputeResponse = typeof import('@apollo/gateway/dist/resultShaping').computeResponse;
type ShapingInput = Parameters<ComputeResponse>[0];

/** The module executeQueryPlan reads `computeResponse` from at each call (`(0, resultShaping_1.computeResponse)(…)`). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const resultShaping = require('@apollo/gateway/dist/resultShaping') as { computeResponse: ComputeResponse };
const stockComputeResponse = resultShaping.computeResponse;
/** The API schemas of the gateways that shape with compiled steps; every other gateway in the process keeps the stock walk. */
const compiledSchemas = new OptedInSchemas();

/** The final answer of a plan, as @apollo/gateway's computeResponse makes it, from the operation's compiled steps. */
export function compiledComputeResponse({ operation, variables, input, introspectionHandling }: ShapingInput): ReturnType<ComputeResponse> {
  if (!input) return { data: input, errors: [] };
  const schema = operation.schema();
  const { shape, newObject } = compiledOf(operation.selectionSet, schema);
  const run: ShapeRun = {
    schema,
    variables: { __proto__: null, ...operation.collectDefaultedVariableValues(), ...variables },
    errors: [],
    introspection: introspectionHandling,
    path: [],
    newObject,
    invalid: false,
    hasErrors: false,
  };
  const data = run.newObject();
  const root = schema.schemaDefinition.rootType(operation.rootKind);
  if (!root) throw new Error(`No ${operation.rootKind} type in the API schema`);
  const bubbled = applyShape(run, input, shape, data, root);
  return { data: bubbled ? null : data, errors: run.errors };
}

interface Compiled {
  shape: CompiledShape;
  newObject: ShapeRun['newObject'];
}
/** Compiled steps per operation: the plan executor keeps each parsed operation, so a repeated query compiles nothing. */
const compiled = new WeakMap<SelectionSet, Compiled>();

function compiledOf(selectionSet: SelectionSet, schema: Schema): Compiled {
  let known = compiled.get(selectionSet);
  if (!known) {
    const seen = new Map<SelectionSet, CompiledShape>();
    const shape = compileShape(selectionSet, schema, seen);
    known = { shape, newObject: namesProto(seen.values()) ? () => Object.create(null) as Record<string, unknown> : () => ({}) };
    compiled.set(selectionSet, known);
  }
  return known;
}

/** Whether a response name is `__proto__`: a plain object would take it for its prototype. */
function namesProto(shapes: Iterable<CompiledShape>): boolean {
  for (const shape of shapes) if (shape.some((step) => step.kind === 'field' && step.responseName === '__proto__')) return true;
  return false;
}

function dispatchingComputeResponse(parameters: ShapingInput): ReturnType<ComputeResponse> {
  return compiledSchemas.has(parameters.operation.schema()) ? compiledComputeResponse(parameters) : stockComputeResponse(parameters);
}

/** The stock walk, for the differential tests. */
export function stockShaping(parameters: ShapingInput): ReturnType<ComputeResponse> {
  return stockComputeResponse(parameters);
}

/** Whether this gateway's answers are shaped by compiled steps. */
export function shapesWithCompiledSteps(gateway: ApolloGateway): boolean {
  return resultShaping.computeResponse !== stockComputeResponse && compiledSchemas.holds(gateway);
}

/**
 * The gateway shapes its answers with compiled steps (COMPILED_RESULT_SHAPING): @apollo/gateway
 * has no hook for it, so the module function its executor calls is replaced once by one that picks,
 * per API schema, the compiled walk for this gateway's schemas and the stock one for any other.
 */
export function useCompiledShaping<G extends ApolloGateway>(enabled: boolean, gateway: G): G {
  if (!enabled) return gateway;
  // Installed once; a test's comparing wrapper (test/support/shaping-differential.ts) is left in place.
  if (resultShaping.computeResponse === stockComputeResponse) resultShaping.computeResponse = dispatchingComputeResponse;
  compiledSchemas.add(gateway);
  return gateway;
}
