import os from 'node:os';
import path from 'node:path';
import { writeBenchmarkSupergraph } from '../gateways-benchmark/supergraph-file';
import { runLoad } from '../lib/load';
import { cpuMsOf, rssOf } from '../lib/proc';
import { freePort, waitForGraphQL } from '../lib/processes';
import type { ResultTable } from '../lib/table';
import { NO_DEDUP, benchmarkHeaders, loadBody, startOurs, startStock, startSubgraphs, wrongAnswers } from './gateway-throughput';

/**
 * Our gateway's CPU time per answered request (user + system, from /proc), without any
 * de-duplication, for variants side by side in alternating rounds on one subgraph process:
 * with and without the planner-correction layer (PLANNER_CORRECTIONS), and for several builds
 * (BENCH_BUILDS=label=root,…). CPU time, unlike req/s, does not move with the machine's load.
 */

export interface CpuPerRequestOptions {
  durationS: number;
  warmupS: number;
  connections: number;
  rounds: number;
  loads: ('benchmark' | 'varied')[];
  builds: { label: string; root: string }[];
  /** Keys of VARIANTS to run (BENCH_CPU_VARIANTS); the first build runs them all, the others the default only. */
  variants: string[];
}

const VARIANTS: Record<string, { name: string; env: Record<string, string>; nodeArgs?: string[]; deployedNodeArgs?: false; stock?: true }> = {
  default: { name: 'corrected planner, plan executor, compiled result shaping, sibling fetches merged, subgraph fetches batched, distinct representations (default)', env: {} },
  'apollo-executor': { name: "@apollo/gateway's executeQueryPlan (OWN_PLAN_EXECUTOR=false)", env: { OWN_PLAN_EXECUTOR: 'false' } },
  'stock-planner': { name: 'stock planner (PLANNER_CORRECTIONS=false)', env: { PLANNER_CORRECTIONS: 'false' } },
  'stock-shaping': { name: "@apollo/gateway's result shaping (COMPILED_RESULT_SHAPING=false)", env: { COMPILED_RESULT_SHAPING: 'false' } },
  repeated: { name: 'each representation sent once per place (DISTINCT_REPRESENTATIONS=false)', env: { DISTINCT_REPRESENTATIONS: 'false' } },
  unmerged: { name: 'sibling fetches not merged (MERGE_SIBLING_FETCHES=false)', env: { MERGE_SIBLING_FETCHES: 'false' } },
  unbatched: { name: 'each subgraph fetch sent alone (BATCH_SUBGRAPH_FETCHES=false)', env: { BATCH_SUBGRAPH_FETCHES: 'false' } },
  'default-semi-space': { name: "V8's default young generation (without the gateway's node options)", env: {}, deployedNodeArgs: false },
  'semi-space-64': { name: 'young generation of 64 MB semi-spaces (node --max-semi-space-size=64)', env: {}, nodeArgs: ['--max-semi-space-size=64'] },
  'semi-space-128': { name: 'young generation of 128 MB semi-spaces (node --max-semi-space-size=128)', env: {}, nodeArgs: ['--max-semi-space-size=128'] },
  'single-threaded-gc': { name: 'garbage collection on the main thread only (node --single-threaded-gc)', env: {}, nodeArgs: ['--single-threaded-gc'] },
  stock: { name: 'stock @apollo/gateway (plain Apollo Server + ApolloGateway, no features of ours)', env: {}, stock: true },
};

