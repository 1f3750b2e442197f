import type { WarningRecord } from '../../../schema/model';
import type { WarningChangeEntry, WarningChangeKind } from '../../../schema/push/feed';
import type { RecordChange } from '../replica';
import { recordVersion } from '../record-version';

/**
 * What a re-sync's changed warnings mean to a subscriber. The legacy systems publish a CANCEL
 * message as a record of its own, so a new or changed CANCEL record is CANCELLED; a new record
 * is ISSUED (an UPDATE message too: it is new to the subscriber); a record edited in place is
 * UPDATED.
 */
export function kindOfChange(change: RecordChange<WarningRecord>): WarningChangeKind {
  if (change.after.messageType === 'CANCEL') return 'CANCELLED';
  return change.before === null ? 'ISSUED' : 'UPDATED';
}

export function warningChangeEntry(record: WarningRecord, kind: WarningChangeKind, at: Date): WarningChangeEntry {
  return {
    key: `${record.id}@${recordVersion(record)}:${kind}`,
    kind,
    at: at.toISOString(),
    province: record.province,
    warningId: record.id,
    areaCodes: [...record.areaCodes],
    event: record.event,
    level: record.level,
  };
}

export function warningChangeEntries(changes: readonly RecordChange<WarningRecord>[], at: Date): WarningChangeEntry[] {
  return changes.map((c) => warningChangeEntry(c.after, kindOfChange(c), at));
}

/**
 * The warnings whose expiry passed in (since, until]: each is EXPIRED once. CANCEL messages do not
 * expire (they end a warning; they are not one).
 */
export function expiredBetween(records: readonly WarningRecord[], since: number, until: number, at: Date): WarningChangeEntry[] {
  return records
    .filter((w) => w.messageType !== 'CANCEL' && w.expiresAt !== null)
    .filter((w) => {
      const t = Date.parse(w.expiresAt as string);
      return t > since && t <= until;
    })
    .map((w) => warningChangeEntry(w, 'EXPIRED', at));
}
