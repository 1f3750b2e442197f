import type { WarningRecord } from '../../schema/model';
import type { SanctionVersion } from './sanctions';

/**
 * The contract's "active" for a warning of the data set: effective, not expired, not cancelled and
 * not replaced by a later UPDATE, at the given time. A CANCEL message withdraws a warning and is
 * never itself in force. The data set keeps every boundary at least 3 hours from its `now`, so at
 * any time near it this answer is the same however those edge cases are read.
 */
/** `others`: the warnings of its province (those that refer to it are enough). */
export function isActiveAt(warning: WarningRecord, others: readonly WarningRecord[], at: Date): boolean {
  const t = at.getTime();
  if (warning.messageType === 'CANCEL') return false;
  if (Date.parse(warning.effectiveAt) > t) return false;
  if (warning.expiresAt !== null && Date.parse(warning.expiresAt) <= t) return false;
  return !others.some((w) => w.supersedesId === warning.id && Date.parse(w.issuedAt) <= t);
}

/** Ids of the warnings in force at `at`. */
export function activeWarningIds(warnings: readonly WarningRecord[], at: Date): Set<string> {
  const referring = new Map<string, WarningRecord[]>();
  for (const w of warnings) if (w.supersedesId) referring.set(w.supersedesId, [...(referring.get(w.supersedesId) ?? []), w]);
  return new Set(warnings.filter((w) => isActiveAt(w, referring.get(w.id) ?? [], at)).map((w) => w.id));
}

/** The credit platform's list at `at` (epoch ms): the latest version of each decision listed by then, unless that version took it out of the data. */
export function sanctionsListedAt(versions: readonly SanctionVersion[], at: number): SanctionVersion[] {
  const latest = new Map<string, SanctionVersion>();
  for (const v of versions) if (v.publishedAt <= at) latest.set(v.record.decisionNumber, v);
  return [...latest.values()].filter((v) => !v.gone);
}
