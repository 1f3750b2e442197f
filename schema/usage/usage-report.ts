import type { RegistryStoreConfig } from '../config/shared-config';
import type { SchemaChange } from '../registry/types';
import { operationsAffectedBy, type ChangeUsage } from './affected-operations';
import { openUsageStore } from './open-usage-store';

export const DEFAULT_USAGE_DAYS = 14;

/** For each BREAKING or DANGEROUS change, the operations and clients the gateways saw use it in the last `days` days. */
export async function usageOfChanges(store: RegistryStoreConfig, changes: readonly SchemaChange[], days: number, now = new Date()): Promise<ChangeUsage[]> {
  if (!changes.some((c) => c.criticality !== 'SAFE')) return [];
  const usage = openUsageStore(store);
  try {
    return operationsAffectedBy(changes, await usage.seenSince(new Date(now.getTime() - (days - 1) * 86_400_000)));
  } finally {
    await usage.close();
  }
}

export function formatUsage(report: readonly ChangeUsage[], days: number): string[] {
  return report.flatMap(({ change, operations }) => [
    `  ${change.criticality} ${change.path ?? '-'}:`,
    ...(operations.length === 0
      ? [`    no operation seen in the last ${days} days uses it (the approval is still required)`]
      : operations.map((o) => `    ${o.operationName ?? '(anonymous)'} ${o.operationHash.slice(0, 12)} from ${o.clients.join(', ')}: ${o.count} times, last ${o.lastSeen}`)),
  ]);
}
