import { legacyLimit, minimumCalls, pagesOf } from '../../bench/lib/legacy-api-model';
import { percentile } from '../../bench/lib/stats';
import { renderTable } from '../../bench/lib/table';
import { allocProfile } from '../../bench/scenarios/alloc-profile';
import { cpuCrossRegion } from '../../bench/scenarios/cpu-cross-region';
import { cpuFetchClient } from '../../bench/scenarios/cpu-fetch-client';
import { fanOutLatency } from '../../bench/scenarios/fan-out-latency';
import { readFileSync } from 'node:fs';
import { gatewayThroughput, startStock, startSubgraphs } from '../../bench/scenarios/gateway-throughput';
import { freePort } from '../../bench/lib/processes';
import { writeBenchmarkSupergraph } from '../../bench/gateways-benchmark/supergraph-file';
import { registryPropagation } from '../../bench/scenarios/registry-propagation';
import { scaleOut } from '../../bench/scenarios/scale-out';
import { TEST_NOW } from '../support/federation';
import { releaseBuild, sharedBuild } from '../support/shared-build';
import { loadDataset } from '../../simulators/dataset';

/** The benchmark code runs (scenarios 1 and 2, shortened) and its model of the legacy APIs says what they allow. */

describe('the legacy API model', () => {
  const dataset = loadDataset({ seed: 'test', now: TEST_NOW, scale: 1 });
  const flat = { SH: 100, JS: 100, ZJ: 100, AH: 100 };

  test('a cursor-paged system (ZJ) costs a token and then one page after another; numbered pages come together after the first', () => {
    expect(pagesOf(dataset, 'ZJ', 'waybills')).toBe(2);
    expect(pagesOf(dataset, 'AH', 'waybills')).toBe(3);
    const limit = legacyLimit(dataset, flat, { everywhere: ['waybills'], hops: [] });
    expect(limit.ms).toBe(300);
    expect(minimumCalls(dataset, { everywhere: ['waybills'], hops: [] }).ZJ).toEqual({ 'POST /zlj/open/oauth/token': 1, 'GET /zlj/open/whp/yd/list': 2 });
  });

  test('a cross-shard reference chains the second province\'s pull after the first\'s', () => {
    const alone = legacyLimit(dataset, { SH: 100, JS: 0, ZJ: 0, AH: 0 }, { everywhere: ['waybills'], hops: [] });
    const hop = legacyLimit(dataset, { SH: 100, JS: 0, ZJ: 0, AH: 0 }, { everywhere: ['waybills'], hops: [{ from: 'SH', after: 'waybills', to: 'SH', pull: 'enterprises' }] });
    expect(alone.ms).toBe(100);
    expect(hop.ms).toBe(200);
  });

  test('Anhui\'s 5 requests a second hold back its sixth call by a second', () => {
    const limit = legacyLimit(dataset, { SH: 0, JS: 0, ZJ: 0, AH: 10 }, { everywhere: ['warnings', 'enterprises', 'waybills', 'bases'], hops: [] });
    expect(limit.ms).toBeGreaterThanOrEqual(1010);
    expect(limit.explanation).toContain('AH');
  });
});

