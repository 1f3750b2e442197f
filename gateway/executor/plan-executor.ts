import { ERRORS, assert as federationAssert, errorCodeDef as federationErrorCodeDef, operationFromDocument as federationOperationFromDocument, type Operation, type Schema } from '@apollo/federation-internals';
import type { ApolloGateway, executeQueryPlan as ExecuteQueryPlan } from '@apollo/gateway';
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types';
import { evaluateCondition, getResponseName, type FetchNode, type PlanNode, type QueryPlanSelectionNode } from '@apollo/query-planner';
import { SpanStatusCode } from '@opentelemetry/api';
import { OptedInSchemas } from './api-schemas';
import { mergedFetchParts, unmergedPlan } from './merged-fetches';
import { takesSharedEntities } from '../plugins/fetch/shared-entities';
import {
  GraphQLError,
  Kind,
  OperationTypeNode,
  executeSync,
  visit,
  type DocumentNode,
  type GraphQLFormattedError,
  type OperationDefinitionNode,
  type SelectionNode,
  type VariableDefinitionNode,
} from 'graphql';

type Parameters7 = Parameters<typeof ExecuteQueryPlan>;
type QueryPlan = Parameters7[0];
type ServiceMap = Parameters7[1];
type Service = ServiceMap[string];
type RequestContext = Parameters7[2];
type OperationContext = Parameters7[3];
type SupergraphSchema = Parameters7[4];
type TelemetryConfig = Parameters7[6];
type ExecutionResult = Awaited<ReturnType<typeof ExecuteQueryPlan>>;
type Json = Record<string, unknown>;
type Path = (string | number)[];
type ResultData = Json | Json[] | null | undefined;
type Rewrites = FetchNode['inputRewrites'];

interface ApolloExecution {
  executeQueryPlan: typeof ExecuteQueryPlan;
  generateHydratedPaths(parent: Path, path: Path, data: unknown, result: Path[]): void;
}
/** The modules @apollo/gateway's ApolloGateway reads `executeQueryPlan` and the final shaping from at each call. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const apolloExecution = require('@apollo/gateway/dist/executeQueryPlan') as ApolloExecution;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const resultShaping = require('@apollo/gateway/dist/resultShaping') as { computeResponse: typeof import('@apollo/gateway/dist/resultShaping').computeResponse };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dataRewrites = require('@apollo/gateway/dist/dataRewrites') as {
  applyRewrites(schema: SupergraphSchema, rewrites: Rewrites, value: unknown): void;
  isObjectOfType(schema: SupergraphSchema, value: Json, typeCondition: string): boolean;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const telemetry = require('@apollo/gateway/dist/utilities/opentelemetry') as typeof import('@apollo/gateway/dist/utilities/opentelemetry');
const { tracer, recordExceptions } = telemetry;
const SPAN = telemetry.OpenTelemetrySpanNames;
const stockExecuteQueryPlan = apolloExecution.executeQueryPlan;
const { generateHydratedPaths } = apolloExecution;
// Read once: the package's index re-exports through getters, which cost a call on every access.
const DOWNSTREAM_SERVICE_ERROR = ERRORS.DOWNSTREAM_SERVICE_ERROR;
const assert: typeof federationAssert = federationAssert;
const errorCodeDef = federationErrorCodeDef;
const operationFromDocument = federationOperationFromDocument;

/** The API schemas of the gateways that run plans here; any other gateway in the process keeps Apollo's executor. */
const ownSchemas = new OptedInSchemas();
/** The operation of a parsed document, per API schema: Apollo Server keeps a query's parsed document, so a repeated query is not built again. */
const operations = new WeakMap<Schema, WeakMap<OperationDefinitionNode, Operation>>();

interface Cursor {
  path: Path;
  data: ResultData;
  fullResult: Json;
}

interface Execution {
  operation: Operation;
  serviceMap: ServiceMap;
  requestContext: RequestContext;
  supergraphSchema: SupergraphSchema;
  errors: GraphQLError[];
  telemetryConfig: TelemetryConfig;
}

