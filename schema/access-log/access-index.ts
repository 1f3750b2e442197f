import { addPosting, intersect, union } from './postings';
import type { AccessRecordFilter, AccessRecordPage } from './search';
import { CURRENT_SEGMENT, type SegmentedAccessLogStore } from './store';
import { decodeIndexState, emptyIndexState, encodeIndexState, type IndexState } from './index-snapshot';
import type { AccessRecord, StoredSegment } from './types';

export interface AccessLogIndexOptions {
  /** Records indexed since the last snapshot that make a refresh write a new one (default 50,000). */
  saveEvery?: number;
}

const DEFAULT_SAVE_EVERY = 50_000;

const DAY_MS = 86_400_000;
/** A time range over more days than this is filtered by time alone, not through the per-day lists. */
const MAX_DAY_TERMS = 400;
const INVALID_DAY = 'day:?';

const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The index terms of one record: the exact values the filter compares. */
function termsOf(record: AccessRecord, atMs: number): string[] {
  const day = Number.isNaN(atMs) ? null : utcDay(atMs);
  const terms = [day ? `day:${day}` : INVALID_DAY];
  if (record.sub) terms.push(`sub:${record.sub}`, day ? `subday:${record.sub}|${day}` : `subday:${record.sub}|?`);
  if (record.role) terms.push(`role:${record.role}`);
  if (record.operationHash) terms.push(`op:${record.operationHash}`);
  for (const r of [...(record.released ?? []), ...(record.refused ?? [])]) terms.push(`prov:${r.province}`, `entry:${r.entry}`);
  return terms;
}

/**
 * An index of the access log kept by the process that reads it: per sub and day, sub, role,
 * province, catalog entry, operation and day, each a sorted list of the records' ordinals, plus
 * each record's segment, position, position in the chain and time. Every search first reads what
 * the writers appended since the last one (only that), follows rotations (a rotated segment keeps
 * its positions) and rebuilds when a segment was removed. A search answers from the lists and
 * reads only the records of the page it returns. The index is saved as a snapshot in the store
 * (see index-snapshot.ts), so that a restarted reader reads only what was appended after it.
 */
export class AccessLogIndex {
  private s: IndexState = emptyIndexState();
  private refreshing: Promise<void> = Promise.resolve();
  private loaded = false;
  private savedSize = 0;
  private readonly saveEvery: number;

  constructor(
    private readonly store: SegmentedAccessLogStore,
    options: AccessLogIndexOptions = {},
  ) {
    this.saveEvery = options.saveEvery ?? DEFAULT_SAVE_EVERY;
  }

  get size(): number {
    return this.s.seqOf.length;
  }

  /**
   * Brings the index up to what is stored; one refresh at a time. The first one starts from the
   * snapshot the store keeps (when it still matches the log) and reads only the records after it;
   * a refresh that indexed `saveEvery` records since the last snapshot writes a new one.
   */
  refresh(): Promise<void> {
    const step = async () => {
      if (!this.loaded) await this.load();
      await this.catchUp();
      if (this.size - this.savedSize >= this.saveEvery) await this.save();
    };
    this.refreshing = this.refreshing.then(step, step);
    return this.refreshing;
  }

  /** Writes the snapshot now if records were indexed since the last one (at shutdown). */
  flush(): Promise<void> {
    const step = () => (this.loaded && this.size !== this.savedSize ? this.save() : Promise.resolve());
    this.refreshing = this.refreshing.then(step, step);
    return this.refreshing;
  }

  private async save(): Promise<void> {
    const size = this.size;
    await this.store.saveIndexSnapshot(encodeIndexState(this.s));
    this.savedSize = size;
  }

  /** Takes the stored snapshot when the record at its cursor is still the one it indexed last; else the index starts empty. */
  private async load(): Promise<void> {
    this.loaded = true;
    const data = await this.store.loadIndexSnapshot().catch(() => null);
    const state = data ? decodeIndexState(data) : null;
    if (!state || !state.cursor || state.cursor.position === null) return;
    const segments = await this.store.segments();
    this.s = state;
    const last = state.seqOf.length - 1;
    if (!this.follows(segments) || last < 0) return this.reset();
    const closedBefore = state.layout.filter((x) => x.checkpoint).length;
    const inCurrent = state.cursor.segment === CURRENT_SEGMENT ? segments.filter((x) => x.checkpoint)[closedBefore] : undefined;
    const [record] = await this.store.fetch(inCurrent?.key ?? state.cursor.segment, [state.cursor.position]).catch(() => [null]);
    if (record?.seq !== state.seqOf[last] || record.hash !== state.lastHash) return this.reset();
    this.savedSize = this.size;
  }

  async search(filter: AccessRecordFilter, first: number, before: number = Infinity): Promise<AccessRecordPage> {
    await this.refresh();
    const matching = this.matching(filter);
    const end = Number.isFinite(before) ? lowerBoundBy(matching, (o) => this.s.seqOf[o] < before) : matching.length;
    const page = matching.slice(Math.max(0, end - first), end).reverse();
    return { records: await this.fetch(page), hasNextPage: end > first, totalCount: matching.length };
  }

