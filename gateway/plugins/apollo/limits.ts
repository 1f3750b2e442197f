import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError,
  getArgumentValues,
  getNamedType,
  getNullableType,
  getVariableValues,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  isUnionType,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type InlineFragmentNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationRule,
} from 'graphql';
import { checkArguments } from '../../../schema/argument-checks';
import { measuredVariables } from './measured-variables';
import { PROVINCE_CODES } from '../../../schema/model';
import type { GatewayContext } from '../../context';
import { ENTITIES, ROOT_FIELDS } from '../../shard-router/routing-table';
import { ErrorCodes, type ErrorCode } from '../../../schema/error-codes';

/**
 * Limits on every operation, checked once it is parsed and validated and before the gateway
 * plans a single fetch: depth, aliases, page sizes and an estimated cost that counts the fan-out
 * to the provinces. (Body size is the HTTP layer's, token count the parser's.)
 *
 * The cost is an upper-bound estimate in "records fetched": every object costs 1, scalars are
 * free, a list multiplies its items' cost by the page size (`first`, default 50) inside a
 * connection or by `defaultListSize` elsewhere, and a field that the shard router scatters
 * (connections, Vehicle, materialTotals) multiplies by the number of provinces it goes to.
 */

export interface LimitOptions {
  maxDepth: number;
  maxAliases: number;
  maxFirst: number;
  maxCost: number;
  /** Assumed length of a list that has no `first` argument. */
  defaultListSize: number;
  /** The page size of a connection asked without `first`. */
  defaultFirst: number;
}

export const DEFAULT_LIMITS: LimitOptions = {
  maxDepth: 15,
  maxAliases: 30,
  maxFirst: 500,
  maxCost: 250_000,
  defaultListSize: 10,
  defaultFirst: 50,
};

/** Fields walked before the estimate gives up: fragments spread inside fragments can multiply. */
const MAX_SELECTIONS_WALKED = 20_000;

export interface OperationMeasure {
  depth: number;
  aliases: number;
  cost: number;
}

function limitError(message: string, code: ErrorCode, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extensions, http: { status: 400 } } });
}

/** What one walk of a named fragment added: `levels` is how far below its spread it reached. */
interface FragmentWalk {
  cost: number;
  walked: number;
  aliases: number;
  levels: number;
}

