import { AccessLogIndex } from '../../schema/access-log/access-index';
import { createHash } from 'node:crypto';
import { accessRecordCanonical, chainEntries, chainRecords } from '../../schema/access-log/record-hash';
import { searchAccessRecords, type AccessRecordFilter } from '../../schema/access-log/search';
import type { SegmentedAccessLogStore } from '../../schema/access-log/store';
import type { AccessRecord } from '../../schema/access-log/types';
import { segmentedStores } from '../support/segmented-stores';
import { variedEntry } from '../support/varied-access';

/**
 * The indexed search answers exactly what a full scan answers (same records, order, paging and
 * totals) for every kind of filter, after rotations, a removed segment and appends made between
 * two searches, in both stores.
 */

const FILTERS: AccessRecordFilter[] = [
  {},
  { sub: 'caller-7' },
  { sub: 'caller-7', from: '2026-11-05T00:00:00Z', to: '2026-11-06T00:00:00Z' },
  { sub: 'caller-12', from: '2026-11-05T06:30:00Z', to: '2026-11-05T18:00:00Z' },
  { sub: 'caller-3', from: '2026-11-02T00:00:00Z', to: '2026-11-20T00:00:00Z' },
  { role: 'province' },
  { role: 'exchange', province: 'JS' },
  { province: 'AH', entry: 'VEHICLE_TRACK' },
  { entry: 'MUTUAL_AID', from: '2026-11-10T00:00:00Z' },
  { operationHash: '3'.repeat(64) },
  { to: '2026-11-03T12:00:00Z' },
  { from: '2026-11-29T00:00:00Z', to: '2026-11-29T00:00:00Z' },
  { sub: 'nobody' },
  { sub: 'caller-9', role: 'auditor', province: 'SH', entry: 'HAZMAT_DETAIL', from: '2026-11-01T00:00:00Z', to: '2026-12-01T00:00:00Z' },
];

async function* iterate(records: readonly AccessRecord[]): AsyncIterable<AccessRecord> {
  yield* records;
}

async function expectSameAsScan(store: SegmentedAccessLogStore, index: AccessLogIndex): Promise<void> {
  const all: AccessRecord[] = [];
  for await (const r of store.scan()) all.push(r);
  for (const filter of FILTERS) {
    for (const [first, before] of [
      [50, Infinity],
      [7, Infinity],
      [25, all[Math.floor(all.length / 2)]?.seq ?? Infinity],
    ]) {
      const scanned = await searchAccessRecords(iterate(all), filter, first, before);
      const indexed = await index.search(filter, first, before);
      expect({ filter, first, before, ...indexed, records: indexed.records.map((r) => r.seq) }).toEqual({ filter, first, before, ...scanned, records: scanned.records.map((r) => r.seq) });
    }
  }
}

describe.each([
  ['the file store', 'file'],
  ['Redis Streams', 'redis'],
  ['Redis Streams on a Redis Cluster', 'cluster'],
] as const)('the access-log index in %s', (_, kind) => {
  const stores = segmentedStores(kind, 'index');

  it('answers every filter as the full scan does, through rotations, a removed segment and later appends', async () => {
    const store = stores.open();
    const index = new AccessLogIndex(store);
    const append = async (from: number, n: number) => {
      for (let i = from; i < from + n; i += 250) await store.append(Array.from({ length: Math.min(250, from + n - i) }, (_, k) => variedEntry(i + k)));
    };
    await append(0, 1500);
    await store.rotate();
    await append(1500, 1000);
    await expectSameAsScan(store, index);
    await store.rotate();
    await append(2500, 700);
    await expectSameAsScan(store, index);
    await store.removeSegment(1);
    await append(3200, 300);
    await expectSameAsScan(store, index);
    expect(index.size).toBe(2000);
    await store.close();
  }, 120_000);
});

describe('the record hash', () => {
  it('writes the same canonical text field by field as the generic canonical JSON, and falls back for other shapes', () => {
    const records = chainEntries(null, Array.from({ length: 300 }, (_, n) => variedEntry(n)));
    for (const record of records) {
      const { fast, generic } = accessRecordCanonical(record);
      expect(fast).toBe(generic);
    }
    const { hash: _hash, ...odd } = { ...records[0], clientName: undefined, released: [{ entry: 'X', province: 'JS', records: 1, extra: 'y' }] };
    const oddForms = accessRecordCanonical(odd as unknown as AccessRecord);
    expect(oddForms.fast).toBeNull();
    expect(oddForms.generic).toContain('"released":[{"entry":"X","extra":"y","province":"JS","records":1}]');
    expect(oddForms.generic).not.toContain('clientName');
  });

  it('chains each entry into a record of the contract fields alone, hashed over its canonical text, whatever else the entry object carries', () => {
    const entries = [variedEntry(1), { ...variedEntry(2), note: 'not a field of the record' }];
    const { records, lines } = chainRecords({ seq: 41, hash: 'a'.repeat(64) }, entries);
    const fields = ['at', 'requestId', 'sub', 'role', 'province', 'clientName', 'operationName', 'operationHash', 'kind', 'released', 'refused', 'outcome', 'seq', 'previousHash', 'hash'];
    records.forEach((record, i) => {
      expect(Object.keys(record)).toEqual(fields);
      const canonical = accessRecordCanonical(record).generic;
      expect(record.hash).toBe(createHash('sha256').update(canonical).digest('hex'));
      expect(lines[i]).toBe(`${canonical.slice(0, -1)},"hash":"${record.hash}"}`);
    });
    expect(records.map((r) => [r.seq, r.previousHash])).toEqual([[42, 'a'.repeat(64)], [43, records[0].hash]]);
  });
});