export async function cpuPerRequest(options: CpuPerRequestOptions): Promise<ResultTable> {
  const loadAtStart = os.loadavg().map((l) => l.toFixed(1)).join(', ');
  const headers = await benchmarkHeaders();
  const subgraphs = await startSubgraphs();
  // The switches are newer than the builds compared against: they run in the first build only.
  const variants = ['default', ...options.variants.filter((v) => v !== 'default')].map((key) => {
    const variant = VARIANTS[key];
    if (!variant) throw new Error(`BENCH_CPU_VARIANTS: no variant ${key} (${Object.keys(VARIANTS).join(', ')})`);
    return variant;
  });
  // Another build runs as its own defaults, which may differ from this build's.
  const runs = options.builds.flatMap((b, i) => (i === 0 ? variants : [{ ...variants[0], name: 'its defaults' }]).map((v) => ({ name: `${b.label}: ${v.name}`, root: b.root, env: v.env, nodeArgs: v.nodeArgs, deployedNodeArgs: v.deployedNodeArgs, stock: v.stock })));
  const samples = new Map<string, { cpuMs: number[]; rps: number[]; peakMb: number[]; wrong: number }>();
  try {
    const supergraph = writeBenchmarkSupergraph(subgraphs.url);
    for (let round = 0; round < options.rounds; round++) {
      for (const load of options.loads) {
        for (const run of round % 2 === 0 ? runs : [...runs].reverse()) {
          const port = await freePort();
          const dist = path.join(run.root, 'dist');
          const gateway = run.stock ? startStock(port, supergraph, 1, dist) : startOurs(port, supergraph, { dist, nodeArgs: run.nodeArgs, deployedNodeArgs: run.deployedNodeArgs, env: { ...NO_DEDUP, GATEWAY_WORKERS: undefined, ...run.env } });
          try {
            const url = `http://127.0.0.1:${port}/graphql`;
            await waitForGraphQL(url);
            const body = loadBody(load);
            let wrong = await wrongAnswers(url, body, headers);
            await runLoad({ url, connections: options.connections, durationS: options.warmupS, body, headers });
            const pid = gateway.child.pid as number;
            const before = cpuMsOf(pid);
            const result = await runLoad({ url, connections: options.connections, durationS: options.durationS, body, headers });
            const cpuMs = (cpuMsOf(pid) - before) / Math.max(1, result.requests);
            const { peakMb } = rssOf(pid);
            wrong += (await wrongAnswers(url, body, headers)) + result.errors;
            const key = `${load}|${run.name}`;
            const kept = samples.get(key) ?? { cpuMs: [], rps: [], peakMb: [], wrong: 0 };
            samples.set(key, { cpuMs: [...kept.cpuMs, cpuMs], rps: [...kept.rps, result.rps], peakMb: [...kept.peakMb, peakMb], wrong: kept.wrong + wrong });
            console.error(`[cpu-per-request] round ${round + 1}, ${load} load, ${run.name}: ${cpuMs.toFixed(2)} CPU ms per request, ${result.rps.toFixed(1)} req/s, peak RSS ${peakMb.toFixed(0)} MB`);
          } finally {
            await gateway.stop();
          }
        }
      }
    }
  } finally {
    await subgraphs.stop();
  }
  const loadAtEnd = os.loadavg().map((l) => l.toFixed(1)).join(', ');
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  const rows: (string | number)[][] = [];
  for (const load of options.loads) {
    const first = samples.get(`${load}|${runs[0].name}`);
    for (const run of runs) {
      const s = samples.get(`${load}|${run.name}`);
      if (!s) continue;
      const ratio = first ? (mean(s.cpuMs) / mean(first.cpuMs)).toFixed(2) : '–';
      rows.push([load, run.name, mean(s.cpuMs).toFixed(2), s.cpuMs.map((c) => c.toFixed(2)).join(', '), ratio, mean(s.rps).toFixed(1), Math.max(...s.peakMb).toFixed(0), s.wrong]);
    }
  }
  return {
    name: 'cpu-per-request',
    title: `Gateway CPU time per request without de-duplication (${options.connections} connections, ${options.rounds} alternating rounds of ${options.durationS} s after ${options.warmupS} s warm-up, one process)`,
    columns: ['load', 'variant', 'CPU ms per request (mean)', 'each round', `÷ ${runs[0].name}`, 'req/s', 'peak RSS MB (largest round)', 'errors or wrong answers'],
    rows,
    notes: [
      `Taken on a shared ${os.cpus().length}-core machine loaded by other engineers' work (load average at the start: ${loadAtStart}; at the end: ${loadAtEnd}). CPU time is user + system time of the gateway process from /proc (10 ms ticks) over the measured run, divided by the requests answered; it does not count the time the gateway waits for a core, so it compares fairly across rounds; req/s does not.`,
      'Loads as in gateway-throughput (benchmark: the benchmark query; varied: a unique `user(id: $id)` added), GATEWAY_INBOUND_DEDUP=false and SUBGRAPH_DEDUP=false, no response cache. Answers are checked before and after each run.',
      'Peak RSS: VmHWM of the gateway process (/proc/<pid>/status) at the end of its measured run; each round starts a fresh process, and the column gives the largest round.',
    ],
  };
}
