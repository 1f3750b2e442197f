import type { LegacyDataIssue } from '../../../adapters/kit/errors';
import { COLLECTIONS, MAX_EXAMPLES, collectionQuality, invalidOnFirstPage, reasonKind, type CollectionQualityRow } from '../../../subgraphs/province/data-quality';
import { QualityLog, type LogLine } from '../../../subgraphs/province/quality-log';

const issue = (sourceId: string, reason: string): LegacyDataIssue => ({ code: 'LEGACY_DATA_INVALID', province: 'JS', sourceId, reason });
const invalidOf = (issues: LegacyDataIssue[]): Map<string, LegacyDataIssue> => new Map(issues.map((i) => [i.sourceId, i]));

describe('the data quality of a collection', () => {
  it.each([
    ['unparseable time "2026-13-01"', 'unparseable time'],
    ['invalid credit code "91X": wrong check character', 'invalid credit code: wrong check character'],
    ['unknown warning level code "9"', 'unknown warning level code'],
    ['missing REF_WARN_ID on a MSG_TYPE UPDATE message', 'missing REF_WARN_ID on a MSG_TYPE UPDATE message'],
  ])('counts %j under the reason %j (quoted values left out)', (reason, kind) => {
    expect(reasonKind(reason)).toBe(kind);
  });

  it('counts records (the invalid ones included), invalid records by reason, and gives examples by source id, as of the last sync', () => {
    const invalid = invalidOf([issue('B', 'unparseable time "x"'), issue('A', 'unparseable time "y"'), issue('C', 'missing level')]);
    const syncedAt = Date.parse('2026-07-12T04:00:00Z');
    expect(collectionQuality('JS', 'warnings', { records: [1, 2, 3, 4, 5, 6, 7], invalid, syncedAt })).toEqual({
      source: 'JS',
      collection: 'warnings',
      records: 10,
      invalid: 3,
      reasons: [
        { reason: 'unparseable time', count: 2 },
        { reason: 'missing level', count: 1 },
      ],
      examples: [
        { source: 'JS', sourceId: 'A', reason: 'unparseable time "y"' },
        { source: 'JS', sourceId: 'B', reason: 'unparseable time "x"' },
        { source: 'JS', sourceId: 'C', reason: 'missing level' },
      ],
      asOf: '2026-07-12T12:00:00+08:00',
    });
  });

  it(`gives at most ${MAX_EXAMPLES} examples`, () => {
    const invalid = invalidOf(Array.from({ length: 30 }, (_, i) => issue(`R${String(i).padStart(2, '0')}`, 'missing level')));
    const q = collectionQuality('JS', 'bases', { records: [], invalid, syncedAt: 0 });
    expect([q.invalid, q.examples.length, q.reasons]).toEqual([30, MAX_EXAMPLES, [{ reason: 'missing level', count: 30 }]]);
  });

  it('lists the invalid records on a first page (no after) only', () => {
    const snapshot = { invalid: invalidOf([issue('A', 'missing level')]) };
    expect(invalidOnFirstPage(undefined, snapshot)).toEqual([{ source: 'JS', sourceId: 'A', reason: 'missing level' }]);
    expect(invalidOnFirstPage(null, snapshot)).toHaveLength(1);
    expect(invalidOnFirstPage('c3RhcnQ=', snapshot)).toEqual([]);
  });
});

describe('the data-quality log line', () => {
  const row = (collection: CollectionQualityRow['collection'], invalid: number): CollectionQualityRow => ({
    source: 'JS', collection, records: 100, invalid, reasons: invalid > 0 ? [{ reason: 'missing level', count: invalid }] : [], examples: [], asOf: '2026-07-12T12:00:00+08:00',
  });

  it('is written once per province after every collection has synced, then again after the next full round, never per sync', () => {
    const lines: LogLine[] = [];
    const log = new QualityLog('JS', (l) => lines.push(l));
    log.synced(row('warnings', 1));
    log.synced(row('warnings', 2));
    log.synced(row('enterprises', 0));
    log.synced(row('waybills', 3));
    expect(lines).toEqual([]);
    log.synced(row('bases', 1));
    expect(lines).toEqual([
      {
        level: 'info', msg: 'data quality after a full sync', service: 'province', province: 'JS', records: 400, invalid: 6,
        collections: {
          warnings: { records: 100, invalid: 2, reasons: { 'missing level': 2 } },
          enterprises: { records: 100, invalid: 0, reasons: {} },
          waybills: { records: 100, invalid: 3, reasons: { 'missing level': 3 } },
          bases: { records: 100, invalid: 1, reasons: { 'missing level': 1 } },
        },
      },
    ]);
    for (const c of COLLECTIONS.slice(0, 3)) log.synced(row(c, 0));
    expect(lines).toHaveLength(1);
    log.synced(row('bases', 0));
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatchObject({ province: 'JS', invalid: 0 });
  });
});