class Walk {
  walked = 0;
  aliases = 0;
  depth = 0;
  private readonly walkedFragments = new Map<string, FragmentWalk>();
  private readonly openFragments = new Set<string>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly fragments: Map<string, FragmentDefinitionNode>,
    private readonly variables: Record<string, unknown> | null,
    private readonly options: LimitOptions,
  ) {}

  private conditionOf(fragment: FragmentDefinitionNode | InlineFragmentNode, type: GraphQLCompositeType): GraphQLCompositeType {
    const condition = fragment.typeCondition ? this.schema.getType(fragment.typeCondition.name.value) : type;
    return isCompositeType(condition) ? condition : type;
  }

  /**
   * A named fragment's cost depends on the type it applies to, the page size around it and
   * whether it sits at the root, never on its depth: it is walked once per such context and
   * replayed at its other spreads. A replay that would break a limit walks the fragment again,
   * so that the walk breaks it at the same place and with the same error as before.
   */
  private spread(fragment: FragmentDefinitionNode, type: GraphQLCompositeType, depth: number, pageSize: number | null, root: boolean): number {
    // A fragment spread inside itself is graphql's to refuse (NoFragmentCycles); walking it would never end.
    if (this.openFragments.has(fragment.name.value)) return 0;
    const key = `${fragment.name.value}:${type.name}:${pageSize}:${root}`;
    const kept = this.walkedFragments.get(key);
    if (kept && this.walked + kept.walked <= MAX_SELECTIONS_WALKED && this.aliases + kept.aliases <= this.options.maxAliases && depth + kept.levels <= this.options.maxDepth) {
      this.walked += kept.walked;
      this.aliases += kept.aliases;
      this.depth = Math.max(this.depth, depth + kept.levels);
      return kept.cost;
    }
    const before = { walked: this.walked, aliases: this.aliases, depth: this.depth };
    this.depth = depth;
    this.openFragments.add(fragment.name.value);
    const cost = this.cost(fragment.selectionSet, type, depth, pageSize, root);
    this.openFragments.delete(fragment.name.value);
    this.walkedFragments.set(key, { cost, walked: this.walked - before.walked, aliases: this.aliases - before.aliases, levels: this.depth - depth });
    this.depth = Math.max(before.depth, this.depth);
    return cost;
  }

  private typesOf(type: GraphQLCompositeType): readonly GraphQLCompositeType[] {
    return isInterfaceType(type) || isUnionType(type) ? this.schema.getPossibleTypes(type) : [type];
  }

  /** The cost of one selection set on `type`, at `depth`; `pageSize` is set inside a connection. */
  cost(selectionSet: SelectionSetNode, type: GraphQLCompositeType, depth: number, pageSize: number | null, root: boolean): number {
    this.depth = Math.max(this.depth, depth);
    if (depth > this.options.maxDepth) throw limitError(`the operation is nested ${depth} levels deep; at most ${this.options.maxDepth} are allowed`, ErrorCodes.QUERY_TOO_DEEP);
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (++this.walked > MAX_SELECTIONS_WALKED) throw limitError('the operation is too large to estimate', ErrorCodes.QUERY_TOO_COMPLEX);
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = this.fragments.get(selection.name.value);
        if (fragment) total += this.spread(fragment, this.conditionOf(fragment, type), depth, pageSize, root);
        continue;
      }
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        total += this.cost(selection.selectionSet, this.conditionOf(selection, type), depth, pageSize, root);
        continue;
      }
      if (selection.alias && selection.alias.value !== selection.name.value) {
        if (++this.aliases > this.options.maxAliases) throw limitError(`the operation uses more than ${this.options.maxAliases} aliases`, ErrorCodes.QUERY_TOO_COMPLEX);
      }
      if (selection.name.value.startsWith('__')) continue;
      const def = this.typesOf(type)
        .map((t) => (isObjectType(t) || isInterfaceType(t) ? t.getFields()[selection.name.value] : undefined))
        .find((f) => f !== undefined);
      if (!def) continue;
      let args: Record<string, unknown> = {};
      if (this.variables) {
        try {
          args = getArgumentValues(def, selection, this.variables);
        } catch {
          args = {};
        }
      }
      // Values the types cannot check (coordinates, radius, dates) are refused here, before any fan-out.
      try {
        checkArguments(def.args, args);
      } catch (e) {
        if (e instanceof GraphQLError) throw limitError(e.message, ErrorCodes.BAD_USER_INPUT, { argument: e.extensions.argument });
        throw e;
      }
      const first = args.first;
      if (typeof first === 'number' && (first < 0 || first > this.options.maxFirst)) {
        throw limitError(`argument "first" of ${def.name} must be between 0 and ${this.options.maxFirst}, got ${first}`, ErrorCodes.BAD_USER_INPUT, { argument: 'first' });
      }
      const named = getNamedType(def.type);
      if (!isCompositeType(named) || !selection.selectionSet) continue;
      const isConnection = def.args.some((a) => a.name === 'first');
      const innerPage = isConnection ? (typeof first === 'number' ? first : this.options.defaultFirst) : null;
      const items = isListType(getNullableType(def.type)) ? (pageSize ?? this.options.defaultListSize) : 1;
      const fanOut = this.fanOut(root ? def.name : null, named.name, args);
      const inner = this.cost(selection.selectionSet, named, depth + 1, innerPage, false);
      total += fanOut * items * (1 + inner);
      if (total > this.options.maxCost) break;
    }
    return total;
  }

  private fanOut(rootField: string | null, typeName: string, args: Record<string, unknown>): number {
    const rule = rootField ? ROOT_FIELDS[rootField] : undefined;
    if (rule && rule.kind !== 'route') {
      const filter = args.filter as { provinces?: unknown } | null | undefined;
      const asked = Array.isArray(filter?.provinces) ? new Set(filter.provinces).size : PROVINCE_CODES.length;
      return rule.provincesArg ? Math.max(1, Math.min(asked, PROVINCE_CODES.length)) : PROVINCE_CODES.length;
    }
    return ENTITIES[typeName]?.kind === 'scatter' ? PROVINCE_CODES.length : 1;
  }
}

function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  return fragments;
}

function rootTypeOf(schema: GraphQLSchema, operation: OperationDefinitionNode): GraphQLObjectType | null | undefined {
  return operation.operation === 'mutation' ? schema.getMutationType() : operation.operation === 'subscription' ? schema.getSubscriptionType() : schema.getQueryType();
}

