import { projectFile } from '../../schema/registry/project-file';
import { TEST_NOW } from '../../test/support/federation';
import { unexpectedErrors } from '../../test/support/oracle';
import { bearer } from '../../test/support/tokens';
import { writeBenchmarkSupergraph } from '../gateways-benchmark/supergraph-file';
import { profileDir, stopForProfile } from '../lib/cpu-profiled-process';
import { readCpuProfile, summariseProfile } from '../lib/cpu-profile-summary';
import { runLoad } from '../lib/load';
import { startProcessFederation, type ProcessFederation } from '../lib/process-federation';
import { freePort, waitForGraphQL, type Started } from '../lib/processes';
import type { ResultTable } from '../lib/table';
import { profileTables, type ProfiledRun } from './cpu-profile-tables';
import { CROSS_REGION_QUERY, CROSS_REGION_VARIABLES } from './fan-out-latency';
import { NO_DEDUP, benchmarkHeaders, loadBody, startOurs, startSubgraphs, wrongAnswers } from './gateway-throughput';

/**
 * Our gateway's CPU under load, profiled with `node --cpu-prof` (one worker) in two workloads one
 * after the other, for before/after comparisons of an optimisation: the gateways benchmark's varied
 * load (as the `ours` variant of gateway-throughput runs it) and the cross-region query of
 * fan-out-latency over the simulated provinces, replicas warm. Only the samples taken during the
 * measured load run are summarised.
 */

export interface CpuProfileOptions {
  durationS: number;
  warmupS: number;
  /** "before", "after"…: into the title and the file name (cpu-profile-<label>.md); without one, "current" and cpu-profile.md. */
  label?: string;
  /** Which workloads (varied, benchmark, varied-no-dedup, benchmark-no-dedup, benchmark-no-dedup-repeated, benchmark-no-dedup-uncorrected, varied-no-dedup-uncorrected, cross-region, cross-region-no-dedup); default varied and cross-region. */
  workloads?: readonly string[];
}

export interface Workload {
  name: string;
  connections: number;
  /** What the gateway serves and how it is asked; `check` answers the wrong answers of one request. */
  /** `run.nodeArgs`: the gateway's Node arguments (the profiler's flags); `run.dist`: the build to run (this one's by default). */
  setUp(run: { nodeArgs: string[]; dist?: string }): Promise<{ gateway: Started; endpoint: string; body: () => string; headers: Record<string, string>; check(): Promise<number>; close(): Promise<void> }>;
}

/** The `ours` variant of gateway-throughput on one of its loads (the benchmark load is served mostly by inbound de-duplication). */
function gatewaysBenchmark(load: 'varied' | 'benchmark', dedup = true, more: { label: string; env: NodeJS.ProcessEnv } = { label: '', env: {} }): Workload {
  return {
    name: `gateways-benchmark ${load} load${dedup ? '' : ' without de-duplication'}${more.label}`,
    connections: 50,
    async setUp({ nodeArgs, dist }) {
      const headers = await benchmarkHeaders();
      const subgraphs = await startSubgraphs(dist);
      const port = await freePort();
      // GATEWAY_WORKERS unset (an undefined value leaves it out of the child's environment): one process, no cluster.
      const gateway = startOurs(port, writeBenchmarkSupergraph(subgraphs.url), { nodeArgs, dist, env: { GATEWAY_WORKERS: undefined, ...(dedup ? {} : NO_DEDUP), ...more.env } });
      const endpoint = `http://127.0.0.1:${port}/graphql`;
      const body = loadBody(load);
      return { gateway, endpoint, body, headers, check: () => wrongAnswers(endpoint, body, headers), close: () => subgraphs.stop() };
    },
  };
}

/** Fan-out-latency's query through the shard router (with the defaults, 8 identical queries in flight mostly share one execution). */
function crossRegion(dedup = true): Workload {
  return {
    name: `cross-region query${dedup ? '' : ' without de-duplication'}`,
    connections: 8,
    async setUp({ nodeArgs, dist }) {
      const gatewayEnv = { NODE_ENV: 'production', RESPONSE_CACHE_MAX_MB: '0', ...(dedup ? {} : NO_DEDUP) };
      const fed = await startProcessFederation({ seed: 'test', now: TEST_NOW, gatewayNodeArgs: nodeArgs, ...(dist ? { dist } : {}), gatewayEnv });
      const headers = await bearer({ role: 'app' }, { expiresInSec: 24 * 3600 });
      const body = (): string => JSON.stringify({ query: CROSS_REGION_QUERY, variables: CROSS_REGION_VARIABLES });
      return { gateway: fed.gateway, endpoint: fed.url, body, headers, check: () => wrongCrossRegionAnswers(fed, fed.url, body(), headers), close: () => fed.close() };
    },
  };
}

/** 1 when the cross-region query's answer is not the data set's (errors other than its known bad records), else 0. */
export async function wrongCrossRegionAnswers(fed: ProcessFederation, endpoint: string, body: string, headers: Record<string, string>): Promise<number> {
  const res = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const answer = (await res.json()) as { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };
  const unexpected = unexpectedErrors(fed.dataset, answer.errors);
  if (res.status === 200 && answer.data && unexpected.length === 0) return 0;
  console.error(`[cpu-profile] a wrong cross-region answer: HTTP ${res.status} ${JSON.stringify(unexpected).slice(0, 300)}`);
  return 1;
}

