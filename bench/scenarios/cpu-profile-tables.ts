import type { ProfileSummary, SelfTime } from '../lib/cpu-profile-summary';
import type { LoadResult } from '../lib/load';
import type { ResultTable } from '../lib/table';

/** The cpu-profile scenario's tables: one overview, then per workload self time by area and by function. */

export interface ProfiledRun {
  workload: string;
  connections: number;
  load: LoadResult;
  /** Wrong answers of the checks before and after the run. */
  wrong: number;
  summary: ProfileSummary;
  file: string;
  /** The run's window was not on the profile's clock, so the whole profile (start-up included) is summarised. */
  wholeProfile: boolean;
}

const TOP_AREAS = 15;
const TOP_FUNCTIONS = 25;

const percent = (share: number): string => (share * 100).toFixed(1);
const cell = (text: string): string => text.replace(/\|/g, '\\|');

function shares(t: SelfTime, area: string): string[] {
  return [t.selfMs.toFixed(0), percent(t.share), area === '(idle)' ? '–' : percent(t.busyShare)];
}

export function cpuMsPerRequest(run: ProfiledRun): number {
  return run.load.requests > 0 ? run.summary.busyMs / run.load.requests : Number.NaN;
}

export function profileTables(runs: readonly ProfiledRun[], options: { durationS: number; warmupS: number; label?: string }): ResultTable[] {
  const name = options.label ? `cpu-profile-${options.label.replace(/[^\w.-]+/g, '-')}` : 'cpu-profile';
  const overview: ResultTable = {
    name,
    title: `Our gateway's CPU under load, ${options.label ?? 'current'} (node --cpu-prof, 1 worker, ${options.durationS} s per workload after ${options.warmupS} s warm-up)`,
    columns: ['workload', 'connections', 'req/s', 'requests', 'errors or wrong answers', 'sampled ms', 'idle ms', 'busy ms', 'CPU ms per request'],
    rows: runs.map((r) => [
      r.workload,
      r.connections,
      r.load.rps.toFixed(1),
      r.load.requests,
      r.load.errors + r.wrong,
      r.summary.sampledMs.toFixed(0),
      r.summary.idleMs.toFixed(0),
      r.summary.busyMs.toFixed(0),
      cpuMsPerRequest(r).toFixed(2),
    ]),
    notes: [
      'gateways-benchmark varied load: the `ours` variant of gateway-throughput (the Node port of the benchmark\'s subgraphs as its own process, `--supergraph`, a bearer token), each request with a unique `user(id: $id)`.',
      'cross-region query: fan-out-latency\'s query and variables (no simulated latency) over the simulators, province and region subgraphs in the bench process, with a bearer token, replicas warm; the gateway with RESPONSE_CACHE_MAX_MB=0 so that no response cache answers.',
      'Only the samples taken during the measured run count (the profile\'s clock is the monotonic clock of process.hrtime); sampled ms ≈ the run\'s wall time, busy = all but (idle). **CPU ms per request** (busy ms ÷ requests answered) is the figure to compare before and after.',
      'Areas: node_modules packages by name; "ours: x/y" our dist/ folders two levels deep; "node internals" node:… modules and V8 built-ins; "(program)" native work outside JavaScript (compiler, libuv, HTTP parsing); "(garbage collector)"; "(idle)" waiting for I/O.',
      'The load generator (autocannon) shares the machine\'s cores with the gateway and its subgraphs.',
      ...runs.filter((r) => r.wholeProfile).map((r) => `${r.workload}: the run's window was not on the profile's clock, so the WHOLE profile (start-up and warm-up included) is summarised.`),
      ...runs.map((r) => `Raw profile (not in git; open in Chrome DevTools or speedscope): ${r.workload}: ${r.file}`),
    ],
  };
  return [overview, ...runs.flatMap((r) => [areaTable(name, r), functionTable(name, r)])];
}

function areaTable(name: string, run: ProfiledRun): ResultTable {
  const { areas } = run.summary;
  return {
    name,
    title: `${run.workload}: self time by package or area (top ${Math.min(TOP_AREAS, areas.length)} of ${areas.length})`,
    columns: ['area', 'self ms', '% of sampled time', '% of busy'],
    rows: areas.slice(0, TOP_AREAS).map((a) => [cell(a.area), ...shares(a, a.area)]),
    notes: [],
  };
}

function functionTable(name: string, run: ProfiledRun): ResultTable {
  return {
    name,
    title: `${run.workload}: top ${TOP_FUNCTIONS} functions by self time`,
    columns: ['function', 'file:line', 'area', 'self ms', '% of sampled time', '% of busy'],
    rows: run.summary.functions.slice(0, TOP_FUNCTIONS).map((f) => [cell(f.functionName), cell(f.location), cell(f.area), ...shares(f, f.area)]),
    notes: [],
  };
}
