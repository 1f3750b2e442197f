import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkBenchmarkAnswer } from '../gateways-benchmark/expected-answer';
import { BENCHMARK_QUERY, writeBenchmarkSupergraph } from '../gateways-benchmark/supergraph-file';
import type { BenchmarkSubgraph } from '../gateways-benchmark/subgraphs/schemas';
import { runLoad, type LoadResult } from '../lib/load';
import { freePort, startProcess, waitForGraphQL, type Started } from '../lib/processes';
import type { ResultTable } from '../lib/table';

/**
 * Scenario 3: gateway throughput against peers on the gateways benchmark's supergraph and query.
 * Every gateway runs as its own process(es) over the same Node subgraphs; variants alternate, in
 * one run, so drift of a noisy machine falls on all of them alike.
 */

const ROOT = path.resolve(__dirname, '..', '..', '..');
const DIST = path.join(ROOT, 'dist');
const HIVE_BIN = path.join(ROOT, 'node_modules', '.bin', 'hive-gateway');

interface Variant {
  name: string;
  start(port: number, supergraph: string, workers: number): Started;
}

const VARIANTS: Variant[] = [
  {
    name: 'stock @apollo/gateway',
    start: (port, supergraph, workers) =>
      startProcess(process.execPath, [path.join(DIST, 'bench/gateways-benchmark/stock-apollo-gateway.js'), supergraph], { env: { PORT: String(port), WORKERS: String(workers) } }),
  },
  {
    name: 'Hive Gateway (plain)',
    start: (port, supergraph, workers) =>
      startProcess(HIVE_BIN, ['supergraph', supergraph, '--port', String(port), '--host', '127.0.0.1', '--fork', String(workers)], {
        cwd: mkdtempSync(path.join(os.tmpdir(), 'hive-plain-')),
        env: { NODE_ENV: 'production' },
      }),
  },
  {
    name: 'Hive Gateway (benchmark config: --jit, inbound dedup)',
    start: (port, supergraph, workers) => {
      const cwd = mkdtempSync(path.join(os.tmpdir(), 'hive-bench-'));
      writeFileSync(
        path.join(cwd, 'gateway.config.ts'),
        'import { defineConfig } from "@graphql-hive/gateway";\nexport const gatewayConfig = defineConfig({ inboundInflightRequestDeduplication: true, jit: true });\n',
      );
      return startProcess(HIVE_BIN, ['supergraph', supergraph, '--port', String(port), '--host', '127.0.0.1', '--jit', '--fork', String(workers)], {
        cwd,
        env: { NODE_ENV: 'production', NODE_PATH: path.join(ROOT, 'node_modules') },
      });
    },
  },
  {
    name: 'ours (every feature on, no response cache)',
    start: (port, supergraph, workers) =>
      startProcess(process.execPath, [path.join(DIST, 'gateway/main.js'), '--supergraph', supergraph], {
        env: { GATEWAY_PORT: String(port), GATEWAY_WORKERS: String(workers), LOG_LEVEL: 'warn', NODE_ENV: 'production' },
      }),
  },
];

const VARIED_QUERY = BENCHMARK_QUERY.replace('query TestQuery {', 'query TestQuery($id: ID!) {\n  user(id: $id) { id name }');

export interface ThroughputOptions {
  durationS: number;
  warmupS: number;
  connections: number;
  workers: number[];
}

export async function gatewayThroughput(options: ThroughputOptions): Promise<ResultTable> {
  const subgraphPort = await freePort();
  const subgraphs = startProcess(process.execPath, [path.join(DIST, 'bench/gateways-benchmark/subgraphs/server.js')], { env: { PORT: String(subgraphPort) } });
  const url = (name: BenchmarkSubgraph): string => `http://127.0.0.1:${subgraphPort}/${name}`;
  const rows: (string | number)[][] = [];
  const results = new Map<string, LoadResult>();
  try {
    await waitForSubgraphs(subgraphPort);
    const supergraph = writeBenchmarkSupergraph(url);
    for (const workers of options.workers) {
      for (const load of ['benchmark', 'varied'] as const) {
        for (let round = 0; round < 2; round++) {
          const order = round === 0 ? VARIANTS : [...VARIANTS].reverse();
          for (const variant of order) {
            const result = await measure(variant, supergraph, workers, load, options);
            const key = `${workers}|${load}|${variant.name}`;
            const previous = results.get(key);
            results.set(key, previous ? mergeRounds(previous, result) : result);
          }
        }
        const stock = results.get(`${workers}|${load}|${VARIANTS[0].name}`);
        for (const v of VARIANTS) {
          const r = results.get(`${workers}|${load}|${v.name}`) as LoadResult;
          rows.push([workers, load, v.name, r.rps.toFixed(1), r.p50.toFixed(0), r.p99.toFixed(0), r.errors, stock && stock.rps > 0 ? (r.rps / stock.rps).toFixed(2) : '–']);
        }
      }
    }
  } finally {
    await subgraphs.stop();
  }
  return {
    name: 'gateway-throughput',
    title: `Gateway throughput against peers (${options.connections} connections, ${options.durationS} s after ${options.warmupS} s warm-up, two alternating rounds averaged)`,
    columns: ['workers', 'load', 'gateway', 'req/s', 'p50 ms', 'p99 ms', 'errors or wrong answers', '× stock'],
    rows,
    notes: [
      'benchmark load: every client sends the benchmark query; varied load: each request adds `user(id: $id)` with a unique id, so no two concurrent requests are alike and no deduplication can help.',
      'Every gateway\'s answer is checked against the benchmark\'s expected answer before and after its run.',
    ],
  };
}

async function waitForSubgraphs(port: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/accounts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ me { id } }"}' });
      if (res.status === 200) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('benchmark subgraphs did not start');
}

function mergeRounds(a: LoadResult, b: LoadResult): LoadResult {
  return { rps: (a.rps + b.rps) / 2, p50: (a.p50 + b.p50) / 2, p99: Math.max(a.p99, b.p99), errors: a.errors + b.errors };
}

async function measure(variant: Variant, supergraph: string, workers: number, load: 'benchmark' | 'varied', options: ThroughputOptions): Promise<LoadResult> {
  const port = await freePort();
  const running = variant.start(port, supergraph, workers);
  const endpoint = `http://127.0.0.1:${port}/graphql`;
  try {
    await waitForGraphQL(endpoint);
    let counter = 0;
    const body = (): string =>
      load === 'benchmark' ? JSON.stringify({ query: BENCHMARK_QUERY }) : JSON.stringify({ query: VARIED_QUERY, variables: { id: `u${counter++}` } });
    const wrong = async (): Promise<number> => {
      const res = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body() });
      return checkBenchmarkAnswer(await res.json()) === null ? 0 : 1;
    };
    const before = await wrong();
    await runLoad({ url: endpoint, connections: options.connections, durationS: options.warmupS, body });
    const result = await runLoad({ url: endpoint, connections: options.connections, durationS: options.durationS, body });
    const after = await wrong();
    return { ...result, errors: result.errors + before + after };
  } finally {
    await running.stop();
  }
}
