import type { GraphQLFormattedError } from 'graphql';
import type { ShardCode } from './shard-code';
import { mergeConnection, type ConnectionPart, type MergeOptions, type SortKeyComparator } from './connection-merge';
import { atMergedEdge, errorIdentity, failureError, routerError, truncateListPath, withProvince } from './error-paths';
import type { ShardResult } from './fetch-scope';
import { mergeInvalidRecords } from './invalid-records';
import { isObject, type Json } from './json';
import { firstHeld } from './credit-code-route';
import { mergeScattered, type ShardPart } from './merge';
import type { RootPlan } from './root-plan';
import type { ShardFailure } from './shard-transport';
import { ErrorCodes, isProvinceFailure } from '../../schema/error-codes';

/** The comparison of two sort keys of a connection in the order its arguments select (schema/orders.ts). */
export type SortKeyComparatorFor = (field: string, args: Record<string, unknown>) => SortKeyComparator;

/** What the provinces answered for one root field. */
export interface CollectedParts {
  parts: ShardPart[];
  /** Provinces asked but not answering. */
  unavailable: ShardCode[];
  failures: { province: ShardCode; failure: ShardFailure }[];
  shardErrors: { province: ShardCode; error: GraphQLFormattedError }[];
}

/** The other provinces' parts of a connection page's records (see PartsRule). */
export interface Completion extends CollectedParts {
  alias: string;
  parts: ConnectionPart[];
}

/** One root field's answers out of the provinces' results, with the errors that concern it. */
export function collectParts(plan: RootPlan, results: ReadonlyMap<ShardCode, ShardResult>): CollectedParts {
  const { key, rule } = plan;
  const collected: CollectedParts = { parts: [], unavailable: [], failures: [], shardErrors: [] };
  for (const province of plan.provinces) {
    const result = results.get(province);
    if (!result) continue;
    if (!result.ok) {
      collected.unavailable.push(province);
      collected.failures.push({ province, failure: result.failure });
      continue;
    }
    const value = result.response.data ? result.response.data[key] : undefined;
    for (const e of result.response.errors ?? []) {
      if (e.path?.[0] === key || (!e.path && value === undefined)) collected.shardErrors.push({ province, error: e });
    }
    if (value === null || value === undefined) {
      const fatal = (result.response.errors ?? []).find((e) => e.path?.[0] === key && e.path.length === 1);
      const code = fatal?.extensions?.code;
      if (rule.kind !== 'route' && (isProvinceFailure(code) || !result.response.data)) collected.unavailable.push(province);
    }
    collected.parts.push({ province, value });
  }
  return collected;
}

/** How a connection plan's pages merge (without completions). */
export function connectionMergeOptions(plan: RootPlan, collected: CollectedParts, compareKeys: SortKeyComparatorFor): MergeOptions {
  const rule = plan.rule;
  if (rule.kind !== 'connection' || !plan.page) throw new Error(`${plan.key} is not a connection`);
  return {
    field: plan.field,
    first: plan.page.first,
    incoming: plan.page.incoming,
    parts: collected.parts.map((p): ConnectionPart => ({ province: p.province, value: isObject(p.value) ? p.value : null })),
    unavailable: collected.unavailable,
    compareKeys: compareKeys(plan.field.name.value, plan.args),
    organisations: rule.merge === 'organisations',
    sharedKeys: rule.parts !== undefined,
  };
}

/** One root field's answer: routed as is, scattered merged, a connection's pages merged; errors placed in it. */
export function assembleRoot(
  plan: RootPlan,
  collected: CollectedParts,
  compareKeys: SortKeyComparatorFor,
  errors: GraphQLFormattedError[],
  completion?: Completion,
): Json {
  const { key, rule } = plan;
  const { parts, failures, shardErrors } = collected;
  for (const { province, failure } of failures) errors.push(failureError(failure, province, [key]));

  if (rule.kind === 'route') {
    for (const { province, error: e } of shardErrors) errors.push(withProvince(e, province));
    return firstHeld(plan.provinces, parts);
  }
  if (rule.kind === 'scatter') {
    for (const { province, error: e } of shardErrors) errors.push(withProvince(truncateListPath(e, 2), province));
    return mergeScattered(rule.merge, parts, plan.field.selectionSet);
  }
  const options = connectionMergeOptions(plan, collected, compareKeys);
  const merged = mergeConnection({
    ...options,
    unavailable: [...options.unavailable, ...(completion?.failures.map((f) => f.province) ?? []), ...(completion?.unavailable ?? [])],
    completions: completion?.parts,
  });
  for (const province of merged.rejected) {
    errors.push(routerError(`${province} answered ${plan.field.name.value} without its edges' sort keys`, ErrorCodes.PROVINCE_UNAVAILABLE, [key], { province }));
  }
  mergeInvalidRecords(merged.value, plan.field.selectionSet, parts, typeof plan.args.after !== 'string');
  const reported = new Set<string>();
  for (const { province, error: e } of shardErrors) {
    const placed = atMergedEdge(e, province, key, merged.edgesKeys, merged.edgeIndex);
    if (!placed) continue;
    reported.add(errorIdentity(placed));
    errors.push(placed);
  }
  for (const { province, failure } of completion?.failures ?? []) errors.push(failureError(failure, province, [key]));
  for (const { province, error: e } of completion?.shardErrors ?? []) {
    const placed = atMergedEdge(e, province, key, merged.edgesKeys, merged.completionIndex);
    if (placed && !reported.has(errorIdentity(placed))) errors.push(placed);
  }
  return merged.value;
}
