import type { SchemaChange } from '../registry/types';
import type { UsageEntry } from './types';

/** An operation seen in the window, with every client that sent it. */
export interface SeenOperation {
  operationName: string | null;
  operationHash: string;
  clients: string[];
  count: number;
  lastSeen: string;
}

/** A BREAKING or DANGEROUS change with the operations it would affect; none: no operation seen in the window used it. */
export interface ChangeUsage {
  change: SchemaChange;
  operations: SeenOperation[];
}

/** Whether an operation that used `coordinate` is touched by a change at `path` (the coordinate itself, or anything inside it). */
function touches(path: string, coordinate: string): boolean {
  return coordinate === path || coordinate.startsWith(`${path}.`);
}

export function operationsAffectedBy(changes: readonly SchemaChange[], usage: readonly UsageEntry[]): ChangeUsage[] {
  return changes
    .filter((c) => c.criticality !== 'SAFE')
    .map((change) => {
      const byOperation = new Map<string, SeenOperation>();
      for (const entry of usage) {
        if (!change.path || !entry.coordinates.some((c) => touches(change.path!, c))) continue;
        const seen = byOperation.get(entry.operationHash) ?? { operationName: entry.operationName, operationHash: entry.operationHash, clients: [], count: 0, lastSeen: entry.day };
        if (!seen.clients.includes(entry.client)) seen.clients.push(entry.client);
        seen.count += entry.count;
        if (entry.day > seen.lastSeen) seen.lastSeen = entry.day;
        byOperation.set(entry.operationHash, seen);
      }
      const operations = [...byOperation.values()].map((o) => ({ ...o, clients: o.clients.sort() })).sort((a, b) => b.count - a.count);
      return { change, operations };
    });
}