  /** The ordinals of the records the filter selects, ascending. */
  matching(filter: AccessRecordFilter): number[] {
    const from = filter.from ? Date.parse(filter.from) : NaN;
    const to = filter.to ? Date.parse(filter.to) : NaN;
    const days = dayTerms(from, to);
    const lists: number[][] = [];
    const list = (term: string) => this.s.postings.get(term) ?? [];
    if (filter.sub && days?.length === 1) lists.push(union([list(`subday:${filter.sub}|${days[0].slice(4)}`), list(`subday:${filter.sub}|?`)]));
    else {
      if (filter.sub) lists.push(list(`sub:${filter.sub}`));
      if (days) lists.push(union([...days, INVALID_DAY].map(list)));
    }
    if (filter.role) lists.push(list(`role:${filter.role}`));
    if (filter.operationHash) lists.push(list(`op:${filter.operationHash}`));
    if (filter.province) lists.push(list(`prov:${filter.province}`));
    if (filter.entry) lists.push(list(`entry:${filter.entry}`));
    const candidates = lists.length ? intersect(lists) : this.s.seqOf.map((_, i) => i);
    if (Number.isNaN(from) && Number.isNaN(to)) return candidates;
    return candidates.filter((o) => !(this.s.atOf[o] < from) && !(this.s.atOf[o] >= to));
  }

  private async fetch(ordinals: readonly number[]): Promise<AccessRecord[]> {
    const bySegment = new Map<number, number[]>();
    for (const o of ordinals) bySegment.set(this.s.segmentOf[o], [...(bySegment.get(this.s.segmentOf[o]) ?? []), o]);
    const found = new Map<number, AccessRecord>();
    await Promise.all(
      [...bySegment].map(async ([segment, list]) => {
        const records = await this.store.fetch(this.s.segmentKeys[segment], list.map((o) => this.s.positionOf[o]));
        list.forEach((o, i) => found.set(o, records[i]));
      }),
    );
    return ordinals.map((o) => found.get(o) as AccessRecord);
  }

  /**
   * Reads what was appended since the last refresh. A rotation between listing the segments and
   * reading the current one shows as a record out of sequence: then the index is rebuilt once.
   */
  private async catchUp(rebuilt = false): Promise<void> {
    const segments = await this.store.segments();
    if (!this.follows(segments)) this.reset();
    this.relocate(segments);
    this.s.layout = segments;
    const start = this.s.cursor ? segments.findIndex((s) => s.key === this.s.cursor?.segment) : 0;
    for (const segment of segments.slice(Math.max(0, start))) {
      if (!segment.present) continue;
      const after = this.s.cursor?.segment === segment.key ? this.s.cursor.position : null;
      this.s.cursor = { segment: segment.key, position: after };
      for await (const chunk of this.store.read(segment.key, after)) for (const { record, position } of chunk) {
        const expected = after !== null && this.s.seqOf.length ? this.s.seqOf[this.s.seqOf.length - 1] + 1 : record.seq;
        if (record.seq !== expected && !rebuilt) {
          this.reset();
          return this.catchUp(true);
        }
        this.add(record, segment.key, position);
        this.s.cursor.position = position;
        this.s.lastHash = record.hash;
      }
    }
  }

  /** Whether the stored segments go on from those indexed: the same closed ones, each as present as before, perhaps more. */
  private follows(segments: readonly StoredSegment[]): boolean {
    const closedBefore = this.s.layout.filter((s) => s.checkpoint);
    return closedBefore.every((s, i) => segments[i]?.checkpoint?.hash === s.checkpoint?.hash && segments[i].present === s.present);
  }

  /** Records indexed in the current segment now belong to the first segment closed since. */
  private relocate(segments: readonly StoredSegment[]): void {
    const closedBefore = this.s.layout.filter((s) => s.checkpoint).length;
    const newlyClosed = segments.filter((s) => s.checkpoint)[closedBefore];
    if (!newlyClosed || this.s.layout.length === 0) return;
    const current = this.s.segmentKeys.indexOf('current');
    const target = this.segmentId(newlyClosed.key);
    for (let o = this.s.segmentOf.length - 1; o >= 0 && this.s.segmentOf[o] === current; o--) this.s.segmentOf[o] = target;
    if (this.s.cursor?.segment === 'current') this.s.cursor.segment = newlyClosed.key;
  }

  private add(record: AccessRecord, segment: string, position: number | string): void {
    const ordinal = this.s.seqOf.length;
    const atMs = Date.parse(record.at);
    this.s.seqOf.push(record.seq);
    this.s.atOf.push(atMs);
    this.s.segmentOf.push(this.segmentId(segment));
    this.s.positionOf.push(position);
    for (const term of termsOf(record, atMs)) addPosting(this.s.postings, term, ordinal);
  }

  private segmentId(key: string): number {
    const id = this.s.segmentKeys.indexOf(key);
    return id >= 0 ? id : this.s.segmentKeys.push(key) - 1;
  }

  private reset(): void {
    this.s = emptyIndexState();
    this.savedSize = 0;
  }
}

/** `day:YYYY-MM-DD` for each UTC day the range [from, to) touches; null when it is open or too long to list. */
function dayTerms(from: number, to: number): string[] | null {
  if (Number.isNaN(from) || Number.isNaN(to)) return null;
  if (to <= from) return [];
  const first = Math.floor(from / DAY_MS);
  const last = Math.floor((to - 1) / DAY_MS);
  if (last - first + 1 > MAX_DAY_TERMS) return null;
  return Array.from({ length: last - first + 1 }, (_, i) => `day:${utcDay((first + i) * DAY_MS)}`);
}

/** How many leading elements satisfy `test` (true for a prefix, then false). */
function lowerBoundBy(list: readonly number[], test: (value: number) => boolean): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (test(list[mid])) low = mid + 1;
    else high = mid;
  }
  return low;
}