describe('the benchmark scenarios run', () => {
  let dist = '';
  // The run's shared build is compiled by the first file to ask, often this one (it runs early), while the other
  // worker runs a test of its own: minutes on a loaded machine, and not what the scenarios' time-outs are for.
  beforeAll(async () => {
    dist = await sharedBuild('bench-smoke');
  }, 300_000);
  afterAll(() => {
    if (dist) releaseBuild(dist);
  });

  test('fan-out latency and legacy calls (one cold sample; three warm, as deployed, with and without the response cache) give their tables', async () => {
    const { latency, legacyCalls } = await fanOutLatency({ coldSamples: 1, warmSamples: 3, warmUp: 2, dist, progress: () => undefined });
    expect(latency.rows.map((r) => r[0])).toEqual(['cold', 'warm', 'warm, response cache off']);
    const [, , coldP50, , , limitMs] = latency.rows[0];
    expect(Number(limitMs)).toBeGreaterThan(160);
    expect(Number(coldP50)).toBeGreaterThan(Number(limitMs) * 0.5);
    expect(new Set(legacyCalls.rows.map((r) => r[0]))).toEqual(new Set(['SH', 'JS', 'ZJ', 'AH']));
    expect(renderTable(legacyCalls)).toContain('| province | endpoint | calls | minimum | difference |');
  }, 180_000);

  test('scale-out: one gateway behind the proxy, on one Redis and on a Redis Cluster (seed + REDIS_CLUSTER), answers without error', async () => {
    // The warm-up takes the cold start (first plan, empty caches), so that the measured seconds answer something even on a loaded machine.
    const table = await scaleOut({ durationS: 2, warmupS: 2, connections: 8, dist, instances: [1], rounds: 1, loads: ['same query'] });
    expect(table.rows.map((r) => [r[0], r[1], r[2], r[6]])).toEqual([
      ['same query', 'one Redis', 1, 0],
      ['same query', 'a Redis Cluster', 1, 0],
    ]);
    for (const row of table.rows) expect(Number(row[3])).toBeGreaterThan(0);
    expect(renderTable(table)).toContain('| load | Redis | gateway processes |');
  }, 240_000);

  test('cpu-cross-region: a gateway with its defaults and without any de-duplication side by side, each answering the cross-region query right, each with its CPU per request and the requests it executed', async () => {
    const table = await cpuCrossRegion({ durationS: 1, warmupS: 1, connections: 4, rounds: 1, dist, builds: [{ label: 'a', dist }], unshared: 'also' });
    expect(table.rows.map((r) => [r[0], r[3], r[5]])).toEqual([
      ['a', '1.00', 0],
      ['a, without any de-duplication', expect.stringMatching(/^\d+\.\d\d$/), 0],
    ]);
    for (const row of table.rows) expect(Number(row[1])).toBeGreaterThan(0);
    // Without any de-duplication every request is executed; with the defaults, identical requests in flight share one.
    const [shared, unshared] = table.rows.map((r) => Number(r[6]));
    expect(unshared).toBeGreaterThanOrEqual(0.99);
    expect(shared).toBeLessThan(unshared);
  }, 180_000);

  test('cpu-fetch-client: undici and Http1Pool fetch the same answer from the benchmark subgraphs, each one\'s CPU per fetch', async () => {
    const table = await cpuFetchClient({ rounds: 2, calls: 50, concurrency: 4, dist });
    expect(table.rows).toHaveLength(1);
    const [bytes, before, after] = table.rows[0].map(Number);
    expect(bytes).toBeGreaterThan(1000);
    expect(before).toBeGreaterThan(0);
    expect(after).toBeGreaterThan(0);
  }, 60_000);

  test('gateway-throughput runs the benchmark\'s subgraphs and stock @apollo/gateway as deployed (NODE_ENV=production), whatever the bench\'s own', async () => {
    const environOf = (pid: number): string[] => readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
    const subgraphs = await startSubgraphs(dist);
    const stock = startStock(await freePort(), writeBenchmarkSupergraph(subgraphs.url), 1, dist);
    try {
      expect(process.env.NODE_ENV).toBe('test');
      expect(environOf(subgraphs.pid)).toContain('NODE_ENV=production');
      expect(environOf(stock.child.pid as number)).toContain('NODE_ENV=production');
    } finally {
      await stock.stop();
      await subgraphs.stop();
    }
  }, 60_000);

  test('gateway-throughput: stock and ours without de-duplication side by side, right answers, each party\'s CPU per answer and what 4× stock leaves the gateway', async () => {
    const table = await gatewayThroughput({ durationS: 1, warmupS: 1, connections: 8, workers: [1], gateways: ['stock', 'ours-no-dedup'], dist });
    expect(table.rows.map((r) => [r[1], r[2], r[7]])).toEqual([
      ['benchmark', 'stock @apollo/gateway', 0],
      ['benchmark', 'ours without any de-duplication', 0],
      ['varied', 'stock @apollo/gateway', 0],
      ['varied', 'ours without any de-duplication', 0],
    ]);
    const cpu = (column: string): number[] => table.rows.map((r) => Number(r[table.columns.indexOf(column)]));
    for (const column of ['gateway CPU ms per answer', 'subgraphs CPU ms per answer']) for (const ms of cpu(column)) expect(ms).toBeGreaterThan(0);
    for (const ms of cpu('load generator CPU ms per answer')) expect(ms).toBeGreaterThanOrEqual(0);
    expect(table.notes.filter((n) => /^1 worker\(s\), (benchmark|varied) load: 4× stock is \d+ req\/s; on \d+ cores/.test(n))).toHaveLength(2);
  }, 240_000);

  test('alloc-profile: the bytes our gateway allocates per request under the benchmark load, by function, answers right', async () => {
    const [overview, functions] = await allocProfile({ durationS: 1, warmupS: 1, dist, workloads: ['benchmark-no-dedup'] });
    expect(overview.rows).toHaveLength(1);
    const [workload, , requests, wrong, , kib] = overview.rows[0];
    expect([workload, wrong]).toEqual(['gateways-benchmark benchmark load without de-duplication', 0]);
    expect(Number(requests)).toBeGreaterThan(0);
    expect(Number(kib)).toBeGreaterThan(0);
    expect(functions.rows.length).toBeGreaterThan(5);
    // Our plan executor and result shaping build every answer: some of our code is always among the 25.
    expect(functions.rows.some((r) => String(r[2]).startsWith('ours: gateway/'))).toBe(true);
  }, 180_000);

  test('registry propagation: every publish reaches every gateway of both stores, and the table says how fast', async () => {
    const table = await registryPropagation({ publishes: 2, pauseMs: 0 });
    expect(table.rows.map((r) => [r[0], r[1], r[2]])).toEqual([
      ['one Redis (pub/sub)', 'gateway A', 2],
      ['one Redis (pub/sub)', 'gateway B', 2],
      ['one file (watched every 250 ms)', 'in process', 2],
      ['one file (watched every 250 ms)', 'watching the file', 2],
    ]);
    for (const [, , , p50, , max] of table.rows) expect(Number(max)).toBeGreaterThanOrEqual(Number(p50));
  }, 120_000);

  test('percentiles are nearest-rank', () => {
    expect(percentile([5, 1, 3, 2, 4], 50)).toBe(3);
    expect(percentile([1, 2, 3, 4], 99)).toBe(4);
    expect(Number.isNaN(percentile([], 50))).toBe(true);
  });
});
