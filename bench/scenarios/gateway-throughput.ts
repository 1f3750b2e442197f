import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectFile } from '../../schema/registry/project-file';
import { checkBenchmarkAnswer } from '../gateways-benchmark/expected-answer';
import { BENCHMARK_QUERY, writeBenchmarkSupergraph } from '../gateways-benchmark/supergraph-file';
import type { BenchmarkSubgraph } from '../gateways-benchmark/subgraphs/schemas';
import { runLoad, type LoadResult } from '../lib/load';
import { cpuMsOf, descendantsOf, rssOf, sumOverRunning } from '../lib/proc';
import { buildsFrom } from '../lib/builds';
import { gatewayNodeArgs } from '../lib/gateway-node-args';
import { freePort, startProcess, waitForGraphQL, type Started } from '../lib/processes';
import type { ResultTable } from '../lib/table';
import { TEST_AUTH_ENV, mintToken } from '../../test/support/tokens';

/**
 * Scenario 3: gateway throughput against peers on the gateways benchmark's supergraph and query.
 * Every gateway runs as its own process(es) over the same Node subgraphs; variants alternate, in
 * one run, so drift of a noisy machine falls on all of them alike.
 */

const ROOT = projectFile();
const DIST = path.join(ROOT, 'dist');

/**
 * Every process of the benchmark runs as deployed, under NODE_ENV=production (the image sets it):
 * the gateways, and the benchmark's subgraphs, whose graphql-js otherwise checks every type test
 * against copies of graphql from another realm (`instanceOf`, 14 % of their CPU). Unset, they
 * inherit the bench's environment (jest's `test`, or none).
 */
const AS_DEPLOYED = { NODE_ENV: 'production' } as const;

const HIVE_BIN = path.join(ROOT, 'node_modules', '.bin', 'hive-gateway');

const OURS = 'ours (every feature on, no response cache)';
const OURS_WITHOUT_DEDUP = 'ours without any de-duplication';
const STOCK = 'stock @apollo/gateway';
/** Neither identical requests nor identical subgraph fetches in flight are shared. */
export const NO_DEDUP = { GATEWAY_INBOUND_DEDUP: 'false', SUBGRAPH_DEDUP: 'false' };
const HIVE_ROUTER = 'Hive Gateway with router-runtime (Rust query planner; shares identical subgraph fetches in flight, its default)';
const HIVE_ROUTER_WITHOUT_DEDUP = 'Hive Gateway with router-runtime, in-flight subgraph fetches not shared';
const OURS_SUBGRAPH_DEDUP = 'ours sharing in-flight subgraph fetches only (no inbound de-duplication)';

interface Variant {
  /** For BENCH_GATEWAYS=stock,hive,hive-bench,hive-router,hive-router-no-dedup,ours,ours-subgraph-dedup,ours-no-dedup,ours-no-dedup-unmerged,ours-no-dedup-unbatched,ours-no-dedup-apollo-executor,ours-no-dedup-default-semi-space,ours-no-dedup-semi-space-32,ours-no-dedup-semi-space-64,ours-no-dedup-semi-space-128,ours-no-dedup-repeated (default all). */
  id: string;
  name: string;
  /** `dist`: the build whose gateway runs (ours and stock; Hive's is its package). */
  start(port: number, supergraph: string, workers: number, dist: string): Started;
}

