import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FileAccessLogStore } from '../../schema/access-log/file-store';
import type { AccessEntry } from '../../schema/access-log/types';
import { FileRegistryStore } from '../../schema/registry/file-store';
import { Registry } from '../../schema/registry/registry';
import { startRegistrySubgraph, type RunningRegistrySubgraph } from '../../subgraphs/registry/registry-subgraph';
import { registryGql } from '../support/registry-gql';
import { bearer, testVerifier } from '../support/tokens';

/** Reading the access log through the registry subgraph: auditors only, filtered, paged, exported, verified. */

function entry(n: number, over: Partial<AccessEntry> = {}): AccessEntry {
  return {
    at: new Date(Date.UTC(2026, 6, 10 + (n % 3), 8, n)).toISOString(),
    requestId: `r${n}`,
    sub: n % 2 ? 'exchange-1' : 'app-1',
    role: n % 2 ? 'exchange' : 'app',
    province: null,
    clientName: 'dispatch-console',
    operationName: 'Detail',
    operationHash: n % 4 === 0 ? 'a'.repeat(64) : 'b'.repeat(64),
    kind: 'QUERY',
    released: n % 2 ? [{ entry: 'HAZMAT_DETAIL', province: n % 3 === 0 ? 'JS' : 'SH', records: n }] : [],
    refused: n % 2 ? [] : [{ entry: 'VEHICLE_TRACK', province: 'ZJ', records: 1 }],
    outcome: n % 2 ? 'OK' : 'ERROR',
    ...over,
  };
}

describe('access records through the registry subgraph', () => {
  let dir: string;
  let file: string;
  let registry: Registry;
  let store: FileAccessLogStore;
  let subgraph: RunningRegistrySubgraph;

  const gql = registryGql(() => subgraph.url);

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'access-reading-'));
    file = path.join(dir, 'access.jsonl');
    registry = new Registry(new FileRegistryStore({ file: path.join(dir, 'history.jsonl') }));
    store = new FileAccessLogStore({ file });
    await store.append(Array.from({ length: 12 }, (_, i) => entry(i + 1)));
    subgraph = await startRegistrySubgraph({ registry, accessLog: store, auth: testVerifier() });
  });

  afterAll(async () => {
    await subgraph.close();
    await registry.close();
    await rm(dir, { recursive: true, force: true });
  });

  const PAGE = `query($filter: AccessRecordFilter, $after: String) { accessRecords(filter: $filter, first: 2, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { id sub role operationHash released { entry province records } refused { entry province records } hash previousHash } } } }`;
  type Page = { accessRecords: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: { id: string; sub: string; released: { province: string }[] } }[] } };

  it('pages newest first with a total count', async () => {
    const first = await gql<Page>(PAGE, { filter: { sub: 'exchange-1' } });
    expect(first.errors).toBeUndefined();
    expect(first.data?.accessRecords.totalCount).toBe(6);
    expect(first.data?.accessRecords.edges.map((e) => e.node.id)).toEqual(['11', '9']);
    const second = await gql<Page>(PAGE, { filter: { sub: 'exchange-1' }, after: first.data?.accessRecords.pageInfo.endCursor });
    expect(second.data?.accessRecords.edges.map((e) => e.node.id)).toEqual(['7', '5']);
    expect(second.data?.accessRecords.pageInfo.hasNextPage).toBe(true);
  });

  it('filters by role, province, entry, operation hash and time', async () => {
    const ids = async (filter: Record<string, unknown>) => {
      const answer = await gql<{ accessRecords: { edges: { node: { id: string } }[] } }>('query($f: AccessRecordFilter) { accessRecords(filter: $f, first: 100) { edges { node { id } } } }', { f: filter });
      expect(answer.errors).toBeUndefined();
      return answer.data!.accessRecords.edges.map((e) => Number(e.node.id)).sort((a, b) => a - b);
    };
    expect(await ids({ role: 'app' })).toEqual([2, 4, 6, 8, 10, 12]);
    expect(await ids({ province: 'JS' })).toEqual([3, 9]);
    expect(await ids({ province: 'ZJ', entry: 'VEHICLE_TRACK' })).toEqual([2, 4, 6, 8, 10, 12]);
    expect(await ids({ entry: 'HAZMAT_DETAIL', province: 'ZJ' })).toEqual([]);
    expect(await ids({ operationHash: 'a'.repeat(64) })).toEqual([4, 8, 12]);
    expect(await ids({ from: '2026-07-11T00:00:00Z', to: '2026-07-12T00:00:00Z' })).toEqual([1, 4, 7, 10]);
  });

  it('is for auditors only: the exchange platform and an anonymous caller are refused', async () => {
    for (const headers of [await bearer({ role: 'exchange', catalog: ['HAZMAT_DETAIL'] }), {}]) {
      const answer = await gql<{ accessRecords: unknown }>('{ accessRecords { totalCount } }', {}, headers);
      expect(answer.errors?.[0].extensions?.code).toMatch(/FORBIDDEN|UNAUTHENTICATED/);
      expect(answer.data?.accessRecords ?? null).toBeNull();
    }
    const exchange = await gql('{ verifyAccessLog { ok } }', {}, await bearer({ role: 'exchange' }));
    expect(exchange.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('exports CSV and NDJSON bounded by the filter, auditors only', async () => {
    const auditor = await bearer({ role: 'auditor' });
    const base = subgraph.url.replace(/\/graphql$/, '');
    const ndjson = await fetch(`${base}/access-records.ndjson?province=JS`, { headers: auditor });
    expect(ndjson.status).toBe(200);
    expect(ndjson.headers.get('content-type')).toContain('application/x-ndjson');
    const lines = (await ndjson.text()).trim().split('\n').map((l) => JSON.parse(l) as { seq: number; hash: string });
    expect(lines.map((l) => l.seq)).toEqual([3, 9]);
    const csv = await fetch(`${base}/access-records.csv?role=app&to=2026-07-11T00:00:00Z`, { headers: auditor });
    const rows = (await csv.text()).trim().split('\n');
    expect(rows[0]).toBe('seq,at,requestId,sub,role,province,clientName,operationName,operationHash,kind,released,refused,outcome,previousHash,hash');
    expect(rows.slice(1).map((r) => r.split(',')[0])).toEqual(['6', '12']);
    expect(rows[1]).toContain('VEHICLE_TRACK:ZJ=1');
    expect((await fetch(`${base}/access-records.csv`, { headers: await bearer({ role: 'exchange' }) })).status).toBe(403);
    expect((await fetch(`${base}/access-records.csv?province=XX`, { headers: auditor })).status).toBe(400);
  });

  it('verifies the chain, and names the first record altered in place', async () => {
    const ok = await gql<{ verifyAccessLog: { ok: boolean; recordsChecked: number; firstBadRecord: string | null } }>('{ verifyAccessLog { ok recordsChecked firstBadRecord } }');
    expect(ok.data?.verifyAccessLog).toEqual({ ok: true, recordsChecked: 12, firstBadRecord: null });
    const lines = (await readFile(file, 'utf8')).split('\n');
    lines[4] = lines[4].replace('"records":5', '"records":1');
    await writeFile(file, lines.join('\n'));
    const bad = await gql<{ verifyAccessLog: { ok: boolean; firstBadRecord: string | null } }>('{ verifyAccessLog { ok recordsChecked firstBadRecord } }');
    expect(bad.data?.verifyAccessLog).toEqual({ ok: false, recordsChecked: 5, firstBadRecord: '5' });
  });
});
