import { executeQueryPlan, type Experimental_DidResolveQueryPlanCallback } from '@apollo/gateway';
import { mergeSiblingFetches } from './merge-sibling-fetches';

type Resolved = Parameters<Experimental_DidResolveQueryPlanCallback>[0];
type QueryPlan = Resolved['queryPlan'];
type ExecutionResult = Awaited<ReturnType<typeof executeQueryPlan>>;
/** The schemas a plan is executed over (ApolloGateway holds them, privately). */
export type ExecutionSchemas = { supergraphSchema: Parameters<typeof executeQueryPlan>[4]; apiSchema: Parameters<typeof executeQueryPlan>[5] };

/**
 * Plans with sibling fetches merged (mergeSiblingFetches), kept with the plan they came from: an
 * answer of a merged plan that carries errors is asked again with Apollo's plan, so that a
 * subgraph that fails takes with it only what it takes there (merged fields would otherwise be
 * lost with the fields they were merged into). Answers without errors come from the merged plan.
 */
export class MergedPlans {
  private readonly original = new WeakMap<QueryPlan, QueryPlan>();
  private readonly ran = new WeakMap<object, Resolved>();

  constructor(private readonly schemas: () => ExecutionSchemas) {}

  /** The plan to cache and run: merged when anything merges, remembering the original. */
  plan(built: QueryPlan): QueryPlan {
    const merged = mergeSiblingFetches(built);
    if (merged !== built) this.original.set(merged, built);
    return merged;
  }

  /** Notes which plan a request runs (experimental_didResolveQueryPlan). */
  resolved(resolved: Resolved): void {
    if (this.original.has(resolved.queryPlan)) this.ran.set(resolved.requestContext, resolved);
  }

  /** The request's answer, from Apollo's plan when the merged plan's answer has errors. */
  async answer(requestContext: object, result: ExecutionResult): Promise<ExecutionResult> {
    const resolved = this.ran.get(requestContext);
    const original = resolved && this.original.get(resolved.queryPlan);
    if (!resolved || !original || !result.errors?.length) return result;
    const { supergraphSchema, apiSchema } = this.schemas();
    return executeQueryPlan(original, resolved.serviceMap, resolved.requestContext, resolved.operationContext, supergraphSchema, apiSchema);
  }
}