const hasOwn = (object: object, key: string): boolean => Object.prototype.hasOwnProperty.call(object, key);
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function operationOf(apiSchema: Schema, operationContext: OperationContext): Operation {
  let bySchema = operations.get(apiSchema);
  if (!bySchema) operations.set(apiSchema, (bySchema = new WeakMap()));
  const definition = operationContext.operation;
  let operation = bySchema.get(definition);
  if (!operation) {
    operation = operationFromDocument(apiSchema, { kind: Kind.DOCUMENT, definitions: [definition, ...Object.values(operationContext.fragments)] }, { validate: false });
    bySchema.set(definition, operation);
  }
  return operation;
}

/**
 * @apollo/gateway's executeQueryPlan (2.14), for requests that capture no federated trace: the same
 * fetches, merges, errors and spans; what it builds that nobody reads is left out (a trace node per
 * plan node), what it rebuilds for every request is kept (the operation, per parsed document), and
 * paths are walked by index instead of by copies of their rest. Traced requests go to Apollo's.
 */
export async function executePlan(
  queryPlan: QueryPlan,
  serviceMap: ServiceMap,
  requestContext: RequestContext,
  operationContext: OperationContext,
  supergraphSchema: SupergraphSchema,
  apiSchema: Schema,
  telemetryConfig?: TelemetryConfig,
): Promise<ExecutionResult> {
  if (requestContext.metrics?.captureTraces) return stockExecuteQueryPlan(unmergedPlan(queryPlan), serviceMap, requestContext, operationContext, supergraphSchema, apiSchema, telemetryConfig);
  const logger = requestContext.logger || console;
  return tracer.startActiveSpan(SPAN.EXECUTE, async (span) => {
    try {
      let operation: Operation;
      try {
        operation = operationOf(apiSchema, operationContext);
      } catch (error) {
        if (error instanceof GraphQLError) return { errors: [error] };
        throw error;
      }
      const execution: Execution = { operation, serviceMap, requestContext, supergraphSchema, errors: [], telemetryConfig };
      const unfilteredData: Json = Object.create(null) as Json;
      if (queryPlan.node?.kind === 'Subscription') throw new Error('Execution of subscriptions not supported by gateway');
      if (queryPlan.node) await executeNode(execution, queryPlan.node, { path: [], data: unfilteredData, fullResult: unfilteredData });
      const result = await tracer.startActiveSpan(SPAN.POST_PROCESSING, async (postSpan): Promise<ExecutionResult> => {
        const { errors } = execution;
        let data: Json | null | undefined;
        try {
          const variables = requestContext.request.variables;
          const shaped = resultShaping.computeResponse({
            operation,
            variables,
            input: unfilteredData,
            introspectionHandling: (f) => executeIntrospection(operationContext.schema, f.expandFragments().toSelectionNode(), operationContext.operation.variableDefinitions, variables),
          });
          data = shaped.data;
          if (errors.length === 0 && shaped.errors.length > 0) {
            recordExceptions(postSpan, shaped.errors, telemetryConfig);
            postSpan.setStatus({ code: SpanStatusCode.ERROR });
            return { extensions: { valueCompletion: shaped.errors }, data };
          }
        } catch (error) {
          recordExceptions(postSpan, [error as Error], telemetryConfig);
          postSpan.setStatus({ code: SpanStatusCode.ERROR });
          if (error instanceof GraphQLError) return { errors: [error] };
          if (error instanceof Error) return { errors: [new GraphQLError(error.message, { originalError: error })] };
          logger.error(`Unexpected error during query plan execution: ${String(error)}`);
          return { errors: [new GraphQLError('Unexpected error during query plan execution')] };
        } finally {
          postSpan.end();
        }
        return errors.length === 0 ? { data } : { errors, data };
      });
      if (result.errors) {
        recordExceptions(span, result.errors, telemetryConfig);
        span.setStatus({ code: SpanStatusCode.ERROR });
      }
      return result;
    } catch (error) {
      recordExceptions(span, [error as Error], telemetryConfig);
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  });
}

async function executeNode(execution: Execution, node: PlanNode, cursor: Cursor | undefined): Promise<void> {
  if (!cursor) return;
  switch (node.kind) {
    case 'Sequence':
      for (const child of node.nodes) await executeNode(execution, child, cursor);
      return;
    case 'Parallel':
      await Promise.all(node.nodes.map((child) => executeNode(execution, child, cursor)));
      return;
    case 'Flatten':
      return executeNode(execution, node.node, moveIntoCursor(cursor, node.path));
    case 'Fetch': {
      let parts: readonly FetchNode[] | null = null;
      try {
        parts = await executeFetch(execution, node, cursor);
      } catch (error) {
        parts = mergedFetchParts(node) ?? null;
        if (!parts) execution.errors.push(error as GraphQLError);
      }
      if (parts) await Promise.all(parts.map((part) => executeNode(execution, part, cursor)));
      return;
    }
    case 'Condition': {
      const branch = evaluateCondition(node, execution.operation.variableDefinitions, execution.requestContext.request.variables) ? node.ifClause : node.elseClause;
      if (branch) await executeNode(execution, branch, cursor);
      return;
    }
    case 'Defer':
      assert(false, '@defer support is not available in the gateway');
  }
}

function moveIntoCursor(cursor: Cursor, path: Path): Cursor | undefined {
  const data = flattenResultsAtPath(cursor.data, path, 0);
  return data ? { path: cursor.path.concat(path), data, fullResult: cursor.fullResult } : undefined;
}

/** One step of a path into an object, as Apollo's walk checks it. */
function stepInto(value: unknown, key: string | number): unknown {
  if (typeof key !== 'string') throw new Error(`Unexpected ${typeof key} found in path`);
  if (Array.isArray(value)) throw new Error(`Unexpected array in result for path element ${key}`);
  return hasOwn(value as Json, key) ? (value as Json)[key] : undefined;
}

/**
 * The values at `path` from `at` on, every `@` flattening a list into one (Apollo's
 * flattenResultsAtPath, whose `flatMap` spreads any list it reaches): walked by index, and every
 * `@` level pushes into one list instead of building one of its own to be spread.
 */
function flattenResultsAtPath(value: unknown, path: Path, at: number): ResultData {
  for (; at < path.length; at++) {
    if (value === undefined || value === null) return value;
    if (path[at] === '@') {
      const flat: unknown[] = [];
      for (const element of value as unknown[]) collectAtPath(element, path, at + 1, flat);
      return flat as Json[];
    }
    value = stepInto(value, path[at]);
  }
  return value as ResultData;
}

function collectAtPath(value: unknown, path: Path, at: number, into: unknown[]): void {
  for (; at < path.length; at++) {
    if (value === undefined || value === null) break;
    if (path[at] === '@') {
      for (const element of value as unknown[]) collectAtPath(element, path, at + 1, into);
      return;
    }
    value = stepInto(value, path[at]);
  }
  if (Array.isArray(value)) for (const item of value) into.push(item);
  else into.push(value);
}

/**
 * Runs one fetch and merges what it receives. A merged fetch (mergedFetchParts) that cannot stand
 * for its parts sends nothing, or keeps nothing of its answer, and returns the parts to be run
 * instead: when an entity lacks what the merged fetch requires but not what a part requires (the
 * sequence before it answered that entity null, or failed), and when its answer carries errors
 * (or it failed), which in the plan as it was would have cost only the part they belong to.
 */
async function executeFetch(execution: Execution, fetch: FetchNode, cursor: Cursor): Promise<readonly FetchNode[] | null> {
  const service: Service | undefined = execution.serviceMap[fetch.serviceName];
  return tracer.startActiveSpan(SPAN.FETCH, { attributes: { service: fetch.serviceName } }, async (span) => {
    try {
      if (!service) throw new Error(`Couldn't find service with name "${fetch.serviceName}"`);
      const entities: Json[] = Array.isArray(cursor.data) ? cursor.data.filter((e) => e !== null && e !== undefined) : [cursor.data as Json];
      if (entities.length < 1) return null;
      const variables = Object.create(null) as Json;
      const provided = execution.requestContext.request.variables;
      if (fetch.variableUsages && provided) {
        for (const name of fetch.variableUsages) if (hasOwn(provided, name) && typeof provided[name] !== 'undefined') variables[name] = provided[name];
      }
      const { supergraphSchema } = execution;
      if (!fetch.requires) {
        const received = receivedData(execution, fetch, cursor, await sendOperation(execution, service, fetch, cursor, variables));
        if (received) dataRewrites.applyRewrites(supergraphSchema, fetch.outputRewrites, received);
        for (const entity of entities) deepMerge(entity, received);
        return null;
      }
      const parts = mergedFetchParts(fetch);
      const required = requiredOf(fetch.requires);
      const representations: Json[] = [];
      const representationToEntity: number[] = [];
      for (let index = 0; index < entities.length; index++) {
        const representation = executeSelectionSet(supergraphSchema, entities[index], required);
        if (isRepresentation(representation)) {
          dataRewrites.applyRewrites(supergraphSchema, fetch.inputRewrites, representation);
          representations.push(representation);
          representationToEntity.push(index);
        } else if (parts?.some((part) => isRepresentation(executeSelectionSet(supergraphSchema, entities[index], requiredOf(part.requires ?? []))))) {
          return parts;
        }
      }
      if (representations.length < 1) return null;
      if ('representations' in variables) throw new Error('Variables cannot contain key "representations"');
      // Without output rewrites nothing is written into a received entity (below), so every place that sent the same representation may be given the same one.
      const rewrites = fetch.outputRewrites?.length ? fetch.outputRewrites : undefined;
      const response = await sendOperation(execution, service, fetch, cursor, { ...variables, representations }, !rewrites);
      if (parts && response.errors?.length) return parts;
      const received = receivedData(execution, fetch, cursor, response);
      if (!received) return null;
      const receivedEntities = received._entities;
      if (!Array.isArray(receivedEntities)) throw new Error('Expected "data._entities" in response to be an array');
      if (receivedEntities.length !== representations.length) throw new Error(`Expected "data._entities" to contain ${representations.length} elements`);
      // Apollo's loop runs over the entities, not the representations: past the received ones it merges `undefined`, which changes nothing.
      for (let i = 0; i < receivedEntities.length; i++) {
        const receivedEntity = receivedEntities[i] as Json | null;
        const existing = entities[representationToEntity[i]];
        // Apollo's writes into the received entity. Without rewrites, the __typename it writes into an object is the
        // existing one's own, which the merge leaves as it is: skipped, so that places may share one entity. Into a
        // value that is not an object it fails (strict mode), as in Apollo.
        if (rewrites || (receivedEntity && typeof receivedEntity !== 'object')) {
          if (receivedEntity && !receivedEntity.__typename) receivedEntity.__typename = existing.__typename;
          dataRewrites.applyRewrites(supergraphSchema, rewrites, receivedEntity);
        }
        deepMerge(existing, receivedEntity);
      }
      return null;
    } catch (error) {
      recordExceptions(span, [error as Error], execution.telemetryConfig);
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  });
}

type Response = Awaited<ReturnType<Service['process']>>;

function sendOperation(execution: Execution, service: Service, fetch: FetchNode, cursor: Cursor, variables: Json, sharedEntities = false): Promise<Response> {
  const request = { query: fetch.operation, variables, operationName: fetch.operationName, http: undefined };
  return service.process({
    kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION,
    request: sharedEntities ? takesSharedEntities(request) : request,
    incomingRequestContext: execution.requestContext,
    context: execution.requestContext.context,
    document: fetch.operationDocumentNode,
    pathInIncomingRequest: cursor.path,
  });
}

/** A fetch's data, its errors recorded in the execution's. */
function receivedData(execution: Execution, fetch: FetchNode, cursor: Cursor, response: Response): Json | null | undefined {
  if (response.errors) {
    const errorPath = lazyErrorPaths(fetch, cursor);
    execution.errors.push(...response.errors.map((error) => downstreamServiceError(error, fetch.serviceName, errorPath)));
    if (!response.extensions?.ftv1) {
      const errorPaths = response.errors.map((error) => ({ subgraph: fetch.serviceName, path: error.path }));
      const metrics = execution.requestContext.metrics;
      if (metrics.nonFtv1ErrorPaths) metrics.nonFtv1ErrorPaths.push(...errorPaths);
      else metrics.nonFtv1ErrorPaths = errorPaths;
    }
  }
  return response.data as Json | null | undefined;
}

/** An error's path in the client's answer: under the fetch's path, or, in an entity fetch, the path of the entity it names. */
function lazyErrorPaths(fetch: FetchNode, cursor: Cursor): (path: GraphQLFormattedError['path']) => Path | undefined {
  let hydrated: Path[] | undefined;
  return (errorPath) => {
    if (fetch.requires && typeof errorPath?.[1] === 'number') {
      if (!hydrated) {
        hydrated = [];
        generateHydratedPaths([], cursor.path, cursor.fullResult, hydrated);
      }
      return [...(hydrated[errorPath[1]] ?? []), ...errorPath.slice(2)];
    }
    return errorPath ? [...cursor.path, ...errorPath] : undefined;
  };
}

function downstreamServiceError(original: GraphQLFormattedError, serviceName: string, errorPath: (path: GraphQLFormattedError['path']) => Path | undefined): GraphQLError {
  const message = original.message || `Error while fetching subquery from service "${serviceName}"`;
  const { extensions } = original;
  const options = { originalError: original as Error, path: errorPath(original.path), extensions: { ...extensions, serviceName } };
  const codeDef = errorCodeDef(original as GraphQLError);
  if (!codeDef && extensions?.code) return new GraphQLError(message, options);
  return (codeDef ?? DOWNSTREAM_SERVICE_ERROR).err(message, options);
}

interface RequiredField {
  kind: 'field';
  responseName: string;
  inner: Required | null;
}
interface RequiredFragment {
  kind: 'fragment';
  typeCondition: string;
  inner: Required;
}
type Required = readonly (RequiredField | RequiredFragment)[];

/** A fetch's `requires`, with response names read once (fragments without a type condition select nothing there, as in Apollo's walk). */
const requiredSteps = new WeakMap<readonly QueryPlanSelectionNode[], Required>();

function requiredOf(selections: readonly QueryPlanSelectionNode[]): Required {
  let steps = requiredSteps.get(selections);
  if (!steps) {
    steps = selections.flatMap((selection): (RequiredField | RequiredFragment)[] => {
      if (selection.kind === Kind.FIELD) return [{ kind: 'field', responseName: getResponseName(selection), inner: selection.selections ? requiredOf(selection.selections) : null }];
      return selection.typeCondition ? [{ kind: 'fragment', typeCondition: selection.typeCondition, inner: requiredOf(selection.selections) }] : [];
    });
    requiredSteps.set(selections, steps);
  }
  return steps;
}

/** Whether an object of the answer is of a type condition: Apollo's isObjectOfType, remembered per schema, condition and __typename. */
const typeConditions = new WeakMap<SupergraphSchema, Map<string, Map<string, boolean>>>();

function isOfType(schema: SupergraphSchema, source: Json, typeCondition: string): boolean {
  const typename = source.__typename;
  if (!typename || typeof typename !== 'string') return dataRewrites.isObjectOfType(schema, source, typeCondition);
  if (typename === typeCondition) return true;
  let bySchema = typeConditions.get(schema);
  if (!bySchema) typeConditions.set(schema, (bySchema = new Map()));
  let byTypename = bySchema.get(typeCondition);
  if (!byTypename) bySchema.set(typeCondition, (byTypename = new Map()));
  let known = byTypename.get(typename);
  if (known === undefined) byTypename.set(typename, (known = dataRewrites.isObjectOfType(schema, source, typeCondition)));
  return known;
}

const isRepresentation = (representation: Json | null): representation is Json => !!representation?.__typename;

/**
 * An entity's representation: the fields `requires` names, null when one is missing. A plain
 * object, where Apollo's walk makes one without a prototype: V8 holds those as dictionaries,
 * twice as slow to build, to number (representation-index.ts) and to stringify into the fetch's
 * body; the one name a prototype would take for itself, `__proto__`, is defined as the object's own.
 */
function executeSelectionSet(schema: SupergraphSchema, source: Json | null, steps: Required): Json | null {
  if (source === null) return null;
  const result: Json = {};
  return selectInto(schema, source, steps, result) ? result : null;
}

function setOwn(into: Json, key: string, value: unknown): void {
  if (key === '__proto__') defineOwn(into, key, value);
  else into[key] = value;
}

/** `key` as an own, plain property of `target`, whatever its prototype holds under that name. */
function defineOwn(target: Json, key: string, value: unknown): void {
  Object.defineProperty(target, key, { configurable: true, enumerable: true, value, writable: true });
}

/**
 * Writes the fields `steps` names from `source` into `into`; false when a field is missing. A
 * fragment whose type matches writes its fields straight into `into`, as deepMerge would merge
 * them (Apollo builds an object per fragment and merges it), and only once all of them are there:
 * a fragment with a field missing adds nothing, and does not make the whole missing.
 */
function selectInto(schema: SupergraphSchema, source: Json, steps: Required, into: Json): boolean {
  for (const step of steps) {
    if (step.kind === 'field') {
      const value = selectedField(schema, source, step);
      if (value === undefined) return false;
      setOwn(into, step.responseName, value);
    } else if (fragmentApplies(schema, source, step)) {
      mergeFragment(schema, source, step.inner, into);
    }
  }
  return true;
}

/** A field's value for a representation; undefined when the source lacks it. */
function selectedField(schema: SupergraphSchema, source: Json, { responseName, inner }: RequiredField): unknown {
  if (!hasValue(source, responseName)) return undefined;
  const value = source[responseName];
  if (Array.isArray(value)) return inner ? value.map((v: Json | null) => executeSelectionSet(schema, v, inner)) : value.slice();
  return inner ? executeSelectionSet(schema, value as Json | null, inner) : value;
}

const hasValue = (source: Json, responseName: string): boolean => hasOwn(source, responseName) && source[responseName] !== undefined;

/** Whether a fragment adds its fields: its type matches, and every field it names is there. */
function fragmentApplies(schema: SupergraphSchema, source: Json, fragment: RequiredFragment): boolean {
  if (!isOfType(schema, source, fragment.typeCondition)) return false;
  for (const step of fragment.inner) if (step.kind === 'field' && !hasValue(source, step.responseName)) return false;
  return true;
}

/** A matching fragment's fields into `into` (all present), each as deepMerge merges a key. */
function mergeFragment(schema: SupergraphSchema, source: Json, steps: Required, into: Json): void {
  for (const step of steps) {
    if (step.kind === 'field') mergeKey(into, step.responseName, selectedField(schema, source, step));
    else if (fragmentApplies(schema, source, step)) mergeFragment(schema, source, step.inner, into);
  }
}

/** @apollo/gateway's deepMerge: a key the target has only through its prototype becomes its own before it is written. */
function deepMerge(target: Json, source: unknown): Json {
  if (source === undefined || source === null) return target;
  const from = source as Json;
  // for...in over own keys: Object.keys would build an array for every object merged.
  for (const key in from) if (hasOwn(from, key)) mergeKey(target, key, from[key]);
  return target;
}

/**
 * One key of deepMerge. A key the target lacks (the common case) costs one read and one write; only
 * a value found is asked whether it is the target's own (a key of its prototype, such as
 * `constructor`, is given an own property first, as deepMerge does).
 */
function mergeKey(target: Json, key: string, value: unknown): void {
  if (value === undefined) return;
  let existing = target[key];
  if (existing === undefined) {
    target[key] = value;
    return;
  }
  if (!hasOwn(target, key)) {
    defineOwn(target, key, undefined);
    existing = undefined;
  }
  if (existing && isObject(value)) deepMerge(existing as Json, value);
  else if (Array.isArray(value) && Array.isArray(existing) && value.length === existing.length) {
    for (let i = 0; i < value.length; i++) {
      if (isObject(existing[i]) && isObject(value[i])) deepMerge(existing[i] as Json, value[i]);
      else existing[i] = value[i];
    }
  } else target[key] = value;
}

function usedVariables(node: SelectionNode): Set<string> {
  const used = new Set<string>();
  visit(node, { Variable: ({ name }) => void used.add(name.value) });
  return used;
}

function executeIntrospection(schema: OperationContext['schema'], selection: SelectionNode & { kind: Kind.FIELD }, definitions: readonly VariableDefinitionNode[] | undefined, variableValues: Json | undefined): unknown {
  const used = usedVariables(selection);
  const variableDefinitions = definitions?.filter((d) => used.has(d.variable.name.value));
  assert(used.size === (variableDefinitions?.length ?? 0), () => `Should have found all used variables ${[...used].join(', ')} in definitions ${JSON.stringify(definitions)}`);
  const document: DocumentNode = {
    kind: Kind.DOCUMENT,
    definitions: [{ kind: Kind.OPERATION_DEFINITION, operation: OperationTypeNode.QUERY, variableDefinitions, selectionSet: { kind: Kind.SELECTION_SET, selections: [selection] } }],
  };
  const { data, errors } = executeSync({ schema, document, rootValue: {}, variableValues });
  assert(!errors || errors.length === 0, () => `Introspection query for ${JSON.stringify(selection)} should not have failed but got ${JSON.stringify(errors)}`);
  assert(data, () => `Introspection query for ${JSON.stringify(selection)} should not have failed`);
  const name = selection.alias?.value ?? selection.name.value;
  return hasOwn(data, name) ? data[name] : undefined;
}

function dispatchingExecuteQueryPlan(...args: Parameters7): ReturnType<typeof ExecuteQueryPlan> {
  return ownSchemas.has(args[5]) ? executePlan(...args) : stockExecuteQueryPlan(...args);
}

/** Whether this gateway's plans run here. */
export function executesWithOwnExecutor(gateway: ApolloGateway): boolean {
  return apolloExecution.executeQueryPlan !== stockExecuteQueryPlan && ownSchemas.holds(gateway);
}

/** The @apollo/gateway release line executePlan is a port of: with any other installed, Apollo's own executor runs. */
const PORTED_RELEASE_LINE = '2.14.';
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const installedApolloGateway = (require('@apollo/gateway/package.json') as { version: string }).version;

export function portsApolloGateway(version: string): boolean {
  return version.startsWith(PORTED_RELEASE_LINE);
}

/**
 * The gateway runs its plans with executePlan (OWN_PLAN_EXECUTOR): @apollo/gateway has no hook for
 * it, so the module function ApolloGateway calls is replaced once by one that picks, per API schema,
 * this executor for this gateway's schemas and Apollo's for any other. Another release of @apollo/gateway than
 * the one ported keeps Apollo's executor until the port is reviewed against it.
 */
export function useOwnPlanExecutor<G extends ApolloGateway>(enabled: boolean, gateway: G): G {
  if (!enabled || !portsApolloGateway(installedApolloGateway)) return gateway;
  if (apolloExecution.executeQueryPlan === stockExecuteQueryPlan) apolloExecution.executeQueryPlan = dispatchingExecuteQueryPlan;
  ownSchemas.add(gateway);
  return gateway;
}
