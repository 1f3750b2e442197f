import { createHash } from 'node:crypto';

/**
 * The legacy systems stamp a change to the whole second, so a record changed twice within one
 * second keeps its updated time: only its content tells the second version from the first. An
 * incremental pull asks from the newest update seen, inclusive, so it does list the second version.
 */

/** Whether a pulled record is another version than the one the copy holds. */
export function isAnotherVersion(before: { updatedAt: string }, after: { updatedAt: string }): boolean {
  return before.updatedAt !== after.updatedAt || JSON.stringify(before) !== JSON.stringify(after);
}

/** The record's version as a change key names it: its updated time and a digest of its content. */
export function recordVersion(record: { updatedAt: string }): string {
  return `${record.updatedAt}#${createHash('sha256').update(JSON.stringify(record)).digest('base64url').slice(0, 16)}`;
}
