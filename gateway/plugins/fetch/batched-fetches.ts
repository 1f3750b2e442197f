import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { Kind, parse, print, visit, type DocumentNode, type FieldNode, type FragmentDefinitionNode, type OperationDefinitionNode, type VariableDefinitionNode } from 'graphql';
import { ErrorCodes } from '../../../schema/error-codes';

/**
 * @apollo/gateway sends each fetch of a plan as its own request, so the fetches a plan runs side by
 * side to one subgraph (the same entity type at several paths, sibling branches of a Parallel) cost
 * a round trip each. This sends the fetches of one incoming request that leave for the same
 * subgraph in the same turn of the event loop as one operation, each fetch's root fields under
 * aliases of its own and its variables and fragments renamed (as @graphql-tools/batch-execute does
 * for Hive Gateway), and hands every fetch its own part of the answer, errors included. A merged
 * operation the subgraph refuses as a whole (no data, or a refusal other than being unavailable)
 * is sent again fetch by fetch, so merging never changes what a fetch is answered.
 */

type IncomingOptions = Extract<GraphQLDataSourceProcessOptions, { kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION }>;
type FormattedError = NonNullable<GatewayGraphQLResponse['errors']>[number];

interface Pending {
  options: IncomingOptions;
  resolve(response: GatewayGraphQLResponse): void;
  reject(error: unknown): void;
}

/** Where a root field of the merged operation came from: which fetch, and the key it answers there. */
interface Origin {
  member: number;
  key: string;
}

interface MergedShape {
  query: string;
  operationName: string | undefined;
  origins: Map<string, Origin>;
}

/** Whether a fetch's operation can be merged with others: one query whose root selections are fields without directives. */
function mergeableOperation(document: DocumentNode): boolean {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const [operation] = operations;
  if (operations.length !== 1 || operation.operation !== 'query') return false;
  return operation.selectionSet.selections.every((s) => s.kind === Kind.FIELD && !s.directives?.length);
}

/** The fetch's operation with its root fields aliased, variables and fragments renamed under `prefix`; null for what cannot be merged. */
function prefixed(document: DocumentNode, prefix: string): { operation: OperationDefinitionNode; fragments: FragmentDefinitionNode[]; origins: Map<string, string> } | null {
  if (!mergeableOperation(document)) return null;
  const origins = new Map<string, string>();
  const renamed = visit(document, {
    [Kind.VARIABLE]: (node) => ({ ...node, name: { ...node.name, value: prefix + node.name.value } }),
    [Kind.FRAGMENT_DEFINITION]: (node) => ({ ...node, name: { ...node.name, value: prefix + node.name.value } }),
    [Kind.FRAGMENT_SPREAD]: (node) => ({ ...node, name: { ...node.name, value: prefix + node.name.value } }),
  });
  const fragments = renamed.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION);
  const renamedOperation = renamed.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
  const selections = (renamedOperation.selectionSet.selections as readonly FieldNode[]).map((field) => {
    const key = field.alias?.value ?? field.name.value;
    origins.set(prefix + key, key);
    return { ...field, alias: { kind: Kind.NAME, value: prefix + key } } as FieldNode;
  });
  return { operation: { ...renamedOperation, selectionSet: { ...renamedOperation.selectionSet, selections } }, fragments, origins };
}

/** The merged operation for these fetches' operations, in this order; null when one of them cannot be merged. */
export function mergeOperations(documents: readonly DocumentNode[]): MergedShape | null {
  const variableDefinitions: VariableDefinitionNode[] = [];
  const selections: FieldNode[] = [];
  const fragments: FragmentDefinitionNode[] = [];
  const origins = new Map<string, Origin>();
  let operationName: string | undefined;
  for (const [member, document] of documents.entries()) {
    const part = prefixed(document, memberPrefix(member));
    if (!part) return null;
    operationName ??= part.operation.name?.value;
    variableDefinitions.push(...(part.operation.variableDefinitions ?? []));
    selections.push(...(part.operation.selectionSet.selections as readonly FieldNode[]));
    fragments.push(...part.fragments);
    for (const [alias, key] of part.origins) origins.set(alias, { member, key });
  }
  const operation: OperationDefinitionNode = {
    kind: Kind.OPERATION_DEFINITION,
    operation: 'query' as OperationDefinitionNode['operation'],
    ...(operationName ? { name: { kind: Kind.NAME, value: operationName } } : {}),
    variableDefinitions,
    selectionSet: { kind: Kind.SELECTION_SET, selections },
  };
  return { query: print({ kind: Kind.DOCUMENT, definitions: [operation, ...fragments] }), operationName, origins };
}

const memberPrefix = (member: number): string => `_${member}_`;

/** An error of the merged operation without its locations, which point into a document the fetch never sent. */
function relocated(error: FormattedError, path?: FormattedError['path']): FormattedError {
  const copy: { -readonly [K in keyof FormattedError]: FormattedError[K] } = { ...error };
  delete copy.locations;
  if (path) copy.path = path;
  return copy;
}

