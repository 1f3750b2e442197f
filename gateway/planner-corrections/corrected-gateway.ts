import { ApolloGateway, RemoteGraphQLDataSource, type GatewayConfig, type GraphQLDataSource } from '@apollo/gateway';
import { GraphQLError, type DocumentNode, type GraphQLSchema } from 'graphql';
import { ErrorCodes } from '../../schema/error-codes';
import { asksForData } from './asks-for-data';
import { withResolvableKeysFirst } from './resolvable-keys-first';
import { renameRepresentations, requirementVariants, type RequirementVariants } from './requirement-variants';
import { splitRequirementVariants } from './split-requirement-variants';
import { mergeSiblingFetches } from './merge-sibling-fetches';
import { executesWithOwnExecutor } from '../executor/plan-executor';
import { requiresArgumentFields, type RequiresArgumentFields } from './requires-argument-fields';
import { renameData, renamePath, separateRequiredArguments, type SeparatedOperation } from './separate-required-arguments';

type Loaded = Awaited<ReturnType<ApolloGateway['load']>>;
type Executor = Loaded['executor'];
type ExecutionContext = Parameters<Executor>[0];
type ExecutionResult = Awaited<ReturnType<Executor>>;
type QueryPlan = Parameters<NonNullable<GatewayConfig['experimental_didResolveQueryPlan']>>[0]['queryPlan'];
/** The gateway's planner, private in ApolloGateway: there is no hook between planning and execution. */
interface PlannerHolder {
  queryPlanner?: { buildQueryPlan(...args: never[]): QueryPlan };
}

export const NO_QUERY_PLAN = ErrorCodes.NO_QUERY_PLAN;

/** Plan rewrites the gateway's configuration chooses (MERGE_SIBLING_FETCHES). */
export interface PlanOptions {
  /** Sibling entity fetches to one subgraph at one path asked as one (mergeSiblingFetches): fewer fetches, the same answers; only where the gateway runs its plans with executePlan, which runs a merged fetch's parts where it cannot stand for them. */
  mergeSiblingFetches?: boolean;
}

function withPaths(errors: ExecutionResult['errors'], aliases: ReadonlyMap<string, string>): ExecutionResult['errors'] {
  return errors?.map((e) => (e.path ? new GraphQLError(e.message, { nodes: e.nodes, source: e.source, positions: e.positions, path: renamePath(e.path, aliases), originalError: e.originalError, extensions: e.extensions }) : e));
}

/**
 * An ApolloGateway that corrects four blind spots of Apollo's planner (see the README,
 * "Query planning: where we correct Apollo's planner"): a client's field that a @requires also
 * selects with other arguments is planned under an alias of its own and named back in the answer;
 * an operation for which the planner finds no fetch at all answers an error instead of nulls; the
 * supergraph it plans over lists resolvable keys first (resolvableKeysFirst); two @requires of one
 * field with different arguments get one fetch each (splitRequirementVariants). Asked for
 * (PlanOptions), it also merges sibling fetches (mergeSiblingFetches).
 */
export class CorrectedApolloGateway extends ApolloGateway {
  private requiresFields: RequiresArgumentFields = new Map();
  private servedSchema: GraphQLSchema | null = null;
  private separated = new WeakMap<DocumentNode, SeparatedOperation | null>();
  private readonly unplanned = new WeakSet<object>();
  private variants: RequirementVariants = { variants: new Map(), needs: new Map() };

  constructor(
    config: GatewayConfig,
    private readonly options: PlanOptions = {},
  ) {
    const notify = config.experimental_didResolveQueryPlan;
    const build = config.buildService ?? ((service) => new RemoteGraphQLDataSource({ url: service.url }));
    super({
      ...withResolvableKeysFirst(config),
      buildService: (service) => this.renamingVariants(build(service)),
      experimental_didResolveQueryPlan: (resolved) => {
        const { queryPlan, requestContext } = resolved;
        if (!queryPlan.node && asksForData(requestContext.document, requestContext.operationName)) this.unplanned.add(requestContext);
        notify?.(resolved);
      },
    });
    this.onSchemaLoadOrUpdate(({ apiSchema, coreSupergraphSdl }) => {
      this.requiresFields = requiresArgumentFields(coreSupergraphSdl);
      this.servedSchema = apiSchema;
      this.separated = new WeakMap();
      this.correctPlans(apiSchema, coreSupergraphSdl);
    });
  }

  private correctPlans(apiSchema: GraphQLSchema, supergraphSdl: string): void {
    const variants = requirementVariants(supergraphSdl);
    this.variants = variants;
    const planner = (this as unknown as PlannerHolder).queryPlanner;
    if (!planner) return;
    const build = planner.buildQueryPlan.bind(planner);
    const merge = !!this.options.mergeSiblingFetches;
    if (variants.variants.size === 0 && !merge) return;
    planner.buildQueryPlan = (...args) => {
      const plan = variants.variants.size ? splitRequirementVariants(build(...args), apiSchema, variants) : build(...args);
      return merge && executesWithOwnExecutor(this) ? mergeSiblingFetches(plan) : plan;
    };
  }

  private renamingVariants(source: GraphQLDataSource): GraphQLDataSource {
    return {
      process: (options) => {
        renameRepresentations(options.request.variables?.representations, this.variants);
        return source.process(options);
      },
    };
  }

  override async load(options?: Parameters<ApolloGateway['load']>[0]): Promise<Loaded> {
    const loaded = await super.load(options);
    return { ...loaded, executor: (requestContext) => this.execute(loaded.executor, requestContext) };
  }

  private separatedOf(document: DocumentNode): SeparatedOperation | null {
    if (!this.servedSchema) return null;
    let separated = this.separated.get(document);
    if (separated === undefined) {
      separated = separateRequiredArguments(document, this.servedSchema, this.requiresFields);
      this.separated.set(document, separated);
    }
    return separated;
  }

  private async execute(executor: Executor, original: ExecutionContext): Promise<ExecutionResult> {
    const separated = this.separatedOf(original.document);
    const requestContext: ExecutionContext = separated ? { ...original, document: separated.document, queryHash: `${original.queryHash}:separated` } : original;
    const result = await executor(requestContext);
    if (this.unplanned.has(requestContext)) {
      return { data: null, errors: [new GraphQLError('No subgraph can answer the fields this operation selects: the query planner found no fetch for them', { extensions: { code: NO_QUERY_PLAN } })] };
    }
    if (!separated) return result;
    return { ...result, ...(result.data ? { data: renameData(result.data, separated.aliases) } : {}), ...(result.errors ? { errors: withPaths(result.errors, separated.aliases) } : {}) };
  }
}
