import { parseBeijingTime } from '../kit/beijing-time';
import { LegacyDataInvalidError } from '../kit/errors';
import { optional, type AhRow } from './fields';

/** The system's largest page. */
export const AH_PAGE_SIZE = 50;

export interface AhPage {
  total: number;
  rows: AhRow[];
}

/** One page of a list ordered by GXSJ ascending, then id, holding the rows updated at or after `kssj` (epoch ms, whole seconds). */
export type FetchListPage = (kssj: number | null, pageNo: number) => Promise<AhPage>;

/** A row's id, or null when it has none that can be read. */
export type RowId = (row: AhRow) => string | null;

/**
 * Reads an ahyj list from `kssj` to its end in the fewest pages, without losing a record that
 * changes during the read.
 *
 * Pages go by number. A record changed mid-read moves to the end of the list, which pulls every
 * unread row one place forward, so the row at the next page boundary would slip onto a page
 * already read. The moved record is seen twice, once where it was and once at the end; when that
 * happens the rows after the page it was first seen on are read again by GXSJ (each page starting
 * at the last GXSJ seen), which cannot skip. A read during which nothing changes costs exactly
 * ⌈total / 50⌉ pages.
 *
 * Pages are read one after another, never at once: the system may compute concurrent pages out of
 * order, and a page computed after a move holds no old copy of the moved record while a later page
 * computed before it leaves the gap, a skip nothing would show.
 */
export async function readList(fetchPage: FetchListPage, idOf: RowId, kssj: number | null): Promise<AhRow[]> {
  const rows = new RowSet(idOf);
  const again = await readByPosition(fetchPage, rows, kssj);
  if (again !== undefined) await readByUpdateTime(fetchPage, rows, again);
  return rows.values();
}

/** Returns where to read again from when a row was seen twice, undefined when none was. */
async function readByPosition(fetchPage: FetchListPage, rows: RowSet, kssj: number | null): Promise<number | null | undefined> {
  const latestThrough: (number | null)[] = [];
  let latest = kssj;
  let movedFrom: number | null = null;
  for (let pageNo = 1; ; pageNo++) {
    const page = await fetchPage(kssj, pageNo);
    for (const row of page.rows) {
      const seenOn = rows.add(row, pageNo);
      if (seenOn !== null && (movedFrom === null || seenOn < movedFrom)) movedFrom = seenOn;
    }
    latest = later(latest, latestUpdate(page.rows));
    latestThrough.push(latest);
    if (lastPage(page, pageNo)) break;
  }
  return movedFrom === null ? undefined : latestThrough[movedFrom - 1];
}

async function readByUpdateTime(fetchPage: FetchListPage, rows: RowSet, kssj: number | null): Promise<void> {
  let from = kssj;
  let pageNo = 1;
  for (;;) {
    const page = await fetchPage(from, pageNo);
    for (const row of page.rows) rows.add(row, 0);
    if (lastPage(page, pageNo)) return;
    const last = latestUpdate(page.rows);
    if (last !== null && (from === null || last > from)) {
      from = last;
      pageNo = 1;
    } else {
      pageNo += 1;
    }
  }
}

function lastPage(page: AhPage, pageNo: number): boolean {
  return page.rows.length < AH_PAGE_SIZE || (pageNo - 1) * AH_PAGE_SIZE + page.rows.length >= page.total;
}

/**
 * The rows read so far, the latest copy of each. Rows without an id are kept by content; since
 * one of them could be a changed copy of another, a second one counts as a move from the page the
 * first was on.
 */
class RowSet {
  private readonly named = new Map<string, { row: AhRow; pageNo: number }>();
  private readonly unnamed = new Map<string, AhRow>();
  private firstUnnamedOn: number | null = null;

  constructor(private readonly idOf: RowId) {}

  /** Keeps the row; returns the page its id was first seen on when it was seen before, else null. */
  add(row: AhRow, pageNo: number): number | null {
    const id = this.idOf(row);
    if (id === null) {
      const key = JSON.stringify(row);
      if (this.unnamed.has(key)) return null;
      this.unnamed.set(key, row);
      if (this.firstUnnamedOn === null) {
        this.firstUnnamedOn = pageNo;
        return null;
      }
      return this.firstUnnamedOn;
    }
    const earlier = this.named.get(id);
    this.named.set(id, { row, pageNo: earlier?.pageNo ?? pageNo });
    return earlier ? earlier.pageNo : null;
  }

  values(): AhRow[] {
    return [...[...this.named.values()].map((e) => e.row), ...this.unnamed.values()];
  }
}

function later(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.max(a, b);
}

/** The latest readable GXSJ of a page (epoch ms), null when none can be read. */
function latestUpdate(rows: readonly AhRow[]): number | null {
  let latest: number | null = null;
  for (const row of rows) {
    try {
      const text = optional(row, 'GXSJ');
      if (text !== null) latest = later(latest, Date.parse(parseBeijingTime(text)));
    } catch (err) {
      if (!(err instanceof LegacyDataInvalidError)) throw err;
    }
  }
  return latest;
}
