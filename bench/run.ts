import path from 'node:path';
import { accessLogSearch } from './scenarios/access-log-search';
import { accessRecording } from './scenarios/access-recording';
import { accessRecordingGateway } from './scenarios/access-recording-gateway';
import { accessRecorderCpu } from './scenarios/access-recorder-cpu';
import { bulkPull } from './scenarios/bulk-pull';
import { copyCost } from './scenarios/copy-cost';
import { copyStream } from './scenarios/copy-stream';
import { copyCostStream } from './scenarios/copy-cost-stream';
import { cpuCrossRegion } from './scenarios/cpu-cross-region';
import { cpuFetchClient } from './scenarios/cpu-fetch-client';
import { cpuPerRequest } from './scenarios/cpu-per-request';
import { cpuProfile } from './scenarios/cpu-profile';
import { cpuSendRequest } from './scenarios/cpu-send-request';
import { cpuShaping } from './scenarios/cpu-shaping';
import { fanOutLatency } from './scenarios/fan-out-latency';
import { gatewayThroughput } from './scenarios/gateway-throughput';
import { reconcileCost } from './scenarios/reconcile-cost';
import { registryPropagation } from './scenarios/registry-propagation';
import { requestPhases } from './scenarios/request-phases';
import { buildsFrom } from './lib/builds';
import { allocProfile } from './scenarios/alloc-profile';
import { scaleOut } from './scenarios/scale-out';
import { startUp } from './scenarios/start-up';
import { subscriptionFanOut, type Build } from './scenarios/subscription-fan-out';
import { renderTable, writeResults, type ResultTable } from './lib/table';

/**
 * `npm run bench` runs every scenario; `npm run bench -- <name> [...]` runs some. Each prints its
 * table and writes it to bench/results/<name>.md. BENCH_QUICK=1 shortens every run (for a smoke test).
 * cpu-profile takes BENCH_PROFILE_LABEL (e.g. before, after) for bench/results/cpu-profile-<label>.md,
 * BENCH_WARMUP_S (default 5) and BENCH_PROFILE_WORKLOADS (varied, benchmark, varied-no-dedup, benchmark-no-dedup, benchmark-no-dedup-repeated, benchmark-no-dedup-uncorrected, varied-no-dedup-uncorrected, benchmark-no-dedup-stock-shaping, varied-no-dedup-stock-shaping, benchmark-no-dedup-apollo-executor, varied-no-dedup-apollo-executor, benchmark-no-dedup-unmerged, cross-region, cross-region-no-dedup; default varied,cross-region);
 * alloc-profile takes the same two (default workload benchmark-no-dedup) and BENCH_DURATION_S; cpu-fetch-client and cpu-send-request BENCH_ROUNDS.
 * subscription-latency takes BENCH_BEFORE_DIST (an earlier checkout's dist/, measured first in the
 * same run, labelled BENCH_BEFORE_LABEL), BENCH_FEED_MAX_AGES_MS (e.g. unset,250: this build once per
 * value of the provinces' CHANGE_FEED_MAX_AGE_MS), BENCH_SAMPLES (changes timed per row, default 5),
 * BENCH_SSE_SUBSCRIBERS, BENCH_WS_SUBSCRIBERS and
 * BENCH_GATEWAY_NODE_ARGS (e.g. --cpu-prof).
 * request-phases takes BENCH_BUILDS (label=root,…: checkouts whose gateway sends Server-Timing),
 * BENCH_ROUNDS, BENCH_PHASE_LOADS (benchmark, varied) and BENCH_PHASE_NO_DEDUP=1; cpu-per-request
 * BENCH_BUILDS, BENCH_ROUNDS, BENCH_PHASE_LOADS and BENCH_CPU_VARIANTS (default, apollo-executor, stock-planner, stock-shaping, repeated, unmerged, unbatched, default-semi-space, semi-space-64, semi-space-128, single-threaded-gc, stock);
 * gateway-throughput takes BENCH_GATEWAYS (its variants' ids), BENCH_WORKERS (e.g. 1,2), BENCH_DURATION_S, BENCH_WARMUP_S (default 5) and BENCH_GATEWAY_BUILDS
 * (label=root,…: ours without de-duplication from other checkouts, each with its own defaults).
 * cpu-cross-region BENCH_BUILDS (gateways of other checkouts in front of this build's subgraphs), BENCH_ROUNDS, BENCH_DURATION_S, BENCH_WARMUP_S (default 3 s; three seconds in, V8 is still optimising the gateway's code: session 30)
 * and BENCH_CROSS_REGION_UNSHARED=1 (each build also without any de-duplication: GATEWAY_INBOUND_DEDUP=false, SUBGRAPH_DEDUP=false; =only: only without).
 * access-recording takes BENCH_ACCESS_RATE, BENCH_DURATION_S, BENCH_ROUND_S, BENCH_INTERLEAVE=1 (every gateway in
 * every round, request by request, BENCH_ACCESS_RATE a second each), BENCH_COPY_MAX_AGE_MS (the province copies' maximum age for the run), BENCH_GC_TALLY=1 (each gateway's garbage collections on stderr) and BENCH_BEFORE_DIST (an earlier build's dist/,
 * whose gateway records as a peer in the same rounds, labelled BENCH_BEFORE_LABEL), BENCH_ONE_PROCESS=1 (one gateway process
 * serves every peer, the unrecorded ones by a header; not with BENCH_BEFORE_DIST), BENCH_ACCESS_REDIS=1 (the access log in
 * Redis Streams on a redis-server of the run's own). registry-propagation takes BENCH_PUBLISHES (default 30).
 */

