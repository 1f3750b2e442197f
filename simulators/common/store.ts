import type { ProvinceCode } from '../../schema/model';
import type { BadRecord, CanonicalDataset, Defect } from '../dataset/types';
import type { SimClock } from './clock';

type Collections = {
  warnings: CanonicalDataset['warnings'][number];
  enterprises: CanonicalDataset['enterprises'][number];
  waybills: CanonicalDataset['waybills'][number];
  bases: CanonicalDataset['bases'][number];
};
export type SimCollection = keyof Collections;
export const SIM_COLLECTIONS: readonly SimCollection[] = ['warnings', 'enterprises', 'waybills', 'bases'];

/** One stored legacy record: a good one, or one the system holds with a defect. */
export interface StoredRecord<C extends SimCollection> {
  record: Collections[C];
  defect: Defect | null;
}

/**
 * One province's records, as its legacy system holds them, in the system's own list order
 * (updated time ascending, then id). Tests may change records at runtime (touch), as real systems do.
 */
export class SimStore {
  private readonly data: { [C in SimCollection]: Map<string, StoredRecord<C>> } = {
    warnings: new Map(),
    enterprises: new Map(),
    waybills: new Map(),
    bases: new Map(),
  };
  readonly trackPoints: CanonicalDataset['trackPoints'];

  constructor(
    readonly dataset: CanonicalDataset,
    readonly province: ProvinceCode,
    private readonly clock: SimClock,
  ) {
    for (const c of SIM_COLLECTIONS) {
      for (const r of dataset[c]) if (r.province === province) this.put(c, { record: r as never, defect: null });
    }
    for (const bad of dataset.bad as BadRecord[]) {
      if (bad.province === province) this.put(bad.collection, { record: bad.record as never, defect: bad.defect });
    }
    this.trackPoints = dataset.trackPoints.filter((p) => p.province === province);
  }

  /** Each collection in list order, kept until a record changes (a large store re-sorted per page is slow). */
  private readonly sorted = new Map<SimCollection, StoredRecord<SimCollection>[]>();

  private put<C extends SimCollection>(c: C, entry: StoredRecord<C>): void {
    (this.data[c] as Map<string, StoredRecord<C>>).set(entry.record.sourceId, entry);
    this.sorted.delete(c);
  }

  /** In list order: updatedAt ascending, then source id. A copy: callers may filter and slice it. */
  list<C extends SimCollection>(c: C): StoredRecord<C>[] {
    let order = this.sorted.get(c) as StoredRecord<C>[] | undefined;
    if (!order) {
      const keyed = [...(this.data[c] as Map<string, StoredRecord<C>>).values()].map((entry) => ({ entry, t: Date.parse(entry.record.updatedAt) }));
      keyed.sort((a, b) => a.t - b.t || (a.entry.record.sourceId < b.entry.record.sourceId ? -1 : a.entry.record.sourceId > b.entry.record.sourceId ? 1 : 0));
      order = keyed.map((k) => k.entry);
      this.sorted.set(c, order as StoredRecord<SimCollection>[]);
    }
    return [...order];
  }

  get<C extends SimCollection>(c: C, sourceId: string): StoredRecord<C> | undefined {
    return (this.data[c] as Map<string, StoredRecord<C>>).get(sourceId);
  }

  /** Changes a record as the legacy system would: its updated time becomes the simulated now. */
  touch<C extends SimCollection>(c: C, sourceId: string, patch: Partial<Collections[C]> = {}): StoredRecord<C> | undefined {
    const entry = this.get(c, sourceId);
    if (!entry) return undefined;
    const updatedAt = isoSeconds(this.clock.now());
    const next = { ...entry, record: { ...entry.record, ...patch, updatedAt } };
    this.put(c, next);
    return next;
  }
}

/** ISO-8601 in Beijing time (+08:00), whole seconds. */
export function isoSeconds(d: Date): string {
  const t = new Date(Math.floor(d.getTime() / 1000) * 1000 + 8 * 3600_000);
  return t.toISOString().replace('.000Z', '+08:00');
}

/** Control routes over a store: POST /__sim/touch {collection, sourceId, patch?} changes a record now. */
export function storeAdminRoutes(store: SimStore): import('./sim-server').Route[] {
  return [
    {
      method: 'POST',
      pattern: '/__sim/touch',
      handler: (req) => {
        const body = JSON.parse(req.body.toString('utf8') || '{}') as { collection?: string; sourceId?: string; patch?: Record<string, unknown> };
        const collection = SIM_COLLECTIONS.find((c) => c === body.collection);
        const touched = collection && body.sourceId ? store.touch(collection, body.sourceId, (body.patch ?? {}) as never) : undefined;
        return touched
          ? { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(touched) }
          : { status: 404, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ error: 'no such record' }) };
      },
    },
  ];
}
