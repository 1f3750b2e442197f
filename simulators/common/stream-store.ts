import type { ProvinceCode } from '../../schema/model';
import { Rng } from '../dataset/prng';
import type { SyntheticStream } from '../dataset/synthetic-stream';
import type { CanonicalDataset } from '../dataset/types';
import type { SimClock } from './clock';
import { isoSeconds, SimStore, type ListPosition, type Selected, type Selection, type SimCollection, type StoredRecord } from './store';

/** A list request a stream store cannot answer without holding every record (the active-warnings filters). */
export class StreamListError extends Error {
  readonly code = 'SIM_STREAM_NO_LIST';
}

const byPosition = (a: ListPosition, b: ListPosition): number => a.t - b.t || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** One collection's list order over the stream (indices and times, no records) and its overlay of changed records. */
class StreamOrder<C extends SimCollection> {
  /** Stream indices in list order, their updated times, and each index's place in that order. */
  private readonly order: Int32Array;
  private readonly times: Float64Array;
  private readonly placeOf: Int32Array;
  /** Places (in `order`) of records replaced by a changed version, ascending. */
  private readonly replaced: number[] = [];
  /** Changed records by source id, and in list order. */
  readonly changed = new Map<string, StoredRecord<C>>();
  private fresh: { at: ListPosition; entry: StoredRecord<C> }[] = [];

  constructor(
    private readonly stream: SyntheticStream,
    private readonly c: C,
    private readonly province: ProvinceCode,
  ) {
    const n = stream.count(c, province);
    const times = new Float64Array(n);
    for (let i = 0; i < n; i++) times[i] = stream.updatedMs(c, province, i);
    const idOf = (i: number): string => stream.sourceId(c, province, i);
    const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => byPosition({ t: times[a], id: idOf(a) }, { t: times[b], id: idOf(b) }));
    this.order = order;
    this.times = Float64Array.from(order, (i) => times[i]);
    this.placeOf = new Int32Array(n);
    order.forEach((i, place) => (this.placeOf[i] = place));
  }

  private record(place: number): StoredRecord<C> {
    return { record: this.stream.record(this.c, this.province, this.order[place]) as StoredRecord<C>['record'], defect: null };
  }

  private idAt(place: number): string {
    return this.stream.sourceId(this.c, this.province, this.order[place]);
  }

  /** The first place whose (time, id) is at or past `since` and strictly after `after`. */
  private firstPlace(q: Selection<C>): number {
    let place = lowerBound(this.times.length, (p) => this.times[p] < (q.sinceMs ?? -Infinity));
    const after = q.after;
    if (after) place = Math.max(place, lowerBound(this.times.length, (p) => byPosition({ t: this.times[p], id: this.idAt(p) }, after) <= 0));
    return place;
  }

  private firstFresh(q: Selection<C>): number {
    const after = q.after;
    return lowerBound(this.fresh.length, (k) => this.fresh[k].at.t < (q.sinceMs ?? -Infinity) || (after !== null && after !== undefined && byPosition(this.fresh[k].at, after) <= 0));
  }

  select(q: Selection<C>): Selected<C> {
    let place = this.firstPlace(q);
    let k = this.firstFresh(q);
    let r = lowerBound(this.replaced.length, (j) => this.replaced[j] < place);
    const page: StoredRecord<C>[] = [];
    let total = q.keep ? 0 : this.times.length - place - (this.replaced.length - r) + (this.fresh.length - k);
    let seen = 0;
    while (place < this.times.length || k < this.fresh.length) {
      if (place < this.times.length && this.replaced[r] === place) {
        place++;
        r++;
        continue;
      }
      const takeBase = k >= this.fresh.length || (place < this.times.length && byPosition({ t: this.times[place], id: this.idAt(place) }, this.fresh[k].at) < 0);
      const wanted = seen >= q.offset && page.length < q.limit;
      if (!q.keep && !wanted && seen >= q.offset) break;
      let entry: StoredRecord<C> | null = null;
      if (wanted || q.keep) entry = takeBase ? this.record(place) : this.fresh[k].entry;
      if (takeBase) place++;
      else k++;
      if (q.keep && entry && !q.keep(entry)) continue;
      if (q.keep) total++;
      if (wanted && entry) page.push(entry);
      seen++;
    }
    return { page, total };
  }

  get(sourceId: string): StoredRecord<C> | undefined {
    const changed = this.changed.get(sourceId);
    if (changed) return changed;
    const i = this.stream.indexOf(this.c, this.province, sourceId);
    return i < 0 ? undefined : this.record(this.placeOf[i]);
  }

  /** Puts a changed version of a record in the overlay, in its place in list order. */
  change(entry: StoredRecord<C>): void {
    const id = entry.record.sourceId;
    if (this.changed.has(id)) this.fresh = this.fresh.filter((f) => f.entry.record.sourceId !== id);
    else {
      const place = this.placeOf[this.stream.indexOf(this.c, this.province, id)];
      this.replaced.splice(lowerBound(this.replaced.length, (j) => this.replaced[j] < place), 0, place);
    }
    this.changed.set(id, entry);
    const at = { t: Date.parse(entry.record.updatedAt), id };
    this.fresh.splice(lowerBound(this.fresh.length, (k) => byPosition(this.fresh[k].at, at) < 0), 0, { at, entry });
  }

  /** The source id of a seeded random record of the stream. */
  anyId(rng: Rng): string {
    return this.idAt(Math.floor(rng.next() * this.times.length));
  }
}

