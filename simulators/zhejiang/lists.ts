import type { SimClock } from '../common/clock';
import type { SimRequest, SimResponse } from '../common/sim-server';
import type { SimCollection, SimStore, StoredRecord } from '../common/store';
import { CURSOR_LIFETIME_MS, decodeCursor, encodeCursor } from './cursor';
import { renderStored } from './render';
import { invalid, zjError, zjJson } from './respond';

/** Cursor-paged lists (`limit`, `cursor`, `since`) and their batch reads, ordered by gxsj then id. */

export const MAX_LIMIT = 100;
const DEFAULT_LIMIT = 20;

/** A list's own filter (`active`, `nl`): its canonical text (kept in the cursor) and the test it applies. */
export interface ListFilter<C extends SimCollection> {
  /** Reads the filter from the query; null when none is asked. Throws InvalidInput for a bad value. */
  parse(query: URLSearchParams): string | null;
  /** The test for one page: which stored records the filter keeps at `now`. */
  matcher(filter: string, now: Date): (stored: StoredRecord<C>) => boolean;
}

function integerParam(query: URLSearchParams, name: string): number | null {
  const raw = query.get(name);
  if (raw === null) return null;
  if (!/^\d{1,16}$/.test(raw.trim())) invalid(`${name} must be a non-negative integer`);
  return Number(raw.trim());
}

const updatedMs = (s: StoredRecord<SimCollection>): number => Date.parse(s.record.updatedAt);

export function listPage<C extends SimCollection>(
  store: SimStore,
  clock: SimClock,
  collection: C,
  list: string,
  req: SimRequest,
  filter?: ListFilter<C>,
): SimResponse {
  const limit = integerParam(req.query, 'limit') ?? DEFAULT_LIMIT;
  if (limit < 1 || limit > MAX_LIMIT) invalid(`limit must be between 1 and ${MAX_LIMIT}`);
  const now = clock.now();
  const cursorText = req.query.get('cursor');
  let since: number | null;
  let filterText: string | null;
  let position: { gxsj: number; id: string } | null = null;
  if (cursorText !== null && cursorText !== '') {
    const c = decodeCursor(cursorText, list);
    if (now.getTime() - c.issuedAt > CURSOR_LIFETIME_MS) return zjError(400, 'CURSOR_EXPIRED', 'cursor expired, start again with since');
    since = c.since;
    filterText = c.filter;
    position = { gxsj: c.gxsj, id: c.id };
  } else {
    since = integerParam(req.query, 'since');
    filterText = filter ? filter.parse(req.query) : null;
  }

  const keep = filterText !== null && filter ? filter.matcher(filterText, now) : null;
  const after = position === null ? null : { t: position.gxsj, id: position.id };
  const { page, total } = store.select(collection, { sinceMs: since, after, keep, offset: 0, limit });
  const last = page[page.length - 1];
  const nextCursor =
    total > limit && last
      ? encodeCursor({ list, gxsj: updatedMs(last), id: last.record.sourceId, since, filter: filterText, issuedAt: now.getTime() })
      : null;
  return zjJson(200, { data: page.map((s) => renderStored(collection, s)), nextCursor });
}

/** POST <list>/batch {"ids": [...]} (at most 100): the found items, in the order asked. */
export function batchRead<C extends SimCollection>(store: SimStore, collection: C, req: SimRequest): SimResponse {
  let body: unknown;
  try {
    body = JSON.parse(req.body.toString('utf8'));
  } catch {
    return invalid('body is not JSON');
  }
  const ids = (body as { ids?: unknown } | null)?.ids;
  if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string')) invalid('ids must be an array of strings');
  if (ids.length > MAX_LIMIT) invalid(`at most ${MAX_LIMIT} ids per batch`);
  const found = [...new Set(ids as string[])]
    .map((id) => store.get(collection, id))
    .filter((s): s is StoredRecord<C> => s !== undefined);
  return zjJson(200, { data: found.map((s) => renderStored(collection, s)) });
}