const ALL_VARIANTS: Variant[] = [
  {
    id: 'stock',
    name: STOCK,
    start: (port, supergraph, workers, dist) => startStock(port, supergraph, workers, dist),
  },
  {
    id: 'hive',
    name: 'Hive Gateway (plain)',
    start: (port, supergraph, workers) =>
      startProcess(HIVE_BIN, ['supergraph', supergraph, '--port', String(port), '--host', '127.0.0.1', '--fork', String(workers)], {
        cwd: mkdtempSync(path.join(os.tmpdir(), 'hive-plain-')),
        env: AS_DEPLOYED,
      }),
  },
  {
    id: 'hive-bench',
    name: 'Hive Gateway (benchmark config: --jit, inbound dedup)',
    start: (port, supergraph, workers) => {
      const cwd = mkdtempSync(path.join(os.tmpdir(), 'hive-bench-'));
      writeFileSync(
        path.join(cwd, 'gateway.config.ts'),
        'import { defineConfig } from "@graphql-hive/gateway";\nexport const gatewayConfig = defineConfig({ inboundInflightRequestDeduplication: true, jit: true });\n',
      );
      return startProcess(HIVE_BIN, ['supergraph', supergraph, '--port', String(port), '--host', '127.0.0.1', '--jit', '--fork', String(workers)], {
        cwd,
        env: { ...AS_DEPLOYED, NODE_PATH: path.join(ROOT, 'node_modules') },
      });
    },
  },
  {
    id: 'hive-router',
    name: HIVE_ROUTER,
    start: (port, supergraph, workers) => startHiveRouter(port, supergraph, workers, true),
  },
  {
    id: 'hive-router-no-dedup',
    name: HIVE_ROUTER_WITHOUT_DEDUP,
    start: (port, supergraph, workers) => startHiveRouter(port, supergraph, workers, false),
  },
  {
    id: 'ours',
    name: OURS,
    start: (port, supergraph, workers, dist) => startOurs(port, supergraph, { dist, env: { GATEWAY_WORKERS: String(workers) } }),
  },
  {
    id: 'ours-no-dedup',
    name: OURS_WITHOUT_DEDUP,
    start: (port, supergraph, workers, dist) => startOurs(port, supergraph, { dist, env: { GATEWAY_WORKERS: String(workers), ...NO_DEDUP } }),
  },
  {
    id: 'ours-subgraph-dedup',
    name: OURS_SUBGRAPH_DEDUP,
    start: (port, supergraph, workers, dist) => startOurs(port, supergraph, { dist, env: { GATEWAY_WORKERS: String(workers), GATEWAY_INBOUND_DEDUP: 'false' } }),
  },
  {
    id: 'ours-no-dedup-unmerged',
    name: 'ours without any de-duplication, sibling fetches not merged (MERGE_SIBLING_FETCHES=false)',
    start: (port, supergraph, workers, dist) => startOurs(port, supergraph, { dist, env: { GATEWAY_WORKERS: String(workers), ...NO_DEDUP, MERGE_SIBLING_FETCHES: 'false' } }),
  },
  {
    id: 'ours-no-dedup-unbatched',
    name: 'ours without any de-duplication, each fetch sent alone (BATCH_SUBGRAPH_FETCHES=false)',
    start: (port, supergraph, workers, dist) => startOurs(port, supergraph, { dist, env: { GATEWAY_WORKERS: String(workers), ...NO_DEDUP, BATCH_SUBGRAPH_FETCHES: 'false' } }),
  },
  {
    id: 'ours-no-dedup-apollo-executor',
    name: "ours without any de-duplication, @apollo/gateway's executeQueryPlan (OWN_PLAN_EXECUTOR=false)",
    start: (port, supergraph, workers, dist) => startOurs(port, supergraph, { dist, env: { GATEWAY_WORKERS: String(workers), ...NO_DEDUP, OWN_PLAN_EXECUTOR: 'false' } }),
  },
  {
    id: 'ours-no-dedup-default-semi-space',
    name: "ours without any de-duplication, V8's default young generation (without the gateway's node options)",
    start: (port, supergraph, workers, dist) => startOurs(port, supergraph, { dist, deployedNodeArgs: false, env: { GATEWAY_WORKERS: String(workers), ...NO_DEDUP } }),
  },
  ...[32, 64, 128].map(
    (mb): Variant => ({
      id: `ours-no-dedup-semi-space-${mb}`,
      name: `ours without any de-duplication, young generation of ${mb} MB semi-spaces (node --max-semi-space-size=${mb})`,
      start: (port, supergraph, workers, dist) => startOurs(port, supergraph, { dist, nodeArgs: [`--max-semi-space-size=${mb}`], env: { GATEWAY_WORKERS: String(workers), ...NO_DEDUP } }),
    }),
  ),
  {
    id: 'ours-no-dedup-repeated',
    name: 'ours without any de-duplication, each representation sent once per place (DISTINCT_REPRESENTATIONS=false)',
    start: (port, supergraph, workers, dist) => startOurs(port, supergraph, { dist, env: { GATEWAY_WORKERS: String(workers), ...NO_DEDUP, DISTINCT_REPRESENTATIONS: 'false' } }),
  },
];

