import type { LegacyDataIssue } from '../../../adapters/kit/errors';
import { PersistentMap } from './persistent-map';
import { compact } from './compact-record';
import { share } from './shared-values';

/** A record as the copy keeps it: its contract id and its id in the legacy system. */
export interface CopiedRecord {
  id: string;
  sourceId: string;
  updatedAt: string;
}

/** A record pulled again unchanged (an incremental pull lists the newest again) leaves the state as it was. */
const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** How a collection's index follows its records, one record at a time (in O(log n) each). */
export interface IndexRules<R, X> {
  empty: X;
  /** The index of these records, built at once. */
  build(records: readonly R[]): X;
  add(index: X, record: R): X;
  remove(index: X, record: R): X;
}

/** What comes before the source id in a record's id ("SH:Waybill:" of "SH:Waybill:YD31…"); null when the id does not end with it. */
const prefixOf = (record: CopiedRecord): string | null => (record.id.endsWith(record.sourceId) ? record.id.slice(0, record.id.length - record.sourceId.length) : null);

/**
 * One immutable state of a copy: records by id, unmappable records by source id,
 * and the collection's index. A record is found by source id from its id (the copy's id prefix and
 * the source id), so ids by source id are kept only for records whose id is made otherwise. Every change returns a new state that shares all but O(log n) of
 * this one, so k changes cost O(k log n) and whoever holds this state keeps reading it whole.
 */
export class CopyState<R extends CopiedRecord, X> {
  private constructor(
    private readonly rules: IndexRules<R, X>,
    readonly records: PersistentMap<R>,
    /** Ids by source id, of the records whose id is not `prefix` + source id. */
    private readonly otherIds: PersistentMap<string>,
    private readonly prefix: string | null,
    readonly invalid: PersistentMap<LegacyDataIssue>,
    readonly index: X,
  ) {}

  static empty<R extends CopiedRecord, X>(rules: IndexRules<R, X>): CopyState<R, X> {
    return new CopyState(rules, PersistentMap.empty<R>(), PersistentMap.empty<string>(), null, PersistentMap.empty<LegacyDataIssue>(), rules.empty);
  }

  /** The state holding these records and unmappable records, built at once (a first sync, or a copy read from the shared cache). */
  static of<R extends CopiedRecord, X>(rules: IndexRules<R, X>, records: readonly R[], invalid: readonly LegacyDataIssue[]): CopyState<R, X> {
    const unmapped = new Set(invalid.map((i) => i.sourceId));
    const mapped = [...new Map(records.filter((r) => !unmapped.has(r.sourceId)).map((r) => [r.id, r])).values()].map(share);
    const prefix = mapped.length > 0 ? prefixOf(mapped[0]) : null;
    return new CopyState(
      rules,
      PersistentMap.of(mapped.map((r) => [r.id, r])),
      PersistentMap.of(mapped.filter((r) => prefix === null || r.id !== prefix + r.sourceId).map((r) => [r.sourceId, r.id])),
      prefix,
      PersistentMap.of(invalid.map((i) => [i.sourceId, i])),
      rules.build(mapped),
    );
  }

  /** How many records, valid or not. */
  get membership(): number {
    return this.records.size + this.invalid.size;
  }

  /** The record with this source id, if the copy holds it mapped. */
  bySource(sourceId: string): R | undefined {
    const other = this.otherIds.get(sourceId);
    if (other !== undefined) return this.records.get(other);
    const derived = this.prefix === null ? undefined : this.records.get(this.prefix + sourceId);
    return derived?.sourceId === sourceId ? derived : undefined;
  }

  /** The source ids of the mapped records held. */
  sourceIds(): string[] {
    return [...new Set(Array.from(this.records.values(), (r) => r.sourceId))];
  }

  /** Adds or replaces a record (it stops being invalid). */
  put(record: R): CopyState<R, X> {
    const before = this.records.get(record.id);
    if (before !== undefined && (before === record || sameJson(before, record)) && !this.invalid.has(record.sourceId)) return this;
    const kept = share(compact(record));
    const index = this.rules.add(before ? this.rules.remove(this.index, before) : this.index, kept);
    const prefix = this.prefix ?? (this.records.size === 0 ? prefixOf(kept) : null);
    const derived = prefix !== null && kept.id === prefix + kept.sourceId;
    const otherIds = derived ? this.otherIds.delete(kept.sourceId) : this.otherIds.set(kept.sourceId, kept.id);
    return new CopyState(this.rules, this.records.set(kept.id, kept), otherIds, prefix, this.invalid.delete(record.sourceId), index);
  }

  /** Records a record the system holds but that cannot be mapped (the mapped one it replaces leaves). */
  putInvalid(issue: LegacyDataIssue): CopyState<R, X> {
    const kept = this.invalid.get(issue.sourceId);
    if (kept !== undefined && sameJson(kept, issue)) return this;
    const held = this.bySource(issue.sourceId);
    const without = held ? this.drop(held.id) : this;
    return new CopyState(this.rules, without.records, without.otherIds, without.prefix, without.invalid.set(issue.sourceId, issue), without.index);
  }

  /** Removes the record with this id, if held. */
  drop(id: string): CopyState<R, X> {
    const held = this.records.get(id);
    if (!held) return this;
    const otherIds = this.otherIds.get(held.sourceId) === id ? this.otherIds.delete(held.sourceId) : this.otherIds;
    return new CopyState(this.rules, this.records.delete(id), otherIds, this.prefix, this.invalid, this.rules.remove(this.index, held));
  }

  /** Removes the unmappable record with this source id, if held. */
  dropInvalid(sourceId: string): CopyState<R, X> {
    if (!this.invalid.has(sourceId)) return this;
    return new CopyState(this.rules, this.records, this.otherIds, this.prefix, this.invalid.delete(sourceId), this.index);
  }
}
