import os from 'node:os';
import path from 'node:path';
import { writeBenchmarkSupergraph } from '../gateways-benchmark/supergraph-file';
import { freePort, waitForGraphQL } from '../lib/processes';
import { percentile } from '../lib/stats';
import type { ResultTable } from '../lib/table';
import { PHASES, meanPhases, runTimedLoad, type TimedRequest } from '../lib/timed-load';
import { NO_DEDUP, benchmarkHeaders, loadBody, startOurs, startSubgraphs } from './gateway-throughput';

/**
 * Where the time of the slowest requests goes: our gateway under the gateway-throughput load with
 * GATEWAY_SERVER_TIMING on, each answer's phases read from its `Server-Timing` header beside the
 * latency the client saw. Several builds (BENCH_BUILDS=label=root,…: other checkouts, each built,
 * whose gateway sends the header) run alternately on the same subgraph process, so that a
 * before/after compares phases taken side by side.
 */

export interface PhaseOptions {
  durationS: number;
  warmupS: number;
  connections: number;
  rounds: number;
  loads: ('benchmark' | 'varied')[];
  /** Also each build without inbound and subgraph de-duplication. */
  withoutDedup: boolean;
  builds: { label: string; root: string }[];
}

const fixed = (n: number): string => (Number.isFinite(n) ? n.toFixed(1) : '–');

export async function requestPhases(options: PhaseOptions): Promise<ResultTable[]> {
  const loadAtStart = os.loadavg().map((l) => l.toFixed(1)).join(', ');
  const headers = await benchmarkHeaders();
  const subgraphs = await startSubgraphs();
  const variants = options.builds.flatMap((b) => [
    { name: `${b.label}`, root: b.root, env: {} },
    ...(options.withoutDedup ? [{ name: `${b.label}, no de-duplication`, root: b.root, env: NO_DEDUP }] : []),
  ]);
  const samples = new Map<string, { rps: number[]; errors: number; requests: TimedRequest[] }>();
  try {
    const supergraph = writeBenchmarkSupergraph(subgraphs.url);
    for (let round = 0; round < options.rounds; round++) {
      for (const load of options.loads) {
        for (const v of round % 2 === 0 ? variants : [...variants].reverse()) {
          const port = await freePort();
          const running = startOurs(port, supergraph, { dist: path.join(v.root, 'dist'), env: { ...v.env, GATEWAY_SERVER_TIMING: 'true' } });
          try {
            const url = `http://127.0.0.1:${port}/graphql`;
            await waitForGraphQL(url);
            const body = loadBody(load);
            await runTimedLoad({ url, connections: options.connections, durationS: options.warmupS, body, headers });
            const r = await runTimedLoad({ url, connections: options.connections, durationS: options.durationS, body, headers });
            const key = `${load}|${v.name}`;
            const kept = samples.get(key) ?? { rps: [], errors: 0, requests: [] };
            samples.set(key, { rps: [...kept.rps, r.rps], errors: kept.errors + r.errors, requests: kept.requests.concat(r.timed) });
            console.error(`[request-phases] round ${round + 1}, ${load} load, ${v.name}: ${r.rps.toFixed(1)} req/s, p99 ${percentile(r.timed.map((q) => q.latencyMs), 99).toFixed(0)} ms`);
          } finally {
            await running.stop();
          }
        }
      }
    }
  } finally {
    await subgraphs.stop();
  }
  const overview: (string | number)[][] = [];
  const tails: (string | number)[][] = [];
  for (const load of options.loads) {
    for (const v of variants) {
      const s = samples.get(`${load}|${v.name}`);
      if (!s) continue;
      const latencies = s.requests.map((r) => r.latencyMs);
      const p99 = percentile(latencies, 99);
      const totals = s.requests.map((r) => r.phases.get('total') ?? Number.NaN).filter(Number.isFinite);
      const followers = s.requests.filter((r) => r.phases.has('dedup')).length;
      const rps = s.rps.reduce((a, b) => a + b, 0) / s.rps.length;
      overview.push([load, v.name, rps.toFixed(1), s.requests.length, s.errors, fixed(percentile(latencies, 50)), fixed(p99), fixed(percentile(totals, 50)), fixed(percentile(totals, 99)), `${((100 * followers) / Math.max(1, s.requests.length)).toFixed(0)} %`]);
      const slowest = s.requests.filter((r) => r.latencyMs >= p99);
      const all = meanPhases(s.requests);
      const tail = meanPhases(slowest);
      tails.push([load, v.name, 'all', s.requests.length, ...PHASES.map((p) => fixed(all[p]))]);
      tails.push([load, v.name, 'slowest 1 %', slowest.length, ...PHASES.map((p) => fixed(tail[p]))]);
    }
  }
  const shared = `Taken on a shared ${os.cpus().length}-core machine loaded by other engineers' work (load average at the start: ${loadAtStart}); ${options.rounds} alternating rounds of ${options.durationS} s after ${options.warmupS} s warm-up, ${options.connections} connections, one gateway worker, no response cache: compare the builds side by side, not the absolute figures.`;
  return [
    {
      name: 'request-phases',
      title: 'Request latency at the client and in the gateway (Server-Timing), by build',
      columns: ['load', 'build', 'req/s', 'requests', 'errors', 'client p50 ms', 'client p99 ms', 'gateway total p50 ms', 'gateway total p99 ms', 'answered as followers'],
      rows: overview,
      notes: [shared, 'gateway total: from the request event to the answer handed to the socket; a follower is a request answered by an identical one in flight (inbound de-duplication).'],
    },
    {
      name: 'request-phases',
      title: 'Mean ms per phase: all requests, and the slowest 1 % at the client (latency ≥ its p99)',
      columns: ['load', 'build', 'requests', 'count', ...PHASES],
      rows: tails,
      notes: [
        'Phases as in schema/http/server-timing.ts: auth (arrival to handler), body, dedup (a follower\'s wait for the leader), cache (response cache lookup), validate (parse, validation, persisted queries), plan, fetch (plan execution: subgraph fetches and result shaping), serialise; a leader\'s own phases are its execution, a follower has dedup instead.',
        'to arrival: from the client\'s write to the gateway\'s request event (the socket, and the gateway\'s event loop busy with other work); from answer: from the answer handed to the socket to the client holding all of it (the write, the transfer, and the load generator\'s own event loop). Both from the gateway\'s `arrival` (its wall clock) set beside the client\'s, one host.',
      ],
    },
  ];
}
