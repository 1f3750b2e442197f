import { AH_PAGE_SIZE, readList, type AhPage } from '../../adapters/anhui/list-paging';
import type { AhRow } from '../../adapters/anhui/fields';

/** An ahyj list in memory, ordered as the system orders it (GXSJ ascending, then id), that can change between pages. */
class FakeList {
  readonly requests: { kssj: number | null; pageNo: number }[] = [];
  private rows: { id: string; t: number; note: string }[] = [];
  private now: number;
  /** Runs after the page with this number (in request order) has been answered. */
  readonly afterRequest = new Map<number, () => void>();

  constructor(count: number, perSecond: number, start = Date.UTC(2026, 6, 12)) {
    for (let i = 0; i < count; i++) this.rows.push({ id: `QY${String(i).padStart(6, '0')}`, t: start + Math.floor(i / perSecond) * 1000, note: 'v1' });
    this.now = start + Math.ceil(count / perSecond) * 1000 + 60_000;
  }

  ids(): string[] {
    return this.rows.map((r) => r.id).sort();
  }

  change(id: string): void {
    const row = this.rows.find((r) => r.id === id) as { id: string; t: number; note: string };
    this.now += 1000;
    row.t = this.now;
    row.note = 'v2';
  }

  insert(id: string): void {
    this.now += 1000;
    this.rows.push({ id, t: this.now, note: 'new' });
  }

  fetch = async (kssj: number | null, pageNo: number): Promise<AhPage> => {
    this.requests.push({ kssj, pageNo });
    const ordered = this.rows.filter((r) => kssj === null || r.t >= kssj).sort((a, b) => a.t - b.t || (a.id < b.id ? -1 : 1));
    const page: AhPage = {
      total: ordered.length,
      rows: ordered.slice((pageNo - 1) * AH_PAGE_SIZE, pageNo * AH_PAGE_SIZE).map((r) => ({ QYBH: r.id, GXSJ: beijing(r.t), NOTE: r.note })),
    };
    this.afterRequest.get(this.requests.length)?.();
    return page;
  };
}

function beijing(t: number): string {
  return new Date(t + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}

const idOf = (row: AhRow): string | null => (typeof row.QYBH === 'string' ? row.QYBH : null);
const ids = (rows: readonly AhRow[]): string[] => rows.map((r) => String(r.QYBH)).sort();

describe('readList', () => {
  it.each([
    [1234, 7],
    [1250, 7],
    [49, 1],
    [0, 1],
  ])('reads %i unchanging rows in exactly ⌈n / 50⌉ pages, even when %i share each second', async (count, perSecond) => {
    const list = new FakeList(count, perSecond);
    const rows = await readList(list.fetch, idOf, null);
    expect(ids(rows)).toEqual(list.ids());
    expect(list.requests).toHaveLength(Math.max(1, Math.ceil(count / AH_PAGE_SIZE)));
  });

  it('starts at kssj', async () => {
    const list = new FakeList(500, 5);
    const kssj = Date.UTC(2026, 6, 12) + 60_000;
    const rows = await readList(list.fetch, idOf, kssj);
    expect(ids(rows)).toEqual(list.ids().slice(300));
    expect(list.requests.every((r) => r.kssj === kssj)).toBe(true);
    expect(list.requests).toHaveLength(4);
  });

  it('misses nothing when a row already read changes between two pages, and keeps its new copy', async () => {
    const list = new FakeList(400, 3);
    // Page 2 is read; then a row of page 1 moves to the end, pulling the first row of page 3 onto page 2.
    list.afterRequest.set(2, () => list.change('QY000010'));
    const rows = await readList(list.fetch, idOf, null);
    expect(ids(rows)).toEqual(list.ids());
    expect(rows.filter((r) => r.QYBH === 'QY000010')).toEqual([expect.objectContaining({ NOTE: 'v2' })]);
    // Eight pages by number, then again by GXSJ from the last second of page 1.
    expect(list.requests.slice(0, 8).map((r) => r.pageNo)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(list.requests[8]).toEqual({ kssj: Date.UTC(2026, 6, 12) + 16_000, pageNo: 1 });
  });

  it('misses nothing when rows change on every page', async () => {
    const list = new FakeList(600, 4);
    for (let n = 1; n <= 12; n++) list.afterRequest.set(n, () => list.change(`QY${String(n * 37).padStart(6, '0')}`));
    const rows = await readList(list.fetch, idOf, null);
    expect(ids(rows)).toEqual(list.ids());
  });

  it('reads no page again when the row that changes had not been read yet, or a row is added', async () => {
    const list = new FakeList(300, 4);
    list.afterRequest.set(1, () => list.change('QY000200'));
    list.afterRequest.set(2, () => list.insert('QY999999'));
    const rows = await readList(list.fetch, idOf, null);
    expect(ids(rows)).toEqual(list.ids());
    expect(list.requests).toHaveLength(7);
    expect(list.requests.every((r) => r.kssj === null)).toBe(true);
  });

  it('reads again when a row without an id could have moved (two rows without ids seen)', async () => {
    const rows: AhRow[] = [
      { GXSJ: '2026-07-12 08:00:00', NOTE: 'a' },
      ...Array.from({ length: 60 }, (_, i) => ({ QYBH: `QY${i}`, GXSJ: '2026-07-12 08:00:01' })),
      { GXSJ: '2026-07-12 08:00:02', NOTE: 'b' },
    ];
    const requests: (number | null)[] = [];
    const read = await readList(
      async (kssj, pageNo) => {
        requests.push(kssj);
        const from = rows.filter((r) => kssj === null || Date.parse(`${String(r.GXSJ).replace(' ', 'T')}+08:00`) >= kssj);
        return { total: from.length, rows: from.slice((pageNo - 1) * AH_PAGE_SIZE, pageNo * AH_PAGE_SIZE) };
      },
      idOf,
      null,
    );
    expect(read).toHaveLength(62);
    // Two pages by number; the second row without an id may be the first one changed, so again from page 1's last second.
    const second = Date.parse('2026-07-12T08:00:01+08:00');
    expect(requests).toEqual([null, null, second, second]);
  });
});