/**
 * Hive Gateway with the Rust query planner, as the published benchmark configures it. Its HTTP
 * transport (@graphql-tools/executor-http) shares identical subgraph fetches in flight unless told
 * not to (`deduplicateInflightRequests`, on by default): `shareInFlightFetches: false` is the peer of
 * ours without any de-duplication.
 */
export function startHiveRouter(port: number, supergraph: string, workers: number, shareInFlightFetches: boolean): Started {
  const cwd = mkdtempSync(path.join(os.tmpdir(), 'hive-router-'));
  const transport = shareInFlightFetches ? '' : ", transportEntries: { '*.http': { options: { deduplicateInflightRequests: false } } }";
  writeFileSync(
    path.join(cwd, 'gateway.config.ts'),
    `import { defineConfig } from "@graphql-hive/gateway";\nimport { unifiedGraphHandler } from "@graphql-hive/router-runtime";\nexport const gatewayConfig = defineConfig({ unifiedGraphHandler${transport} });\n`,
  );
  return startProcess(HIVE_BIN, ['supergraph', supergraph, '--port', String(port), '--host', '127.0.0.1', '--fork', String(workers)], {
    cwd,
    env: { ...AS_DEPLOYED, NODE_PATH: path.join(ROOT, 'node_modules') },
  });
}

/** Plain Apollo Server + ApolloGateway on the benchmark's supergraph file. */
export function startStock(port: number, supergraph: string, workers: number, dist = DIST): Started {
  return startProcess(process.execPath, [path.join(dist, 'bench/gateways-benchmark/stock-apollo-gateway.js'), supergraph], { env: { ...AS_DEPLOYED, PORT: String(port), WORKERS: String(workers) } });
}

/** Our gateway on the benchmark's supergraph file, with the build's node options as deployed and more (e.g. --cpu-prof; `deployedNodeArgs: false` leaves the build's out), more environment, and another build's dist/. */
export function startOurs(port: number, supergraph: string, options: { nodeArgs?: string[]; deployedNodeArgs?: boolean; env?: NodeJS.ProcessEnv; dist?: string } = {}): Started {
  const dist = options.dist ?? DIST;
  return startProcess(process.execPath, [...gatewayNodeArgs(dist, options.nodeArgs, options.deployedNodeArgs), path.join(dist, 'gateway/main.js'), '--supergraph', supergraph], {
    env: { ...TEST_AUTH_ENV, GATEWAY_PORT: String(port), LOG_LEVEL: 'warn', ...AS_DEPLOYED, RESPONSE_CACHE_MAX_MB: '0', ...options.env },
  });
}

/** Ours without any de-duplication from another build (BENCH_GATEWAY_BUILDS="label=/its/root,…"), with that build's defaults. */
function otherBuilds(spec: string | undefined): Variant[] {
  if (!spec) return [];
  return buildsFrom(spec, 'BENCH_GATEWAY_BUILDS').map(({ label, root }) => ({
    id: `build:${label}`,
    name: `${OURS_WITHOUT_DEDUP}, ${label}`,
    start: (port, supergraph, workers) => startOurs(port, supergraph, { dist: path.join(root, 'dist'), env: { GATEWAY_WORKERS: String(workers), ...NO_DEDUP } }),
  }));
}

function selectedVariants(ids: readonly string[] | undefined): Variant[] {
  const wanted = ids?.map((s) => s.trim()).filter(Boolean);
  if (!wanted?.length) return ALL_VARIANTS;
  const unknown = wanted.filter((id) => !ALL_VARIANTS.some((v) => v.id === id));
  if (unknown.length) throw new Error(`BENCH_GATEWAYS: unknown ${unknown.join(', ')}; known: ${ALL_VARIANTS.map((v) => v.id).join(', ')}`);
  return ALL_VARIANTS.filter((v) => wanted.includes(v.id));
}

/** Issue 21's throughput target against stock @apollo/gateway without any de-duplication. */
const STOCK_TARGET = 4;

