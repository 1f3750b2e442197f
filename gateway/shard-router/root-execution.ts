import type { FieldNode, GraphQLFormattedError, OperationDefinitionNode } from 'graphql';
import type { ShardCode } from './shard-code';
import { resolveReferences } from './cross-shard-references';
import { operationWith } from './document';
import { executeEntities } from './entity-execution';
import type { FetchScope, ShardResult } from './fetch-scope';
import type { JsonObject } from './json';
import { completeParts } from './parts-completion';
import { assembleRoot, collectParts, type CollectedParts, type SortKeyComparatorFor } from './root-assembly';
import type { RootPlan, RootPlanning } from './root-plan';
import { findReferences, type FoundReference } from './selection';
import { appendTo } from './lists-by-key';

/**
 * Executes planned root fields: one request per province for all its fields, the parts of
 * filtered records completed, each field's answer assembled, then cross-shard references resolved.
 */
export async function executeRoot(
  scope: FetchScope,
  operation: OperationDefinitionNode,
  planning: RootPlanning,
  variables: Record<string, unknown>,
  compareKeys: SortKeyComparatorFor,
  errors: GraphQLFormattedError[],
): Promise<JsonObject> {
  errors.push(...planning.errors);
  const found = await assembleRoots({ scope, operation, planning, variables, compareKeys, errors });
  await resolveReferences(found, operation, variables, errors, (op, field, vars, sink) => executeEntities(scope, op, field, vars, sink));
  return planning.data;
}

/** One execution of planned root fields (executeRoot's arguments). */
interface RootExecution {
  scope: FetchScope;
  operation: OperationDefinitionNode;
  planning: RootPlanning;
  variables: Record<string, unknown>;
  compareKeys: SortKeyComparatorFor;
  errors: GraphQLFormattedError[];
}

/**
 * Each root field's answer assembled into `planning.data`, and the references in them. What the
 * provinces answered beyond that (a merge's records not taken, the answers themselves) is not
 * kept past this, so that it can be collected while the references are fetched.
 */
async function assembleRoots({ scope, operation, planning, variables, compareKeys, errors }: RootExecution): Promise<FoundReference[]> {
  const { plans, data } = planning;
  const collected = await fetchParts(scope, operation, plans, variables);
  const completions = await completeParts(operation, plans, collected, variables, scope.send, compareKeys);
  const found: FoundReference[] = [];
  for (const plan of plans) {
    data[plan.key] = assembleRoot(plan, collected.get(plan) as CollectedParts, compareKeys, errors, completions.get(plan));
    const sample = plan.shardFields.values().next().value;
    if (sample?.selectionSet && plan.returnType) {
      findReferences(scope.schema, scope.rewriter, data[plan.key], sample.selectionSet, plan.returnType, [plan.key], found);
    }
  }
  return found;
}

/**
 * One request per province for all its fields, and each root field's parts of the answers. The
 * answers themselves are not kept past this: what the request goes on to need is in the parts.
 */
async function fetchParts(scope: FetchScope, operation: OperationDefinitionNode, plans: readonly RootPlan[], variables: Record<string, unknown>): Promise<Map<RootPlan, CollectedParts>> {
  const byProvince = new Map<ShardCode, FieldNode[]>();
  for (const plan of plans) {
    for (const [p, f] of plan.shardFields) appendTo(byProvince, p, f);
  }
  const mode = byProvince.size > 1 ? 'merged' : 'routed';
  const results = new Map<ShardCode, ShardResult>(
    await Promise.all([...byProvince].map(async ([province, shardFields]) => [province, await scope.send(province, operationWith(operation, shardFields), variables, mode)] as const)),
  );
  return new Map(plans.map((plan) => [plan, collectParts(plan, results)] as const));
}