const quick = process.env.BENCH_QUICK === '1';

/** subscription-latency's builds: BENCH_BEFORE_DIST then this one, or this one once per BENCH_FEED_MAX_AGES_MS value (`unset` or ms), or this one alone. */
function subscriptionBuilds(): Build[] | undefined {
  if (process.env.BENCH_BEFORE_DIST) return [{ label: process.env.BENCH_BEFORE_LABEL ?? 'before', dist: process.env.BENCH_BEFORE_DIST }, { label: process.env.BENCH_AFTER_LABEL ?? 'after' }];
  const ages = process.env.BENCH_FEED_MAX_AGES_MS?.split(',').map((a) => a.trim()).filter(Boolean);
  return ages?.map((a) => (a === 'unset' ? { label: 'feed max age unset' } : { label: `feed max age ${Number(a)} ms`, feedMaxAgeMs: Number(a) }));
}

const SCENARIOS: Record<string, () => Promise<ResultTable[]>> = {
  'access-recording': async () => [
    await accessRecordingGateway({
      rate: Number(process.env.BENCH_ACCESS_RATE ?? 1000),
      durationS: quick ? 4 : Number(process.env.BENCH_DURATION_S ?? 60),
      roundS: quick ? 2 : Number(process.env.BENCH_ROUND_S ?? 10),
      warmupS: quick ? 1 : 5,
      interleave: process.env.BENCH_INTERLEAVE === '1',
      copyMaxAgeMs: Number(process.env.BENCH_COPY_MAX_AGE_MS ?? 0) || undefined,
      gcTally: process.env.BENCH_GC_TALLY === '1',
      oneProcess: process.env.BENCH_ONE_PROCESS === '1',
      redis: process.env.BENCH_ACCESS_REDIS === '1',
      ...(process.env.BENCH_BEFORE_DIST ? { beforeDist: process.env.BENCH_BEFORE_DIST, beforeLabel: process.env.BENCH_BEFORE_LABEL ?? 'before' } : {}),
    }),
  ],
  'access-recording-path': async () => [await accessRecording({ rate: Number(process.env.BENCH_ACCESS_RATE ?? 300), durationS: quick ? 5 : Number(process.env.BENCH_DURATION_S ?? 30) })],
  'access-recorder-cpu': async () => [await accessRecorderCpu({ requests: quick ? 2_000 : 20_000, rounds: quick ? 2 : 7, batch: 80 })],
  'access-log-search': async () => [await accessLogSearch({ records: Number(process.env.BENCH_ACCESS_RECORDS ?? (quick ? 20_000 : 1_000_000)), searches: quick ? 10 : 100 })],
  'fan-out-latency': async () => {
    const { latency, legacyCalls } = await fanOutLatency({ coldSamples: quick ? 2 : 7, warmSamples: quick ? 20 : 200, warmUp: quick ? 50 : 300 });
    return [latency, legacyCalls];
  },
  'bulk-pull': async () => [await bulkPull({ scale: Number(process.env.SIM_SCALE ?? (quick ? 5 : 100)), first: 500 })],
  'gateway-throughput': async () => [
    await gatewayThroughput({
      durationS: quick ? 5 : Number(process.env.BENCH_DURATION_S ?? 20),
      warmupS: quick ? 2 : Number(process.env.BENCH_WARMUP_S ?? 5),
      connections: 50,
      workers: process.env.BENCH_WORKERS ? process.env.BENCH_WORKERS.split(',').map(Number) : quick ? [1] : [1, 2],
      gateways: process.env.BENCH_GATEWAYS?.split(','),
      builds: process.env.BENCH_GATEWAY_BUILDS,
    }),
  ],
  'request-phases': () =>
    requestPhases({
      durationS: quick ? 3 : Number(process.env.BENCH_DURATION_S ?? 10),
      warmupS: quick ? 1 : 3,
      connections: 50,
      rounds: Number(process.env.BENCH_ROUNDS ?? (quick ? 1 : 2)),
      loads: (process.env.BENCH_PHASE_LOADS ?? 'benchmark').split(',').map((l) => (l.trim() === 'varied' ? 'varied' : 'benchmark')),
      withoutDedup: process.env.BENCH_PHASE_NO_DEDUP === '1',
      builds: buildsFrom(process.env.BENCH_BUILDS),
    }),
  'cpu-per-request': async () => [
    await cpuPerRequest({
      durationS: quick ? 3 : Number(process.env.BENCH_DURATION_S ?? 15),
      warmupS: quick ? 1 : 3,
      // Few enough that no request times out on a loaded machine: work for a timed-out request would count against the others.
      connections: 8,
      rounds: Number(process.env.BENCH_ROUNDS ?? (quick ? 1 : 2)),
      loads: (process.env.BENCH_PHASE_LOADS ?? 'benchmark,varied').split(',').map((l) => (l.trim() === 'varied' ? 'varied' : 'benchmark')),
      builds: buildsFrom(process.env.BENCH_BUILDS),
      variants: (process.env.BENCH_CPU_VARIANTS ?? 'default,stock-planner,stock-shaping').split(',').map((v) => v.trim()),
    }),
  ],
  'alloc-profile': () =>
    allocProfile({
      durationS: quick ? 3 : Number(process.env.BENCH_DURATION_S ?? 10),
      warmupS: quick ? 1 : 3,
      workloads: process.env.BENCH_PROFILE_WORKLOADS?.split(',').map((w) => w.trim()).filter(Boolean),
      label: process.env.BENCH_PROFILE_LABEL || undefined,
    }),
  'cpu-cross-region': async () => [
    await cpuCrossRegion({
      durationS: quick ? 3 : Number(process.env.BENCH_DURATION_S ?? 15),
      warmupS: quick ? 1 : Number(process.env.BENCH_WARMUP_S ?? 3),
      connections: 8,
      rounds: Number(process.env.BENCH_ROUNDS ?? (quick ? 1 : 2)),
      builds: buildsFrom(process.env.BENCH_BUILDS).map(({ label, root }) => ({ label, dist: path.join(root, 'dist') })),
      unshared: process.env.BENCH_CROSS_REGION_UNSHARED === 'only' ? 'only' : process.env.BENCH_CROSS_REGION_UNSHARED === '1' ? 'also' : undefined,
    }),
  ],
  'cpu-fetch-client': async () => [await cpuFetchClient({ rounds: quick ? 2 : Number(process.env.BENCH_ROUNDS ?? 10), calls: quick ? 100 : 4000, concurrency: 16 })],
  'cpu-send-request': async () => [await cpuSendRequest({ rounds: quick ? 2 : Number(process.env.BENCH_ROUNDS ?? 10), calls: quick ? 50 : 2000 })],
  'cpu-shaping': async () => [await cpuShaping({ rounds: quick ? 2 : Number(process.env.BENCH_ROUNDS ?? 10), calls: quick ? 20 : 200 })],
  'scale-out': async () => [await scaleOut({ durationS: quick ? 3 : Number(process.env.BENCH_DURATION_S ?? 10), warmupS: quick ? 1 : 3, connections: 50 })],
  'copy-cost': async () => [await copyCost({ scales: (process.env.SIM_SCALES ?? (quick ? '1' : '1,100')).split(',').map(Number) })],
  'copy-stream': async () => [await copyStream({ scale: Number(process.env.SIM_SCALE ?? (quick ? 2 : 1000)) })],
  'copy-cost-stream': async () => [await copyCostStream({ scale: Number(process.env.SIM_SCALE ?? (quick ? 2 : 1000)), redisCommandTimeoutMs: Number(process.env.BENCH_REDIS_COMMAND_TIMEOUT_MS ?? 0) || undefined })],
  'reconcile-cost': async () => [await reconcileCost({ scale: Number(process.env.SIM_SCALE ?? 1) })],
  'registry-propagation': async () => [await registryPropagation({ publishes: quick ? 3 : Number(process.env.BENCH_PUBLISHES ?? 30), pauseMs: 200 })],
  'subscription-latency': () =>
    subscriptionFanOut({
      sse: Number(process.env.BENCH_SSE_SUBSCRIBERS ?? (quick ? 150 : 10_000)),
      ws: Number(process.env.BENCH_WS_SUBSCRIBERS ?? (quick ? 50 : 2_000)),
      samples: Number(process.env.BENCH_SAMPLES ?? (quick ? 2 : 5)),
      maxAgeMs: 1000,
      pollMs: 50,
      latencyMs: 40,
      callWindowMs: quick ? 2000 : 10_000,
      builds: subscriptionBuilds(),
      gatewayNodeArgs: process.env.BENCH_GATEWAY_NODE_ARGS?.split(' ').filter(Boolean),
    }),
  'start-up': async () => [await startUp({ runs: quick ? 1 : 5, idleWaitMs: quick ? 1000 : 5000 })],
  'cpu-profile': () =>
    cpuProfile({ durationS: quick ? 5 : Number(process.env.BENCH_DURATION_S ?? 20), warmupS: quick ? 2 : Number(process.env.BENCH_WARMUP_S ?? 5), label: process.env.BENCH_PROFILE_LABEL || undefined, workloads: process.env.BENCH_PROFILE_WORKLOADS?.split(',').map((w) => w.trim()).filter(Boolean) }),
};

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((n) => !SCENARIOS[n]);
  if (unknown.length > 0) {
    console.error(`unknown scenario(s): ${unknown.join(', ')}; known: ${Object.keys(SCENARIOS).join(', ')}`);
    process.exit(2);
  }
  for (const name of wanted.length > 0 ? wanted : Object.keys(SCENARIOS)) {
    const tables = await SCENARIOS[name]();
    for (const table of tables) console.log(renderTable(table));
    for (const file of writeResults(tables)) console.log(`written to ${file}`);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
