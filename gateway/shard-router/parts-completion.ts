import type { FieldNode, OperationDefinitionNode } from 'graphql';
import type { ShardCode } from './shard-code';
import { partsFieldForShard } from './connection-field';
import { mergeConnection } from './connection-merge';
import { operationWith } from './document';
import type { SendToShard } from './fetch-scope';
import { ROUTER_ALIAS_PREFIX, isObject, valueAtPath } from './json';
import { connectionMergeOptions, type CollectedParts, type Completion, type SortKeyComparatorFor } from './root-assembly';
import type { RootPlan } from './root-plan';
import type { PartsRule } from './routing-table';
import { appendTo } from './lists-by-key';

/** Whether one of the rule's filters is given: then a province's page may hold only part of a record. */
export function isFiltered(args: Record<string, unknown>, rule: PartsRule): boolean {
  return rule.filters.some((f) => {
    const v = valueAtPath(args, f);
    return v !== null && v !== undefined;
  });
}

/**
 * For connections whose records provinces hold in parts (PartsRule), filtered: asks every
 * province missing from one of the page's records for its part of it, one request per province
 * for all such fields.
 */
export async function completeParts(
  operation: OperationDefinitionNode,
  plans: readonly RootPlan[],
  collected: ReadonlyMap<RootPlan, CollectedParts>,
  variables: Record<string, unknown>,
  send: SendToShard,
  compareKeys: SortKeyComparatorFor,
): Promise<Map<RootPlan, Completion>> {
  const completions = new Map<RootPlan, Completion>();
  const byProvince = new Map<ShardCode, FieldNode[]>();
  for (const plan of plans) {
    const rule = plan.rule;
    if (rule.kind !== 'connection' || !rule.parts || !isFiltered(plan.args, rule.parts)) continue;
    const parts = collected.get(plan) as CollectedParts;
    const page = mergeConnection(connectionMergeOptions(plan, parts, compareKeys)).records();
    const alias = `${ROUTER_ALIAS_PREFIX}parts_${plan.key}`;
    completions.set(plan, { alias, parts: [], failures: [], unavailable: [], shardErrors: [] });
    for (const province of plan.provinces) {
      const answered = parts.parts.some((p) => p.province === province && isObject(p.value)) && !parts.unavailable.includes(province);
      const shardField = plan.shardFields.get(province);
      const keys = page.flatMap((r) => (r.key !== null && !r.provinces.includes(province) ? [r.key] : []));
      if (!answered || !shardField || keys.length === 0) continue;
      appendTo(byProvince, province, partsFieldForShard(shardField, alias, rule.parts, keys));
    }
  }
  if (byProvince.size === 0) return completions;
  await Promise.all(
    [...byProvince].map(async ([province, fields]) => {
      const result = await send(province, operationWith(operation, fields), variables);
      for (const completion of completions.values()) {
        if (!fields.some((f) => f.alias?.value === completion.alias)) continue;
        if (!result.ok) {
          completion.failures.push({ province, failure: result.failure });
          continue;
        }
        const value = result.response.data?.[completion.alias];
        const reported = isObject(value) ? value[`${ROUTER_ALIAS_PREFIX}u`] : null;
        if (!isObject(value) || (Array.isArray(reported) && reported.length > 0)) completion.unavailable.push(province);
        completion.parts.push({ province, value: isObject(value) ? value : null });
        for (const e of result.response.errors ?? []) if (e.path?.[0] === completion.alias) completion.shardErrors.push({ province, error: e });
      }
    }),
  );
  return completions;
}
