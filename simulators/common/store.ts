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

/** What a list request asks of a store: updated since, strictly after a position (a cursor's), and a filter of its own. */
export interface Selection<C extends SimCollection> {
  sinceMs: number | null;
  after?: ListPosition | null;
  keep?: ((entry: StoredRecord<C>) => boolean) | null;
  offset: number;
  limit: number;
}
export interface Selected<C extends SimCollection> {
  page: StoredRecord<C>[];
  total: number;
}
/** A place in list order: an updated time (ms) and a source id. */
export interface ListPosition {
  t: number;
  id: string;
}

/** Whether a stored record comes strictly after the position in list order. */
export function isAfter(entry: StoredRecord<SimCollection>, position: ListPosition): boolean {
  const t = Date.parse(entry.record.updatedAt);
  return t > position.t || (t === position.t && entry.record.sourceId > position.id);
}

/**
 * One province's records, as its legacy system holds them, in the system's own list order
 * (updated time ascending, then id). Tests may change, delete and re-create records at runtime, as
 * real systems do; the data set's scheduled deletions take effect at their simulated time. A
 * deleted record simply vanishes: lists, totals and keyed reads no longer hold it.
 */
export class SimStore {
  private readonly data: { [C in SimCollection]: Map<string, StoredRecord<C>> } = {
    warnings: new Map(),
    enterprises: new Map(),
    waybills: new Map(),
    bases: new Map(),
  };
  readonly trackPoints: CanonicalDataset['trackPoints'];
  /** Records deleted through the control API, kept so that they can be re-created under their id. */
  private readonly deleted = new Map<string, StoredRecord<SimCollection>>();
  /** The data set's deletions of this province: "<collection>|<source id>" → when (ms). */
  private readonly scheduled = new Map<string, number>();

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
    for (const d of dataset.deletions ?? []) if (d.province === province) this.scheduled.set(`${d.collection}|${d.sourceId}`, Date.parse(d.at));
  }

  private goneBySchedule(c: SimCollection, sourceId: string): boolean {
    const at = this.scheduled.get(`${c}|${sourceId}`);
    return at !== undefined && at <= this.clock.now().getTime();
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
    return this.scheduled.size === 0 ? [...order] : order.filter((entry) => !this.goneBySchedule(c, entry.record.sourceId));
  }

  /** The records of list order that a list request selects: a page of them and how many there are. */
  select<C extends SimCollection>(c: C, q: Selection<C>): Selected<C> {
    const matching = this.list(c).filter(
      (e) => (q.sinceMs === null || Date.parse(e.record.updatedAt) >= q.sinceMs) && (!q.after || isAfter(e, q.after)) && (!q.keep || q.keep(e)),
    );
    return { page: matching.slice(q.offset, q.offset + q.limit), total: matching.length };
  }

  get<C extends SimCollection>(c: C, sourceId: string): StoredRecord<C> | undefined {
    if (this.goneBySchedule(c, sourceId)) return undefined;
    return (this.data[c] as Map<string, StoredRecord<C>>).get(sourceId);
  }

  /** Deletes a record now, as the system's operators would; false when it holds none by that id. */
  delete(c: SimCollection, sourceId: string): boolean {
    const entry = this.get(c, sourceId);
    if (!entry) return false;
    this.data[c].delete(sourceId);
    this.sorted.delete(c);
    this.deleted.set(`${c}|${sourceId}`, entry as StoredRecord<SimCollection>);
    return true;
  }

  /** Creates a deleted record again under the same id, updated now; undefined when none was deleted. */
  recreate<C extends SimCollection>(c: C, sourceId: string): StoredRecord<C> | undefined {
    const key = `${c}|${sourceId}`;
    let entry = this.deleted.get(key) as StoredRecord<C> | undefined;
    if (!entry && this.goneBySchedule(c, sourceId)) entry = (this.data[c] as Map<string, StoredRecord<C>>).get(sourceId);
    if (!entry) return undefined;
    this.deleted.delete(key);
    this.scheduled.delete(key);
    this.put(c, entry);
    return this.touch(c, sourceId);
  }

  private readonly trackListeners: ((point: CanonicalDataset['trackPoints'][number]) => void)[] = [];

  /** A GPS point the system records now (tests drive a trip across a border with it); the point's province must be this system's. */
  recordTrackPoint(point: CanonicalDataset['trackPoints'][number]): boolean {
    if (point.province !== this.province) return false;
    this.trackPoints.push(point);
    for (const listen of this.trackListeners) listen(point);
    return true;
  }

  /** For a system that indexes its track points at start. */
  onTrackPoint(listen: (point: CanonicalDataset['trackPoints'][number]) => void): void {
    this.trackListeners.push(listen);
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

type RecordRequest = { collection?: string; sourceId?: string; patch?: Record<string, unknown> };

/** A control route that acts on one record named by `{collection, sourceId}` in the body; 404 when it finds none. */
function recordRoute(pattern: string, act: (collection: SimCollection, sourceId: string, body: RecordRequest) => unknown): import('./sim-server').Route {
  return {
    method: 'POST',
    pattern,
    handler: (req) => {
      const body = JSON.parse(req.body.toString('utf8') || '{}') as RecordRequest;
      const collection = SIM_COLLECTIONS.find((c) => c === body.collection);
      const done = collection && body.sourceId ? act(collection, body.sourceId, body) : undefined;
      return done
        ? { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(done) }
        : { status: 404, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ error: 'no such record' }) };
    },
  };
}

/**
 * Control routes over a store, each with a body `{collection, sourceId}`: POST /__sim/touch (and
 * `patch`) changes a record now, /__sim/delete deletes it, /__sim/recreate creates a deleted one
 * again under its id; POST /__sim/track records a track point (a TrackPointRecord of this province).
 */
export function storeAdminRoutes(store: SimStore): import('./sim-server').Route[] {
  return [
    recordRoute('/__sim/touch', (c, id, body) => store.touch(c, id, (body.patch ?? {}) as never)),
    recordRoute('/__sim/delete', (c, id) => (store.delete(c, id) ? { deleted: id } : undefined)),
    recordRoute('/__sim/recreate', (c, id) => store.recreate(c, id)),
    {
      method: 'POST',
      pattern: '/__sim/track',
      handler: (req) => {
        const point = JSON.parse(req.body.toString('utf8') || '{}') as CanonicalDataset['trackPoints'][number];
        const ok = typeof point.plate === 'string' && typeof point.at === 'string' && store.recordTrackPoint(point);
        return { status: ok ? 200 : 400, headers: { 'content-type': 'application/json' }, body: JSON.stringify(ok ? point : { error: `a point recorded by ${store.province} is required` }) };
      },
    },
  ];
}
