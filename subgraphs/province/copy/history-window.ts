import type { WaybillRecord } from '../../../schema/model';
import type { StoredIndex } from './indexes';

/** 30 days: the waybills a copy keeps are the ones not yet arrived, or departed within this window. */
export const DEFAULT_HISTORY_WINDOW_MS = 30 * 24 * 3600_000;

/** Which records a copy keeps as time passes; the others leave it and are read by key from the system. */
export interface RecordWindow<R> {
  keeps(record: R, now: number): boolean;
  /** The ids of kept records that have left the window by `now`, found from the index in O(k log n). */
  expired(index: StoredIndex<R>, now: number): string[];
}

const FINISHED: ReadonlySet<WaybillRecord['status']> = new Set(['ARRIVED', 'CANCELLED']);

/** When a waybill's window is measured from: its departure, or its last change when it never departed. */
const departure = (w: WaybillRecord): number => Date.parse(w.departedAt ?? w.updatedAt);

/** A sortable key of a finished waybill's departure (epoch ms, zero-padded); none while it is under way. */
export function finishedKey(w: WaybillRecord): readonly string[] {
  return FINISHED.has(w.status) ? [String(departure(w)).padStart(16, '0')] : [];
}

/** Waybills not yet arrived (planned or in transit), or departed within `windowMs` of now; 0 keeps them all. */
export function waybillWindow(windowMs: number): RecordWindow<WaybillRecord> | undefined {
  if (windowMs <= 0) return undefined;
  return {
    keeps: (w, now) => !FINISHED.has(w.status) || departure(w) >= now - windowMs,
    expired: (index, now) => {
      const cutoff = String(now - windowMs).padStart(16, '0');
      const ids: string[] = [];
      for (const key of index.finished.keys()) {
        if (key >= cutoff) break;
        ids.push(...index.finished.get(key).map((w) => w.id));
      }
      return ids;
    },
  };
}