function nowUs(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

async function profile(workload: Workload, options: CpuProfileOptions): Promise<ProfiledRun> {
  const dir = profileDir(`cpu-profile-${workload.name.replace(/\W+/g, '-')}`);
  const served = await workload.setUp(dir);
  try {
    await waitForGraphQL(served.endpoint);
    // The first answer also fills the replicas (the cross-region query's cold run).
    let wrong = await served.check();
    const run = { url: served.endpoint, connections: workload.connections, body: served.body, headers: served.headers };
    await runLoad({ ...run, durationS: options.warmupS });
    const fromUs = nowUs();
    const load = await runLoad({ ...run, durationS: options.durationS });
    const window = { fromUs, toUs: nowUs() };
    wrong += await served.check();
    const file = await stopForProfile(served.gateway, dir);
    const cpuProfile = readCpuProfile(file);
    const inProfile = window.fromUs >= cpuProfile.startTime && window.toUs <= cpuProfile.endTime;
    const summary = summariseProfile(cpuProfile, { ours: projectFile('dist'), window: inProfile ? window : undefined });
    console.error(`[cpu-profile] ${workload.name}: ${load.rps.toFixed(1)} req/s, ${(summary.busyMs / Math.max(1, load.requests)).toFixed(2)} CPU ms per request; profile ${file}`);
    return { workload: workload.name, connections: workload.connections, load, wrong, summary, file, wholeProfile: !inProfile };
  } finally {
    await served.gateway.stop();
    await served.close();
  }
}

/** The workloads by name (BENCH_PROFILE_WORKLOADS), each as cpu-profile and alloc-profile run it. */
export const WORKLOADS: Record<string, Workload> = {
  varied: gatewaysBenchmark('varied'),
  benchmark: gatewaysBenchmark('benchmark'),
  'varied-no-dedup': gatewaysBenchmark('varied', false),
  'benchmark-no-dedup': gatewaysBenchmark('benchmark', false),
  'benchmark-no-dedup-unbatched': gatewaysBenchmark('benchmark', false, { label: ', each subgraph fetch sent alone (BATCH_SUBGRAPH_FETCHES=false)', env: { BATCH_SUBGRAPH_FETCHES: 'false' } }),
  'benchmark-no-dedup-repeated': gatewaysBenchmark('benchmark', false, { label: ', each representation sent once per place (DISTINCT_REPRESENTATIONS=false)', env: { DISTINCT_REPRESENTATIONS: 'false' } }),
  'benchmark-no-dedup-uncorrected': gatewaysBenchmark('benchmark', false, { label: ', stock planner (PLANNER_CORRECTIONS=false)', env: { PLANNER_CORRECTIONS: 'false' } }),
  'varied-no-dedup-uncorrected': gatewaysBenchmark('varied', false, { label: ', stock planner (PLANNER_CORRECTIONS=false)', env: { PLANNER_CORRECTIONS: 'false' } }),
  'benchmark-no-dedup-stock-shaping': gatewaysBenchmark('benchmark', false, { label: ", @apollo/gateway's result shaping (COMPILED_RESULT_SHAPING=false)", env: { COMPILED_RESULT_SHAPING: 'false' } }),
  'varied-no-dedup-stock-shaping': gatewaysBenchmark('varied', false, { label: ", @apollo/gateway's result shaping (COMPILED_RESULT_SHAPING=false)", env: { COMPILED_RESULT_SHAPING: 'false' } }),
  'benchmark-no-dedup-apollo-executor': gatewaysBenchmark('benchmark', false, { label: ", @apollo/gateway's executeQueryPlan (OWN_PLAN_EXECUTOR=false)", env: { OWN_PLAN_EXECUTOR: 'false' } }),
  'varied-no-dedup-apollo-executor': gatewaysBenchmark('varied', false, { label: ", @apollo/gateway's executeQueryPlan (OWN_PLAN_EXECUTOR=false)", env: { OWN_PLAN_EXECUTOR: 'false' } }),
  'benchmark-no-dedup-unmerged': gatewaysBenchmark('benchmark', false, { label: ', sibling fetches not merged (MERGE_SIBLING_FETCHES=false)', env: { MERGE_SIBLING_FETCHES: 'false' } }),
  'cross-region': crossRegion(),
  'cross-region-no-dedup': crossRegion(false),
};

/** The workloads named, or an error naming the unknown ones. */
export function workloadsNamed(names: readonly string[]): Workload[] {
  const unknown = names.filter((w) => !WORKLOADS[w]);
  if (unknown.length > 0) throw new Error(`BENCH_PROFILE_WORKLOADS: unknown ${unknown.join(', ')}; known: ${Object.keys(WORKLOADS).join(', ')}`);
  return names.map((w) => WORKLOADS[w]);
}

export async function cpuProfile(options: CpuProfileOptions): Promise<ResultTable[]> {
  const runs: ProfiledRun[] = [];
  for (const workload of workloadsNamed(options.workloads ?? ['varied', 'cross-region'])) runs.push(await profile(workload, options));
  return profileTables(runs, options);
}
