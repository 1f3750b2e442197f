import type { Collection } from '../../adapters/kit/province-adapter';
import type { ProvinceCode } from '../../schema/model';
import { COLLECTIONS, type CollectionQualityRow } from './data-quality';

/** One structured log line. */
export type LogLine = Record<string, unknown>;

/**
 * One summary line per province after each full sync, that is once every collection's copy has
 * been synced with the system since the last line: records and invalid records per collection
 * and the most frequent reasons. Never per request.
 */
export class QualityLog {
  private readonly latest = new Map<Collection, CollectionQualityRow>();
  private readonly syncedSinceLine = new Set<Collection>();

  constructor(
    private readonly province: ProvinceCode,
    private readonly write: (line: LogLine) => void,
  ) {}

  synced(quality: CollectionQualityRow): void {
    this.latest.set(quality.collection, quality);
    this.syncedSinceLine.add(quality.collection);
    if (this.syncedSinceLine.size < COLLECTIONS.length) return;
    this.syncedSinceLine.clear();
    const rows = COLLECTIONS.map((c) => this.latest.get(c) as CollectionQualityRow);
    this.write({
      level: 'info',
      msg: 'data quality after a full sync',
      service: 'province',
      province: this.province,
      records: rows.reduce((n, r) => n + r.records, 0),
      invalid: rows.reduce((n, r) => n + r.invalid, 0),
      collections: Object.fromEntries(rows.map((r) => [r.collection, { records: r.records, invalid: r.invalid, reasons: Object.fromEntries(r.reasons.slice(0, 3).map((x) => [x.reason, x.count])) }])),
    });
  }
}