/** Measures an operation; throws the first limit it breaks as a GraphQLError with HTTP 400. */
export function measureOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  rawVariables: Record<string, unknown> | undefined,
  options: LimitOptions = DEFAULT_LIMITS,
): OperationMeasure {
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], rawVariables ?? {});
  const root = rootTypeOf(schema, operation);
  if (!root) return { depth: 0, aliases: 0, cost: 0 };
  const walk = new Walk(schema, fragmentsOf(document), coerced.coerced ?? null, options);
  const cost = walk.cost(operation.selectionSet, root, 1, null, true);
  if (cost > options.maxCost) {
    throw limitError(`the operation's estimated cost exceeds ${options.maxCost} (fan-out to the provinces included); ask for smaller pages or fewer nested lists`, ErrorCodes.QUERY_TOO_COMPLEX, {});
  }
  return { depth: walk.depth, aliases: walk.aliases, cost };
}

/**
 * Depth, aliases and the size of the walk as a validation rule: an operation that breaks them
 * fails validation (GRAPHQL_VALIDATION_FAILED, HTTP 400) and so never enters Apollo's cache of
 * validated documents, which a stream of unique oversized documents would otherwise fill.
 * Page sizes and cost need the variables and are checked by `useLimits`.
 */
export function limitsValidationRule(options: LimitOptions = DEFAULT_LIMITS): ValidationRule {
  return (context) => ({
    OperationDefinition(node) {
      const schema = context.getSchema();
      const root = rootTypeOf(schema, node);
      if (!root) return;
      try {
        new Walk(schema, fragmentsOf(context.getDocument()), null, options).cost(node.selectionSet, root, 1, null, true);
      } catch (e) {
        if (!(e instanceof GraphQLError)) throw e;
        context.reportError(new GraphQLError(e.message, { nodes: [node] }));
      }
    },
  });
}

/** Variables texts whose measures are kept per operation (the oldest goes first), and the longest kept. */
const VARIABLES_KEPT = 16;
const VARIABLES_TEXT_MAX = 1024;
/** The arguments the walk reads beside their checks: page sizes and the provinces a root field goes to. */
const READ_ARGUMENTS = ['first', 'filter'] as const;

interface KeptOperation {
  /** The variables the measure can depend on (measured-variables.ts). */
  measured: ReadonlySet<string>;
  byVariables: Map<string, OperationMeasure>;
}

/**
 * measureOperation, its answer kept per operation and the values of the variables it can depend
 * on: the walk depends on nothing else, and Apollo Server hands the same parsed document to every
 * request of one query text. Kept per schema; an operation that breaks a limit is walked again
 * each time (and refused). Variables are told apart by their JSON text: a few per operation, none
 * longer than VARIABLES_TEXT_MAX. A variable the walk reads for nothing (an id) is left out, so a
 * query asked for ever new records is walked once; a request whose such value is invalid is
 * refused by variable coercion (BAD_USER_INPUT) when the operation runs.
 */
export function keptMeasures(options: LimitOptions = DEFAULT_LIMITS): typeof measureOperation {
  const kept = new WeakMap<GraphQLSchema, WeakMap<OperationDefinitionNode, KeptOperation>>();
  return (schema, document, operation, rawVariables) => {
    let bySchema = kept.get(schema);
    if (!bySchema) kept.set(schema, (bySchema = new WeakMap()));
    let known = bySchema.get(operation);
    if (!known) {
      const measured = operation.variableDefinitions?.length ? measuredVariables(schema, document, READ_ARGUMENTS) : new Set<string>();
      bySchema.set(operation, (known = { measured, byVariables: new Map() }));
    }
    const variablesText = variablesTextOf(known.measured, rawVariables);
    if (variablesText.length > VARIABLES_TEXT_MAX) return measureOperation(schema, document, operation, rawVariables, options);
    let measure = known.byVariables.get(variablesText);
    if (!measure) {
      measure = measureOperation(schema, document, operation, rawVariables, options);
      if (known.byVariables.size >= VARIABLES_KEPT) known.byVariables.delete(known.byVariables.keys().next().value as string);
      known.byVariables.set(variablesText, measure);
    }
    return measure;
  };
}

/** The JSON text of the measured variables a request gives (one given null is told from one not given; no variables is none given). */
function variablesTextOf(measured: ReadonlySet<string>, rawVariables: Record<string, unknown> | undefined): string {
  if (measured.size === 0) return '';
  const given: Record<string, unknown> = {};
  if (rawVariables) for (const name of measured) if (Object.prototype.hasOwnProperty.call(rawVariables, name)) given[name] = rawVariables[name];
  return JSON.stringify(given);
}

/** Rejects, before planning, an operation that breaks a limit. */
export function useLimits(options: LimitOptions = DEFAULT_LIMITS): ApolloServerPlugin<GatewayContext> {
  const measure = keptMeasures(options);
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          measure(schema, document, operation, request.variables);
        },
      };
    },
  };
}
