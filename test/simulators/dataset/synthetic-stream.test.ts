import { PROVINCE_CODES, parseGlobalId } from '../../../schema/model';
import { loadDataset, PER_PROVINCE } from '../../../simulators/dataset';
import { SyntheticStream, type SyntheticCollection } from '../../../simulators/dataset/synthetic-stream';

/**
 * Issue 27's synthetic scale: a data set made page by page from a seed, never held whole. Checked at
 * a small scale (6): the counts of the canonical data set at that scale, ids that never repeat and
 * name their legacy ids, the first round equal to the canonical scale-1 records, pages equal to the
 * records one by one, and the same records from the same seed (different from another seed's).
 */

const NOW = new Date('2026-06-15T08:00:00+08:00');
const COLLECTIONS: readonly SyntheticCollection[] = ['warnings', 'enterprises', 'waybills', 'bases'];

describe('SyntheticStream', () => {
  const stream = new SyntheticStream({ seed: 'test', now: NOW, scale: 6 });

  it.each(COLLECTIONS)('%s: the canonical count per province, unique ids that name their legacy ids, in pages as record by record', (collection) => {
    for (const p of PROVINCE_CODES) {
      expect(stream.count(collection, p)).toBe(PER_PROVINCE[collection] * 6);
      const pages = [...stream.pages(collection, p, 50)];
      const records = pages.flat();
      expect(records).toHaveLength(stream.count(collection, p));
      expect(pages.slice(0, -1).every((page) => page.length === 50)).toBe(true);
      expect(new Set(records.map((r) => r.id)).size).toBe(records.length);
      expect(new Set(records.map((r) => r.sourceId)).size).toBe(records.length);
      for (const r of records) expect(parseGlobalId(r.id)).toMatchObject({ province: p, sourceId: r.sourceId });
      expect(records.every((r) => r.province === p && Date.parse(r.updatedAt) <= NOW.getTime())).toBe(true);
      const at = [0, 7, records.length - 1];
      for (const i of at) expect(stream.record(collection, p, i)).toEqual(records[i]);
    }
  });

  it('starts with the canonical scale-1 records, and one seed always gives the same records', () => {
    const canonical = loadDataset({ seed: 'test', now: NOW, scale: 1 });
    const sh = canonical.waybills.filter((w) => w.province === 'SH');
    expect([...stream.pages('waybills', 'SH', sh.length)][0]).toEqual(sh);
    const again = new SyntheticStream({ seed: 'test', now: NOW, scale: 6 });
    const other = new SyntheticStream({ seed: 'other', now: NOW, scale: 6 });
    const i = sh.length * 3 + 2;
    expect(again.record('waybills', 'SH', i)).toEqual(stream.record('waybills', 'SH', i));
    expect(other.record('waybills', 'SH', i).id).not.toEqual(stream.record('waybills', 'SH', i).id);
  });
});