/** The issues' targets: ours (issue 21: without any de-duplication) against a peer, on a load. */
const TARGETS: { load: 'benchmark' | 'varied'; peer: string; atLeast: number; ours: readonly string[] }[] = [
  { load: 'benchmark', peer: 'Hive Gateway (benchmark config: --jit, inbound dedup)', atLeast: 1, ours: [OURS] },
  { load: 'varied', peer: STOCK, atLeast: 2, ours: [OURS] },
  { load: 'varied', peer: 'Hive Gateway (plain)', atLeast: 1, ours: [OURS] },
  ...(['benchmark', 'varied'] as const).flatMap((load) => [
    { load, peer: STOCK, atLeast: STOCK_TARGET, ours: [OURS_WITHOUT_DEDUP] },
    { load, peer: HIVE_ROUTER_WITHOUT_DEDUP, atLeast: 1, ours: [OURS_WITHOUT_DEDUP] },
    { load, peer: HIVE_ROUTER, atLeast: 1, ours: [OURS_WITHOUT_DEDUP, OURS_SUBGRAPH_DEDUP] },
  ]),
];

/**
 * What a target of `times` × stock's answers a second leaves the gateway, on this machine's cores,
 * once the subgraphs and the load generator have had their CPU per answer (as measured under ours).
 */
function cpuBudget(ours: Measured, stock: Measured, times: number): string {
  const cores = os.cpus().length;
  const rest = perAnswer(ours, 'subgraphs') + perAnswer(ours, 'load');
  const wanted = times * stock.rps;
  const budget = (cores * 1000) / wanted - rest;
  const restAlone = (cores * 1000) / rest;
  return (
    `${times}× stock is ${wanted.toFixed(0)} req/s; on ${cores} cores that is ${((cores * 1000) / wanted).toFixed(2)} ms of CPU per answer for everyone. ` +
    `The subgraphs and the load generator used ${rest.toFixed(2)} ms per answer under ${OURS_WITHOUT_DEDUP} ` +
    `(alone they would fill the cores at ${restAlone.toFixed(0)} req/s, ${(restAlone / Math.max(1e-9, stock.rps)).toFixed(1)}× stock), ` +
    (budget > 0 ? `which leaves the gateway ${budget.toFixed(2)} ms per answer; it used ${perAnswer(ours, 'gateway').toFixed(2)}.` : 'which leaves the gateway nothing: the target cannot be reached on this machine with these subgraphs.')
  );
}

/** Issue 21's tail target: p99 at most 2.5× p50. */
const P99_OVER_P50 = 2.5;

const VARIED_QUERY = BENCHMARK_QUERY.replace('query TestQuery {', 'query TestQuery($id: ID!) {\n  user(id: $id) { id name }');

export interface ThroughputOptions {
  durationS: number;
  warmupS: number;
  connections: number;
  workers: number[];
  /** Variant ids (BENCH_GATEWAYS); default all. */
  gateways?: string[];
  /** The build whose gateways and subgraphs run; default this checkout's dist/. */
  dist?: string;
  /** Other builds' gateways beside (BENCH_GATEWAY_BUILDS: "label=/its/root,…"). */
  builds?: string;
}

