import { toBeijingIso } from '../../adapters/kit/beijing-time';
import type { LegacyDataIssue } from '../../adapters/kit/errors';
import type { Collection } from '../../adapters/kit/province-adapter';
import { unreadableValueReasons } from './unreadable-values';
import { byText } from '../../schema/orders';

/** A record the system holds that cannot be mapped, as the contract's InvalidRecord. */
export interface InvalidRecordRow {
  source: string;
  sourceId: string;
  reason: string;
}

/** The contract's CollectionQuality: one collection of one source as of its copy's last sync. */
export interface CollectionQualityRow {
  source: string;
  collection: Collection;
  records: number;
  invalid: number;
  reasons: { reason: string; count: number }[];
  examples: InvalidRecordRow[];
  asOf: string;
}

/** What the quality of a collection is computed from: a replica's snapshot. */
export interface QualitySource {
  records: readonly unknown[];
  invalid: ReadonlyMap<string, LegacyDataIssue>;
  syncedAt: number;
  /** The same object while the records are the same (Snapshot.contents): the counts are kept by it. */
  contents?: object;
}

export const COLLECTIONS: readonly Collection[] = ['warnings', 'enterprises', 'waybills', 'bases'];
export const MAX_EXAMPLES = 20;

/**
 * The kind of a reason, for counting: the values it quotes left out, so that
 * `unparseable time "2026-13-01"` and `unparseable time "yesterday"` count as one.
 */
export function reasonKind(reason: string): string {
  return reason
    .replace(/"[^"]*"/g, '')
    .replace(/\s+([:,])/g, '$1')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

/** The collection's unmappable records, by source id. */
export function invalidRecordsOf(invalid: ReadonlyMap<string, LegacyDataIssue>): InvalidRecordRow[] {
  return [...invalid.values()].map((i) => ({ source: i.province, sourceId: i.sourceId, reason: i.reason })).sort((a, b) => byText(a.sourceId, b.sourceId));
}

/**
 * A connection's invalidRecords: the unmappable records on its first page (no `after`), none on
 * the pages after it, so that a client pulling to the end hears of each once.
 */
export function invalidOnFirstPage(after: string | null | undefined, snapshot: Pick<QualitySource, 'invalid'>): InvalidRecordRow[] {
  return after === null || after === undefined ? invalidRecordsOf(snapshot.invalid) : [];
}

type Counted = Pick<CollectionQualityRow, 'records' | 'invalid' | 'reasons' | 'examples'>;

const counted = new WeakMap<object, Counted>();

/** The counts of a copy, once per contents: a re-sync that changed nothing costs nothing here. */
function countsOf(snapshot: QualitySource): Counted {
  const kept = snapshot.contents && counted.get(snapshot.contents);
  if (kept) return kept;
  const invalid = invalidRecordsOf(snapshot.invalid);
  const counts = new Map<string, number>();
  for (const reason of [...invalid.map((i) => reasonKind(i.reason)), ...unreadableValueReasons(snapshot.records)]) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  const reasons = [...counts].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count || byText(a.reason, b.reason));
  const found = { records: snapshot.records.length + invalid.length, invalid: invalid.length, reasons, examples: invalid.slice(0, MAX_EXAMPLES) };
  if (snapshot.contents) counted.set(snapshot.contents, found);
  return found;
}

export function collectionQuality(source: string, collection: Collection, snapshot: QualitySource): CollectionQualityRow {
  return { source, collection, ...countsOf(snapshot), asOf: toBeijingIso(new Date(snapshot.syncedAt)) };
}
