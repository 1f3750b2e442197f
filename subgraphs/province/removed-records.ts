import type { Collection } from '../../adapters/kit/province-adapter';
import type { NodeTypeName } from '../../schema/model';

/** What the exchange platform is told of a record its system no longer holds (contract v1.1 RemovedRecord). */
export interface RemovedRecordEntry {
  /** The global id it had. */
  id: string;
  type: NodeTypeName;
  source: string;
  /** ISO-8601 (Beijing); when this subgraph saw that the system no longer holds it. */
  detectedAt: string;
}

export const TYPE_OF_COLLECTION: Readonly<Record<Collection, NodeTypeName>> = {
  warnings: 'Warning',
  enterprises: 'HazmatEnterprise',
  waybills: 'Waybill',
  bases: 'RescueBase',
};

/**
 * The tombstones of one province: records removed from its copies, kept for `retentionMs` (longer
 * than the exchange platform's pull window) so that incremental pulls hear of every removal. A
 * record that comes back under its id loses its tombstone. Kept in process: a restart forgets them.
 */
export class RemovedRecords {
  private readonly byId = new Map<string, RemovedRecordEntry & { at: number }>();

  constructor(
    private readonly retentionMs: number,
    private readonly now: () => number,
  ) {}

  add(entry: RemovedRecordEntry): void {
    this.byId.delete(entry.id);
    this.byId.set(entry.id, { ...entry, at: Date.parse(entry.detectedAt) });
  }

  /** The record is held again: its tombstone goes. */
  returned(id: string): void {
    this.byId.delete(id);
  }

  has(id: string): boolean {
    this.prune();
    return this.byId.has(id);
  }

  /** Detected at or after `since`, of these types (all when absent), oldest first, then by id. */
  since(since: Date, types?: readonly string[] | null): RemovedRecordEntry[] {
    this.prune();
    const from = since.getTime();
    const wanted = types ? new Set(types) : null;
    return [...this.byId.values()]
      .filter((e) => e.at >= from && (!wanted || wanted.has(e.type)))
      .sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map(({ at: _at, ...entry }) => entry);
  }

  private prune(): void {
    const oldest = this.now() - this.retentionMs;
    for (const [id, e] of this.byId) if (e.at < oldest) this.byId.delete(id);
  }
}