export async function gatewayThroughput(options: ThroughputOptions): Promise<ResultTable> {
  const VARIANTS = [...selectedVariants(options.gateways), ...otherBuilds(options.builds)];
  const dist = options.dist ?? DIST;
  const loadAtStart = os.loadavg().map((l) => l.toFixed(1)).join(', ');
  const headers = await benchmarkHeaders();
  const subgraphs = await startSubgraphs(dist);
  const rows: (string | number)[][] = [];
  const results = new Map<string, Measured>();
  const verdicts: string[] = [];
  try {
    const supergraph = writeBenchmarkSupergraph(subgraphs.url);
    for (const workers of options.workers) {
      for (const load of ['benchmark', 'varied'] as const) {
        for (let round = 0; round < 2; round++) {
          const order = round === 0 ? VARIANTS : [...VARIANTS].reverse();
          for (const variant of order) {
            const result = await measure(variant, supergraph, workers, load, options, headers, subgraphs, dist);
            const key = `${workers}|${load}|${variant.name}`;
            const previous = results.get(key);
            results.set(key, previous ? mergeRounds(previous, result) : result);
          }
        }
        const ours = results.get(`${workers}|${load}|${OURS}`);
        const bare = results.get(`${workers}|${load}|${OURS_WITHOUT_DEDUP}`);
        const over = (mine: LoadResult | undefined, r: LoadResult): string => (mine && r.rps > 0 ? (mine.rps / r.rps).toFixed(2) : '–');
        for (const v of VARIANTS) {
          const r = results.get(`${workers}|${load}|${v.name}`) as Measured;
          const tail = r.p50 > 0 ? (r.p99 / r.p50).toFixed(1) : '–';
          const fetches = r.requests > 0 ? (r.fetches / r.requests).toFixed(2) : '–';
          const cpu = (party: keyof CpuShares): string => perAnswer(r, party).toFixed(2);
          rows.push([workers, load, v.name, r.rps.toFixed(1), r.p50.toFixed(0), r.p99.toFixed(0), tail, r.errors, fetches, cpu('gateway'), cpu('subgraphs'), cpu('load'), r.peakRssMb.toFixed(0), over(ours, r), over(bare, r), ours && v.name !== OURS ? (ours.p99 <= r.p99 ? 'yes' : 'no') : '–']);
        }
        const stock = results.get(`${workers}|${load}|${STOCK}`);
        if (bare && stock) verdicts.push(`${workers} worker(s), ${load} load: ${cpuBudget(bare, stock, STOCK_TARGET)}`);
        if (bare) verdicts.push(`${workers} worker(s), ${load} load: ${OURS_WITHOUT_DEDUP} p99 ${(bare.p99 / Math.max(1, bare.p50)).toFixed(1)}× p50 (target ≤ ${P99_OVER_P50}×: ${bare.p99 <= P99_OVER_P50 * bare.p50 ? 'met' : 'NOT met'}).`);
        for (const target of TARGETS.filter((t) => t.load === load)) {
          const peer = results.get(`${workers}|${load}|${target.peer}`);
          for (const name of target.ours) {
            const mine = results.get(`${workers}|${load}|${name}`);
            if (!mine || !peer) continue;
            const ratio = peer.rps > 0 ? mine.rps / peer.rps : Number.POSITIVE_INFINITY;
            verdicts.push(`${workers} worker(s), ${load} load: ${name} ${ratio.toFixed(2)}× ${target.peer} (target ≥ ${target.atLeast}×: ${ratio >= target.atLeast ? 'met' : 'NOT met'}), p99 ${mine.p99.toFixed(0)} vs ${peer.p99.toFixed(0)} ms (${mine.p99 <= peer.p99 ? 'no worse' : 'WORSE'}).`);
          }
        }
      }
    }
  } finally {
    await subgraphs.stop();
  }
  return {
    name: 'gateway-throughput',
    title: `Gateway throughput against peers (${options.connections} connections, ${options.durationS} s after ${options.warmupS} s warm-up, two alternating rounds averaged)`,
    columns: ['workers', 'load', 'gateway', 'req/s', 'p50 ms', 'p99 ms', 'p99 ÷ p50', 'errors or wrong answers', 'subgraph fetches per answer', 'gateway CPU ms per answer', 'subgraphs CPU ms per answer', 'load generator CPU ms per answer', 'gateway peak RSS MB', 'ours ÷ this (req/s)', 'ours without de-duplication ÷ this (req/s)', 'ours p99 no worse'],
    rows,
    notes: [
      `Taken on a shared ${os.cpus().length}-core machine loaded by other engineers' builds and tests (load average at the start: ${loadAtStart}): compare the ratios of peers run side by side, not the absolute figures.`,
      'benchmark load: every client sends the benchmark query; varied load: each request adds `user(id: $id)` with a unique id, so no two concurrent requests are alike and inbound de-duplication cannot help.',
      'Every gateway\'s answer is checked against the benchmark\'s expected answer before and after its run.',
      'The varied load defeats inbound de-duplication, but its requests still share identical nested subgraph fetches (the benchmark data has 6 users and 5 products), which subgraph fetch de-duplication shares: "ours without any de-duplication" (GATEWAY_INBOUND_DEDUP=false, SUBGRAPH_DEDUP=false) shows the gateway without either. Within one request, it sends each distinct entity representation once, as Apollo Router and Hive Gateway do; "each representation sent once per place" is the same with DISTINCT_REPRESENTATIONS=false, as stock @apollo/gateway sends them (96 copies of one product in one fetch of this query).',
      `${HIVE_ROUTER}: \`hive-gateway supergraph\` with \`unifiedGraphHandler\` from @graphql-hive/router-runtime in its gateway.config.ts (the published benchmark's "Hive Gateway with Rust QP"), no response cache. Its HTTP transport shares identical subgraph fetches in flight by default (@graphql-tools/executor-http's \`deduplicateInflightRequests\`; the "subgraph fetches per answer" column shows it): it is the peer of "${OURS_SUBGRAPH_DEDUP}" (SUBGRAPH_DEDUP on, GATEWAY_INBOUND_DEDUP=false). "${HIVE_ROUTER_WITHOUT_DEDUP}" sets \`deduplicateInflightRequests: false\` for every subgraph (\`transportEntries['*.http']\`, as Hive's documentation says to turn it off): the peer of "${OURS_WITHOUT_DEDUP}".`,
      `CPU ms per answer: user + system time from /proc over the measured run, divided by the answers, of the gateway's processes (workers included), of the benchmark subgraphs' process, and of this process (autocannon sending the load and reading the answers). The three share the machine's ${os.cpus().length} cores with each other and with whatever else runs on it.`,
      "Gateway peak RSS: the peak resident sets (VmHWM) of the gateway's processes together (a primary and its workers), at the end of the measured run; the larger of the two rounds.",
      'Subgraph fetches per answer: requests the benchmark subgraphs received during the measured run (they count them), divided by the answers; answers in flight when the load stops may add a few. Apollo\'s plan for the benchmark query has 16 fetches; the Rust planner\'s has 7.',
      'Ours runs with JWT verification (every request carries a bearer token, sent to every gateway alike), request limits, metrics, inbound de-duplication, subgraph fetch de-duplication and the plan cache; no response cache.',
      ...verdicts,
    ],
  };
}

