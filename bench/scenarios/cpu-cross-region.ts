import os from 'node:os';
import { TEST_NOW } from '../../test/support/federation';
import { bearer } from '../../test/support/tokens';
import { runLoad } from '../lib/load';
import { counterTotal } from '../lib/gateway-metrics';
import { cpuMsOf } from '../lib/proc';
import { startProcessFederation } from '../lib/process-federation';
import { freePort } from '../lib/processes';
import type { ResultTable } from '../lib/table';
import { wrongCrossRegionAnswers } from './cpu-profile';
import { NO_DEDUP } from './gateway-throughput';
import { CROSS_REGION_QUERY, CROSS_REGION_VARIABLES } from './fan-out-latency';

/**
 * The gateway's CPU time (user + system, from /proc) per cross-region query — fan-out-latency's
 * query through the shard router to the four province subgraphs, replicas warm, no response
 * cache — for several builds of the gateway (BENCH_BUILDS=label=root,…) in alternating rounds, each
 * in front of this build's subgraphs and simulators.
 */

export interface CpuCrossRegionOptions {
  durationS: number;
  warmupS: number;
  connections: number;
  rounds: number;
  /** Each gateway's build output (dist/); the first is the one the others are compared with. */
  builds: { label: string; dist: string }[];
  /** The build the subgraphs and simulators run from (default this project's dist/). */
  dist?: string;
  /**
   * Each build also (`also`) or only (`only`) without any de-duplication (GATEWAY_INBOUND_DEDUP=false,
   * SUBGRAPH_DEDUP=false): with it, the 8 identical queries in flight share one execution (about 1 in 8
   * requests runs) and their shard fetches.
   */
  unshared?: 'also' | 'only';
}

interface Run {
  label: string;
  dist: string;
  env: NodeJS.ProcessEnv;
}

export async function cpuCrossRegion(options: CpuCrossRegionOptions): Promise<ResultTable> {
  const loadAtStart = os.loadavg().map((l) => l.toFixed(1)).join(', ');
  const headers = await bearer({ role: 'app' }, { expiresInSec: 24 * 3600 });
  const body = JSON.stringify({ query: CROSS_REGION_QUERY, variables: CROSS_REGION_VARIABLES });
  const samples = new Map<string, { cpuMs: number[]; rps: number[]; executions: (number | null)[]; wrong: number }>();
  /** Requests executed: the shard router's fetches (one per execution of this query), from the gateway's metrics. */
  const executed = (url: string): Promise<number | null> => counterTotal(url, 'gateway_subgraph_fetches_total', { subgraph: 'provinces' });
  const runs: Run[] = options.builds.flatMap((b) => [
    ...(options.unshared === 'only' ? [] : [{ ...b, env: {} }]),
    ...(options.unshared ? [{ label: `${b.label}, without any de-duplication`, dist: b.dist, env: NO_DEDUP }] : []),
  ]);
  for (let round = 0; round < options.rounds; round++) {
    for (const build of round % 2 === 0 ? runs : [...runs].reverse()) {
      const fed = await startProcessFederation({
        seed: 'test',
        now: TEST_NOW,
        dist: options.dist,
        gatewayDist: build.dist,
        gatewayEnv: { NODE_ENV: 'production', RESPONSE_CACHE_MAX_MB: '0', GATEWAY_PORT: String(await freePort()), ...build.env },
      });
      try {
        // The first answer also fills the replicas (the query's cold run).
        let wrong = await wrongCrossRegionAnswers(fed, fed.url, body, headers);
        const run = { url: fed.url, connections: options.connections, body: () => body, headers };
        await runLoad({ ...run, durationS: options.warmupS });
        const pid = fed.gateway.child.pid as number;
        // The metrics are read outside the measured CPU time: rendering them is not the query's work.
        const executedBefore = await executed(fed.url);
        const before = cpuMsOf(pid);
        const result = await runLoad({ ...run, durationS: options.durationS });
        const cpuMs = (cpuMsOf(pid) - before) / Math.max(1, result.requests);
        const executedAfter = await executed(fed.url);
        const executions = executedBefore === null || executedAfter === null ? null : (executedAfter - executedBefore) / Math.max(1, result.requests);
        wrong += (await wrongCrossRegionAnswers(fed, fed.url, body, headers)) + result.errors;
        const kept = samples.get(build.label) ?? { cpuMs: [], rps: [], executions: [], wrong: 0 };
        samples.set(build.label, { cpuMs: [...kept.cpuMs, cpuMs], rps: [...kept.rps, result.rps], executions: [...kept.executions, executions], wrong: kept.wrong + wrong });
        console.error(`[cpu-cross-region] round ${round + 1}, ${build.label}: ${cpuMs.toFixed(3)} CPU ms per request, ${result.rps.toFixed(1)} req/s`);
      } finally {
        await fed.close();
      }
    }
  }
  const loadAtEnd = os.loadavg().map((l) => l.toFixed(1)).join(', ');
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  const first = samples.get(runs[0].label);
  const executionsOf = (xs: (number | null)[]): string => (xs.some((x) => x === null) ? '–' : mean(xs as number[]).toFixed(2));
  const rows = runs.flatMap((build) => {
    const s = samples.get(build.label);
    if (!s) return [];
    return [[build.label, mean(s.cpuMs).toFixed(3), s.cpuMs.map((c) => c.toFixed(3)).join(', '), first ? (mean(s.cpuMs) / mean(first.cpuMs)).toFixed(2) : '–', mean(s.rps).toFixed(1), s.wrong, executionsOf(s.executions)]];
  });
  return {
    name: 'cpu-cross-region',
    title: `Gateway CPU time per cross-region query (${options.connections} connections, ${options.rounds} alternating rounds of ${options.durationS} s after ${options.warmupS} s warm-up, one process)`,
    columns: ['gateway build', 'CPU ms per request (mean)', 'each round', `÷ ${options.builds[0].label}`, 'req/s', 'errors or wrong answers', 'requests executed per request answered'],
    rows,
    notes: [
      `Taken on a ${os.cpus().length}-core machine (load average at the start: ${loadAtStart}; at the end: ${loadAtEnd}). CPU time is user + system time of the gateway process from /proc (10 ms ticks) over the measured run, divided by the requests answered: unlike a CPU profile's busy samples, it does not count the time the gateway waits for a core.`,
      "The query: fan-out-latency's (warnings, rescue bases near Huzhou, cross-province waybills with their destination enterprises), over the federation as deployed (simulators, each province subgraph, the region subgraph and the gateway, each its own process), replicas warm, RESPONSE_CACHE_MAX_MB=0 so that no response cache answers. Every build's gateway runs in front of this build's subgraphs; answers are checked before and after each run.",
      'With its defaults a gateway shares identical requests in flight (GATEWAY_INBOUND_DEDUP) and identical shard fetches (SUBGRAPH_DEDUP): of 8 identical queries in flight about one in eight is executed, so the default rows mostly measure that sharing. "Without any de-duplication" executes every request, each with its 8 shard fetches (4 provinces, then the destination enterprises). Requests executed: the shard router\'s fetches during the run (gateway_subgraph_fetches_total of `provinces`, one per execution of this query) per request answered; – where a build does not export it.',
    ],
  };
}
