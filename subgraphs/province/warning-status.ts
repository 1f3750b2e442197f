import type { CapSeverity, WarningLevel, WarningRecord } from '../../schema/model';

export const SEVERITY_OF_LEVEL: Readonly<Record<WarningLevel, CapSeverity>> = { BLUE: 'MINOR', YELLOW: 'MODERATE', ORANGE: 'SEVERE', RED: 'EXTREME' };

/**
 * In force at `at`: effective, not expired, not itself a CANCEL, and not cancelled or replaced by
 * a message issued by then that refers to it. `referrers`: the warnings whose supersedes is this one.
 */
export function isActiveAt(warning: WarningRecord, referrers: readonly WarningRecord[], at: Date): boolean {
  const t = at.getTime();
  if (warning.messageType === 'CANCEL') return false;
  if (Date.parse(warning.effectiveAt) > t) return false;
  if (warning.expiresAt !== null && Date.parse(warning.expiresAt) <= t) return false;
  return !referrers.some((w) => Date.parse(w.issuedAt) <= t);
}

/** The next time after `at` at which isActiveAt may answer otherwise (ms); Infinity when it never will. */
export function activeChangesAfter(warning: WarningRecord, referrers: readonly WarningRecord[], at: Date): number {
  const t = at.getTime();
  const moments = [warning.effectiveAt, warning.expiresAt, ...referrers.map((w) => w.issuedAt)]
    .filter((m): m is string => m !== null)
    .map((m) => Date.parse(m))
    .filter((m) => m > t);
  return Math.min(Number.POSITIVE_INFINITY, ...moments);
}
