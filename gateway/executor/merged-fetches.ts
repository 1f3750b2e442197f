import type { FetchNode, QueryPlan } from '@apollo/query-planner';

/**
 * Fetches and plans that a plan rewrite made out of others (mergeSiblingFetches), with what they
 * were made of, so that their execution answers what the plan as it was answers: a merged fetch
 * that cannot stand for its parts runs the parts instead (executePlan), and an executor that knows
 * nothing of merges (Apollo's, for a traced request) runs the plan as it was.
 */
const partsOfFetch = new WeakMap<FetchNode, readonly FetchNode[]>();
const originalOfPlan = new WeakMap<QueryPlan, QueryPlan>();

/** Notes that `merged` asks, in one fetch at one path, what `parts` ask there; parts that were merged themselves count as theirs. */
export function noteMergedFetch(merged: FetchNode, parts: readonly FetchNode[]): void {
  partsOfFetch.set(
    merged,
    parts.flatMap((part) => partsOfFetch.get(part) ?? [part]),
  );
}

/** The fetches a merged fetch stands for; undefined for any other. */
export function mergedFetchParts(fetch: FetchNode): readonly FetchNode[] | undefined {
  return partsOfFetch.get(fetch);
}

export function noteMergedPlan(merged: QueryPlan, original: QueryPlan): void {
  originalOfPlan.set(merged, original);
}

/** The plan a merged plan was made from; any other plan itself. */
export function unmergedPlan(plan: QueryPlan): QueryPlan {
  return originalOfPlan.get(plan) ?? plan;
}
