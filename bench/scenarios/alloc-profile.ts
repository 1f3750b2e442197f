import { projectFile } from '../../schema/registry/project-file';
import { allocationsByFunction, sampleAllocations, type Allocated } from '../lib/heap-sampling';
import { runLoad, type LoadResult } from '../lib/load';
import { freePort, waitForGraphQL } from '../lib/processes';
import type { ResultTable } from '../lib/table';
import { workloadsNamed, type Workload } from './cpu-profile';

/**
 * Where our gateway makes its garbage: a sampling heap profile (collected objects included) of the
 * gateway, one process, over its inspector while a cpu-profile workload runs. Garbage collection is
 * a fifth to a quarter of the gateway's CPU under the benchmark's load (cpu-profile), and what it
 * costs follows what is allocated; the table gives the bytes each function allocates per request.
 */

export interface AllocProfileOptions {
  durationS: number;
  warmupS: number;
  /** cpu-profile's workload names (BENCH_PROFILE_WORKLOADS); default benchmark-no-dedup. */
  workloads?: readonly string[];
  /** Into the title and the file name (alloc-profile-<label>.md). */
  label?: string;
  samplingIntervalBytes?: number;
  /** The gateway build to run (a dist/ folder); this one's by default. */
  dist?: string;
}

interface SampledRun {
  workload: string;
  load: LoadResult;
  wrong: number;
  total: number;
  functions: Allocated[];
}

const TOP_FUNCTIONS = 25;

async function sample(workload: Workload, options: AllocProfileOptions): Promise<SampledRun> {
  const inspectPort = await freePort();
  const served = await workload.setUp({ nodeArgs: [`--inspect=127.0.0.1:${inspectPort}`], dist: options.dist });
  try {
    await waitForGraphQL(served.endpoint);
    let wrong = await served.check();
    const run = { url: served.endpoint, connections: workload.connections, body: served.body, headers: served.headers };
    await runLoad({ ...run, durationS: options.warmupS });
    const { result: load, head } = await sampleAllocations(inspectPort, () => runLoad({ ...run, durationS: options.durationS }), options.samplingIntervalBytes);
    wrong += await served.check();
    const { total, functions } = allocationsByFunction(head, options.dist ?? projectFile('dist'));
    console.error(`[alloc-profile] ${workload.name}: ${load.rps.toFixed(1)} req/s, ${kibPerRequest(total, load)} KiB sampled per request`);
    return { workload: workload.name, load, wrong, total, functions };
  } finally {
    await served.gateway.stop();
    await served.close();
  }
}

function kibPerRequest(bytes: number, load: LoadResult): string {
  return load.requests > 0 ? (bytes / load.requests / 1024).toFixed(1) : '–';
}

export async function allocProfile(options: AllocProfileOptions): Promise<ResultTable[]> {
  const runs: SampledRun[] = [];
  for (const workload of workloadsNamed(options.workloads ?? ['benchmark-no-dedup'])) runs.push(await sample(workload, options));
  const name = options.label ? `alloc-profile-${options.label.replace(/[^\w.-]+/g, '-')}` : 'alloc-profile';
  const overview: ResultTable = {
    name,
    title: `Where our gateway allocates, ${options.label ?? 'current'} (sampling heap profile, 1 worker, ${options.durationS} s per workload after ${options.warmupS} s warm-up)`,
    columns: ['workload', 'req/s', 'requests', 'errors or wrong answers', 'sampled MB', 'KiB per request'],
    rows: runs.map((r) => [r.workload, r.load.rps.toFixed(1), r.load.requests, r.load.errors + r.wrong, (r.total / 1e6).toFixed(1), kibPerRequest(r.total, r.load)]),
    notes: [
      `V8's sampling heap profiler over the gateway's inspector (--inspect on 127.0.0.1), one sample every ${options.samplingIntervalBytes ?? 16_384} bytes allocated on average, objects collected by minor and major GC included: the bytes are what each function allocated during the measured run, garbage or not, divided by the requests answered. Sampled, so a function's share is an estimate (a small one is noise).`,
      'Self bytes: allocations a function makes itself; functions V8 inlined count for the function they were inlined into.',
      'Workloads as in cpu-profile; the load generator shares the machine with the gateway and its subgraphs.',
    ],
  };
  const tables = runs.map(
    (r): ResultTable => ({
      name,
      title: `${r.workload}: the ${TOP_FUNCTIONS} functions that allocate most`,
      columns: ['function', 'file:line', 'area', 'KiB per request', '% of sampled'],
      rows: r.functions.slice(0, TOP_FUNCTIONS).map((f) => [f.functionName, f.location, f.area, kibPerRequest(f.bytes, r.load), ((100 * f.bytes) / Math.max(1, r.total)).toFixed(1)]),
      notes: [],
    }),
  );
  return [overview, ...tables];
}