/** Every gateway presents the same bearer token (ours verifies it; the others pass it on). */
export async function benchmarkHeaders(): Promise<Record<string, string>> {
  return { authorization: `Bearer ${await mintToken({ role: 'app' }, { expiresInSec: 24 * 3600 })}` };
}

export interface BenchmarkSubgraphs {
  url(name: BenchmarkSubgraph): string;
  /** Requests the four subgraphs have received so far, together. */
  fetches(): Promise<number>;
  /** CPU time (ms) their process has used so far. */
  cpuMs(): number;
  /** Their process. */
  pid: number;
  stop(): Promise<void>;
}

/** The Node port of the benchmark's subgraphs as its own process (of the build in `dist`), answering. */
export async function startSubgraphs(dist = DIST): Promise<BenchmarkSubgraphs> {
  const port = await freePort();
  const running = startProcess(process.execPath, [path.join(dist, 'bench/gateways-benchmark/subgraphs/server.js')], { env: { ...AS_DEPLOYED, PORT: String(port) } });
  try {
    await waitForSubgraphs(port);
  } catch (e) {
    await running.stop();
    throw e;
  }
  return {
    url: (name) => `http://127.0.0.1:${port}/${name}`,
    fetches: async () => {
      const counts = (await (await fetch(`http://127.0.0.1:${port}/fetches`)).json()) as Record<BenchmarkSubgraph, number>;
      return Object.values(counts).reduce((a, b) => a + b, 0);
    },
    cpuMs: () => cpuMsOf(running.child.pid as number),
    pid: running.child.pid as number,
    stop: () => running.stop(),
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

function mergeRounds(a: Measured, b: Measured): Measured {
  return { rps: (a.rps + b.rps) / 2, requests: a.requests + b.requests, p50: (a.p50 + b.p50) / 2, p99: Math.max(a.p99, b.p99), errors: a.errors + b.errors, fetches: a.fetches + b.fetches, cpu: addCpu(a.cpu, b.cpu), peakRssMb: Math.max(a.peakRssMb, b.peakRssMb) };
}

/** Request bodies for a load: the benchmark query every time, or the varied query with a new id each time. */
export function loadBody(load: 'benchmark' | 'varied'): () => string {
  let counter = 0;
  return () => (load === 'benchmark' ? JSON.stringify({ query: BENCHMARK_QUERY }) : JSON.stringify({ query: VARIED_QUERY, variables: { id: `u${counter++}` } }));
}

/** 1 when one request's answer is not the benchmark's expected answer, else 0. */
export async function wrongAnswers(endpoint: string, body: () => string, headers: Record<string, string>): Promise<number> {
  const res = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: body() });
  return checkBenchmarkAnswer(await res.json()) === null ? 0 : 1;
}

