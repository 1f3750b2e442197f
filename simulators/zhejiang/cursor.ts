import { invalid } from './respond';

/**
 * Cursors are opaque to clients: the position after the last record served (its gxsj and id),
 * the pull's `since` and filter, and when the cursor was handed out (it is valid for 10 minutes).
 */

export const CURSOR_LIFETIME_MS = 10 * 60_000;

export interface CursorState {
  /** The list it belongs to. */
  list: string;
  /** gxsj and id of the last record served. */
  gxsj: number;
  id: string;
  since: number | null;
  filter: string | null;
  issuedAt: number;
}

export function encodeCursor(c: CursorState): string {
  return Buffer.from(JSON.stringify([c.list, c.gxsj, c.id, c.since, c.filter, c.issuedAt]), 'utf8').toString('base64url');
}

/** The cursor's state, or a 400 INVALID for anything this system did not hand out. */
export function decodeCursor(text: string, list: string): CursorState {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return invalid('cursor is not one this system issued');
  }
  if (!Array.isArray(parts) || parts.length !== 6) return invalid('cursor is not one this system issued');
  const [l, gxsj, id, since, filter, issuedAt] = parts as unknown[];
  const okSince = since === null || typeof since === 'number';
  const okFilter = filter === null || typeof filter === 'string';
  if (typeof l !== 'string' || typeof gxsj !== 'number' || typeof id !== 'string' || !okSince || !okFilter || typeof issuedAt !== 'number') {
    return invalid('cursor is not one this system issued');
  }
  if (l !== list) return invalid('cursor belongs to another list');
  return { list: l, gxsj, id, since: since as number | null, filter: filter as string | null, issuedAt };
}
