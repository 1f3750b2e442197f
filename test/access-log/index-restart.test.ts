import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FileAccessLogStore } from '../../schema/access-log/file-store';
import { RedisAccessLogStore } from '../../schema/access-log/redis-store';
import { searchAccessRecords, type AccessRecordFilter } from '../../schema/access-log/search';
import type { SegmentedAccessLogStore } from '../../schema/access-log/store';
import type { AccessRecord, PlacedRecord } from '../../schema/access-log/types';
import { FileRegistryStore } from '../../schema/registry/file-store';
import { Registry } from '../../schema/registry/registry';
import { startRegistrySubgraph } from '../../subgraphs/registry/registry-subgraph';
import { startRedisServer, type RedisServerHandle } from '../support/redis-server';
import { registryGql } from '../support/registry-gql';
import { testVerifier } from '../support/tokens';
import { variedEntry } from '../support/varied-access';

/**
 * The registry subgraph keeps its access-log index as a snapshot beside the log: a restart loads
 * it and reads only the records appended after it, and answers exactly as a full scan does. A
 * snapshot that no longer matches the log (a segment removed since) is dropped and the index is
 * built from what is stored.
 */

const LOG = 24_000;
const TAIL = 700;
const FILTERS: AccessRecordFilter[] = [
  {},
  { sub: 'caller-7', from: '2026-11-05T00:00:00Z', to: '2026-11-06T00:00:00Z' },
  { sub: 'caller-12' },
  { role: 'exchange', province: 'JS' },
  { entry: 'MUTUAL_AID', from: '2026-11-10T00:00:00Z' },
  { operationHash: '3'.repeat(64), to: '2026-11-20T00:00:00Z' },
];

/** The store, counting the records its readers take with `read` (what building the index costs). */
function counting(store: SegmentedAccessLogStore): { store: SegmentedAccessLogStore; read: () => number } {
  let records = 0;
  const wrapped = Object.create(store) as SegmentedAccessLogStore;
  wrapped.read = async function* (segment: string, after: number | string | null): AsyncIterable<PlacedRecord[]> {
    for await (const chunk of store.read(segment, after)) {
      records += chunk.length;
      yield chunk;
    }
  };
  return { store: wrapped, read: () => records };
}

async function* iterate(records: readonly AccessRecord[]): AsyncIterable<AccessRecord> {
  yield* records;
}

type Page = { accessRecords: { totalCount: number; pageInfo: { hasNextPage: boolean }; edges: { node: { id: string } }[] } };
const QUERY = 'query($f: AccessRecordFilter) { accessRecords(filter: $f, first: 40) { totalCount pageInfo { hasNextPage } edges { node { id } } } }';

/** Each filter's first page and total through the subgraph, beside the same search by full scan. */
async function answersAndScan(url: string, store: SegmentedAccessLogStore) {
  const gql = registryGql(() => url);
  const all: AccessRecord[] = [];
  for await (const r of store.scan()) all.push(r);
  const served = [];
  const scanned = [];
  for (const filter of FILTERS) {
    const answer = await gql<Page>(QUERY, { f: filter });
    expect(answer.errors).toBeUndefined();
    const page = answer.data!.accessRecords;
    served.push({ filter, total: page.totalCount, more: page.pageInfo.hasNextPage, ids: page.edges.map((e) => Number(e.node.id)) });
    const scan = await searchAccessRecords(iterate(all), filter, 40);
    scanned.push({ filter, total: scan.totalCount, more: scan.hasNextPage, ids: scan.records.map((r) => r.seq) });
  }
  return { served, scanned };
}

describe.each([
  ['the file store', 'file'],
  ['Redis Streams', 'redis'],
] as const)('the access-log index across registry restarts, in %s', (_, kind) => {
  let dir: string;
  let redis: RedisServerHandle | undefined;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'access-restart-'));
    if (kind === 'redis') redis = await startRedisServer();
  }, 30_000);
  afterAll(async () => {
    await redis?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('loads the saved index at start, reads only the tail, and answers as a full scan before and after', async () => {
    const open = (): SegmentedAccessLogStore => (kind === 'file' ? new FileAccessLogStore({ file: path.join(dir, 'access.jsonl') }) : new RedisAccessLogStore({ url: redis?.url ?? '', prefix: 'restart:' }));
    const writer = open();
    const append = async (from: number, n: number) => {
      for (let i = from; i < from + n; i += 2000) await writer.append(Array.from({ length: Math.min(2000, from + n - i) }, (_, k) => variedEntry(i + k)));
    };
    await append(0, LOG / 2);
    await writer.rotate();
    await append(LOG / 2, LOG / 2);
    const registry = new Registry(new FileRegistryStore({ file: path.join(dir, 'history.jsonl') }));
    const start = async () => {
      const reader = counting(open());
      const subgraph = await startRegistrySubgraph({ registry, accessLog: reader.store, auth: testVerifier() });
      return { ...reader, subgraph };
    };

    const first = await start();
    const before = await answersAndScan(first.subgraph.url, writer);
    expect(before.served).toEqual(before.scanned);
    expect(first.read()).toBe(LOG);
    await first.subgraph.close();
    await first.store.close();

    await append(LOG, TAIL);
    const second = await start();
    const after = await answersAndScan(second.subgraph.url, writer);
    expect(after.served).toEqual(after.scanned);
    expect(after.served[0].total).toBe(LOG + TAIL);
    expect(second.read()).toBe(TAIL);
    await second.subgraph.close();
    await second.store.close();

    await writer.removeSegment(1);
    const third = await start();
    const afterRemoval = await answersAndScan(third.subgraph.url, writer);
    expect(afterRemoval.served).toEqual(afterRemoval.scanned);
    expect(afterRemoval.served[0].total).toBe(LOG / 2 + TAIL);
    expect(third.read()).toBe(LOG / 2 + TAIL);
    await third.subgraph.close();
    await third.store.close();
    await writer.close();
    await registry.close();
  }, 120_000);
});