/** The first index in [0, n) for which `before` is false (`before` true on a prefix). */
function lowerBound(n: number, before: (i: number) => boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A legacy system's records served from a synthetic stream (issue 27's scale 1,000) instead of a
 * data set held whole: pages are made from the stream when asked for, in list order (kept as
 * indices and times, 16 bytes a record), and changes are an overlay of the changed records. Keyed
 * reads, `updated since` and cursors work as in SimStore; deleting is not simulated, and the
 * active-warnings filters (which read every warning) answer the system's server error.
 */
export class StreamStore extends SimStore {
  private readonly orders = new Map<SimCollection, StreamOrder<SimCollection>>();

  constructor(
    private readonly stream: SyntheticStream,
    /** The scale-1 data set the stream's templates come from: its track points and mutual-aid requests are served as they are. */
    templates: CanonicalDataset,
    province: ProvinceCode,
    private readonly simClock: SimClock,
  ) {
    super({ ...templates, warnings: [], enterprises: [], waybills: [], bases: [], bad: [], deletions: [] }, province, simClock);
  }

  private orderOf<C extends SimCollection>(c: C): StreamOrder<C> {
    let order = this.orders.get(c);
    if (!order) {
      order = new StreamOrder(this.stream, c, this.province) as StreamOrder<SimCollection>;
      this.orders.set(c, order);
    }
    return order as unknown as StreamOrder<C>;
  }

  override list<C extends SimCollection>(c: C): StoredRecord<C>[] {
    throw new StreamListError(`a stream store does not list every ${c} record at once`);
  }

  override select<C extends SimCollection>(c: C, q: Selection<C>): Selected<C> {
    return this.orderOf(c).select(q);
  }

  override get<C extends SimCollection>(c: C, sourceId: string): StoredRecord<C> | undefined {
    return this.orderOf(c).get(sourceId);
  }

  override delete(): boolean {
    return false;
  }

  override recreate(): undefined {
    return undefined;
  }

  override touch<C extends SimCollection>(c: C, sourceId: string, patch: Partial<StoredRecord<C>['record']> = {}): StoredRecord<C> | undefined {
    const entry = this.get(c, sourceId);
    if (!entry) return undefined;
    const next = { ...entry, record: { ...entry.record, ...patch, updatedAt: isoSeconds(this.simClock.now()) } };
    this.orderOf(c).change(next);
    return next;
  }

  /** Changes `n` records of a collection now, chosen by a seeded draw (a record drawn twice changes once); their source ids. */
  touchSome(c: SimCollection, n: number, seed: string): string[] {
    const rng = new Rng(`yrd-stream-touch|${seed}`);
    const order = this.orderOf(c);
    const ids = new Set<string>();
    for (let j = 0; j < n; j++) ids.add(order.anyId(rng));
    for (const id of ids) this.touch(c, id);
    return [...ids];
  }

  /** How many records of a collection have changed since the store began. */
  changedCount(c: SimCollection): number {
    return this.orderOf(c).changed.size;
  }
}
