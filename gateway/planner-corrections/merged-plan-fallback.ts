import { executeQueryPlan, type Experimental_DidResolveQueryPlanCallback } from '@apollo/gateway';
import { siblingFetchesMerged } from './merge-sibling-fetches';

type Resolved = Parameters<Experimental_DidResolveQueryPlanCallback>[0];
type QueryPlan = Resolved['queryPlan'];
type ExecutionResult = Awaited<ReturnType<typeof executeQueryPlan>>;
/** The schemas a plan is executed over (ApolloGateway holds them, privately). */
export type ExecutionSchemas = { supergraphSchema: Parameters<typeof executeQueryPlan>[4]; apiSchema: Parameters<typeof executeQueryPlan>[5] };

type ExecutionError = NonNullable<ExecutionResult['errors']>[number];

/** A merged plan's original, and the subgraphs whose errors may have cost a merged field. */
interface Original {
  plan: QueryPlan;
  sequenceServices: ReadonlySet<string>;
}

/**
 * Whether an answer of a merged plan must be asked again with the original: when one of its errors
 * may have cost a merged field, that is an error of a subgraph of a merged sequence, or one that
 * names no subgraph. An error of any other subgraph falls the same way in both plans. A subgraph's
 * own errors name it as `serviceName` (the executor's), a subgraph that did not answer as
 * `subgraph` (subgraph-unavailable).
 */
export function needsOriginalPlan(errors: readonly Pick<ExecutionError, 'extensions'>[], sequenceServices: ReadonlySet<string>): boolean {
  return errors.some((error) => {
    const service = error.extensions?.serviceName ?? error.extensions?.subgraph;
    return typeof service !== 'string' || sequenceServices.has(service);
  });
}

/**
 * Plans with sibling fetches merged (mergeSiblingFetches), kept with the plan they came from: an
 * answer of a merged plan with an error that may have cost a merged field is asked again with
 * Apollo's plan, so that a subgraph that fails takes with it only what it takes there (merged
 * fields would otherwise be lost with the fields they were merged into). Other answers come from
 * the merged plan.
 */
export class MergedPlans {
  private readonly original = new WeakMap<QueryPlan, Original>();
  private readonly ran = new WeakMap<object, Resolved>();

  constructor(private readonly schemas: () => ExecutionSchemas) {}

  /** The plan to cache and run: merged when anything merges, remembering the original. */
  plan(built: QueryPlan): QueryPlan {
    const { plan: merged, sequenceServices } = siblingFetchesMerged(built);
    if (merged !== built) this.original.set(merged, { plan: built, sequenceServices });
    return merged;
  }

  /** Notes which plan a request runs (experimental_didResolveQueryPlan). */
  resolved(resolved: Resolved): void {
    if (this.original.has(resolved.queryPlan)) this.ran.set(resolved.requestContext, resolved);
  }

  /** The request's answer, from Apollo's plan when the merged plan's answer has an error that may have cost a merged field. */
  async answer(requestContext: object, result: ExecutionResult): Promise<ExecutionResult> {
    const resolved = this.ran.get(requestContext);
    const original = resolved && this.original.get(resolved.queryPlan);
    if (!resolved || !original || !result.errors?.length || !needsOriginalPlan(result.errors, original.sequenceServices)) return result;
    const { supergraphSchema, apiSchema } = this.schemas();
    return executeQueryPlan(original.plan, resolved.serviceMap, resolved.requestContext, resolved.operationContext, supergraphSchema, apiSchema);
  }
}