/** Each fetch's part of the merged answer: its root fields, the errors under them, and errors of the whole operation for every fetch. */
export function splitAnswer(answer: GatewayGraphQLResponse, shape: MergedShape, members: number): GatewayGraphQLResponse[] {
  const data: (Record<string, unknown> | null | undefined)[] = Array.from({ length: members }, () => (answer.data ? {} : answer.data));
  const errors: FormattedError[][] = Array.from({ length: members }, () => []);
  if (answer.data) {
    for (const [alias, value] of Object.entries(answer.data)) {
      const origin = shape.origins.get(alias);
      if (origin) (data[origin.member] as Record<string, unknown>)[origin.key] = value;
    }
  }
  for (const error of answer.errors ?? []) {
    const origin = typeof error.path?.[0] === 'string' ? shape.origins.get(error.path[0]) : undefined;
    if (origin) errors[origin.member].push(relocated(error, [origin.key, ...(error.path ?? []).slice(1)]));
    else for (const own of errors) own.push(relocated(error));
  }
  return data.map((part, member) => ({
    ...(part !== undefined ? { data: part } : {}),
    ...(errors[member].length ? { errors: errors[member] } : {}),
    ...(answer.extensions ? { extensions: answer.extensions } : {}),
    ...(answer.http ? { http: answer.http } : {}),
  }));
}

/** The subgraph could not be reached (or answered 5xx): asking again fetch by fetch would only add load. */
function unavailable(error: unknown): boolean {
  const code = (error as { extensions?: { code?: unknown } } | null)?.extensions?.code;
  return code === ErrorCodes.SUBGRAPH_UNAVAILABLE || code === ErrorCodes.PROVINCE_UNAVAILABLE;
}

/** Merged shapes by the fetches' operations in order: a trie keyed by each operation's text. */
class ShapeCache {
  private readonly root = new Map<string, ShapeNode>();
  private size = 0;

  constructor(private readonly maxShapes: number) {}

  get(batch: readonly Pending[]): MergedShape | null {
    let node = this.nodeFor(batch);
    if (node.shape !== undefined) return node.shape;
    const shape = mergeOperations(batch.map(({ options }) => options.document ?? parse(options.request.query ?? '')));
    if (this.size >= this.maxShapes) {
      this.root.clear();
      this.size = 0;
      node = this.nodeFor(batch);
    }
    node.shape = shape;
    this.size += 1;
    return shape;
  }

  private nodeFor(batch: readonly Pending[]): ShapeNode {
    let node: ShapeNode = { next: this.root };
    for (const { options } of batch) {
      const query = options.request.query ?? '';
      let next = node.next.get(query);
      if (!next) {
        next = { next: new Map() };
        node.next.set(query, next);
      }
      node = next;
    }
    return node;
  }
}

interface ShapeNode {
  shape?: MergedShape | null;
  next: Map<string, ShapeNode>;
}

/**
 * A fetch that asks for traces of its own (federated tracing), carries no operation text, or whose parsed
 * operation cannot be merged (a mutation, run in order; a root field with a directive) is sent alone, at once.
 */
function mergeable(options: GraphQLDataSourceProcessOptions): options is IncomingOptions {
  if (options.kind !== GraphQLDataSourceRequestKind.INCOMING_OPERATION || !options.request.query || !options.context) return false;
  if (options.document && !mergeableOperation(options.document)) return false;
  return !options.request.http?.headers.get('apollo-federation-include-trace');
}

/** Wraps a subgraph's data source so that the fetches one request sends it together leave as one. */
export function batchedFetchesDataSource(source: GraphQLDataSource, options: { maxShapes?: number } = {}): GraphQLDataSource {
  const queues = new WeakMap<object, Pending[]>();
  const shapes = new ShapeCache(options.maxShapes ?? 1000);

  const sendAlone = ({ options: fetch, resolve, reject }: Pending): void => {
    source.process(fetch).then(resolve, reject);
  };

  const flush = async (batch: Pending[]): Promise<void> => {
    if (batch.length === 1) return sendAlone(batch[0]);
    const shape = shapes.get(batch);
    if (!shape) return batch.forEach(sendAlone);
    const [first] = batch;
    const variables: Record<string, unknown> = {};
    batch.forEach(({ options: fetch }, member) => {
      for (const [name, value] of Object.entries(fetch.request.variables ?? {})) variables[memberPrefix(member) + name] = value;
    });
    let answer: GatewayGraphQLResponse;
    try {
      answer = await source.process({ ...first.options, request: { ...first.options.request, query: shape.query, operationName: shape.operationName, variables }, document: undefined });
    } catch (error) {
      if (unavailable(error)) return batch.forEach(({ reject }) => reject(error));
      return batch.forEach(sendAlone);
    }
    if (answer.data == null) return batch.forEach(sendAlone);
    splitAnswer(answer, shape, batch.length).forEach((part, member) => batch[member].resolve(part));
  };

  return {
    process(options: GraphQLDataSourceProcessOptions): Promise<GatewayGraphQLResponse> {
      if (!mergeable(options)) return source.process(options);
      const context = options.context as object;
      return new Promise((resolve, reject) => {
        let batch = queues.get(context);
        if (!batch) {
          const leaving: Pending[] = [];
          queues.set(context, (batch = leaving));
          setImmediate(() => {
            queues.delete(context);
            flush(leaving).catch((error: unknown) => leaving.forEach(({ reject }) => reject(error)));
          });
        }
        batch.push({ options, resolve, reject });
      });
    },
  };
}