/** A measured run, with the subgraph fetches the gateway made for it and the CPU time each party used (ms). */
interface Measured extends LoadResult {
  fetches: number;
  cpu: CpuShares;
  /** The gateway's processes' peak resident sets together (VmHWM), MB, at the end of the run. */
  peakRssMb: number;
}

/** Where the machine's cores went during a measured run: CPU time (user + system, ms) of each party. */
interface CpuShares {
  /** The gateway's process and its workers. */
  gateway: number;
  /** The benchmark subgraphs' process. */
  subgraphs: number;
  /** This process: autocannon sending the load and reading the answers. */
  load: number;
}

/** CPU time the parties have used so far; the gateway's processes are fixed when the run starts (workers included). */
function cpuNow(gatewayPids: readonly number[], subgraphs: BenchmarkSubgraphs): CpuShares {
  const own = process.cpuUsage();
  return { gateway: sumOverRunning(gatewayPids, cpuMsOf), subgraphs: subgraphs.cpuMs(), load: (own.user + own.system) / 1000 };
}

function cpuSince(before: CpuShares, after: CpuShares): CpuShares {
  return { gateway: after.gateway - before.gateway, subgraphs: after.subgraphs - before.subgraphs, load: after.load - before.load };
}

function addCpu(a: CpuShares, b: CpuShares): CpuShares {
  return { gateway: a.gateway + b.gateway, subgraphs: a.subgraphs + b.subgraphs, load: a.load + b.load };
}

/** ms of CPU per answer, of one party. */
function perAnswer(r: Measured, party: keyof CpuShares): number {
  return r.requests > 0 ? r.cpu[party] / r.requests : Number.NaN;
}

async function measure(variant: Variant, supergraph: string, workers: number, load: 'benchmark' | 'varied', options: ThroughputOptions, headers: Record<string, string>, subgraphs: BenchmarkSubgraphs, dist: string): Promise<Measured> {
  const port = await freePort();
  const running = variant.start(port, supergraph, workers, dist);
  const endpoint = `http://127.0.0.1:${port}/graphql`;
  try {
    await waitForGraphQL(endpoint);
    const body = loadBody(load);
    const before = await wrongAnswers(endpoint, body, headers);
    await runLoad({ url: endpoint, connections: options.connections, durationS: options.warmupS, body, headers });
    const fetchedBefore = await subgraphs.fetches();
    const pid = running.child.pid as number;
    const gatewayPids = [pid, ...descendantsOf(pid)];
    const cpuBefore = cpuNow(gatewayPids, subgraphs);
    const result = await runLoad({ url: endpoint, connections: options.connections, durationS: options.durationS, body, headers });
    const cpu = cpuSince(cpuBefore, cpuNow(gatewayPids, subgraphs));
    const peakRssMb = sumOverRunning(gatewayPids, (pid) => rssOf(pid).peakMb);
    // Answers still in flight when the load stops may add a few fetches after it: a bound of what the run asked.
    const fetches = (await subgraphs.fetches()) - fetchedBefore;
    const after = await wrongAnswers(endpoint, body, headers);
    console.error(`[gateway-throughput] ${workers} worker(s), ${load} load, ${variant.name}: ${result.rps.toFixed(1)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms, ${result.errors + before + after} errors, ${(fetches / Math.max(1, result.requests)).toFixed(2)} subgraph fetches per answer`);
    return { ...result, errors: result.errors + before + after, fetches, cpu, peakRssMb };
  } finally {
    await running.stop();
  }
}
