import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { PROVINCE_CODES, type ProvinceCode } from '../schema/model';
import { projectFile } from '../schema/registry/project-file';
import { urlOf } from '../test/support/child-ready';
import { profileDir, stopForProfile } from './lib/cpu-profiled-process';
import { readCpuProfile, summariseProfile } from './lib/cpu-profile-summary';
import { listenSystems } from './lib/listening-systems';
import { cpuMsOf } from './lib/proc';
import { startProcess, waitForAnswer } from './lib/processes';
import { PROVINCE_NODE_OPTIONS } from '../subgraphs/province/node-options';

/**
 * One province's subgraph process alone through quiet minutes, as copy-cost-stream runs it (the
 * stream simulators over HTTP, a real Redis, one waybills first page every 2 s, the copies re-synced
 * at their default maximum ages): `node dist/bench/province-quiet-minute.js <province> <scale> [dist]
 * [minutes]` prints the process's CPU and the legacy calls of each minute, the first beginning 15 s
 * after /ready. With BENCH_PROFILE=1 the process runs under --cpu-prof and each minute's busiest
 * areas and functions are printed. The process runs with PROVINCE_NODE_OPTIONS, as deployed;
 * BENCH_NODE_ARGS adds node options after them (e.g. `--memory-reducer` to measure without them).
 */

const STEP_MS = 2000;
const MINUTE_MS = 60_000;
const WAYBILLS_PAGE = '{ waybills(first: 50) { edges { node { id } } } }';
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function firstPage(url: string): Promise<number> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: WAYBILLS_PAGE }) });
  const body = (await res.json()) as { data?: { waybills?: { edges: unknown[] } } | null; errors?: unknown[] };
  return body.errors?.length ? -1 : (body.data?.waybills?.edges.length ?? -1);
}

async function main(): Promise<void> {
  const [provinceArg, scaleArg, distArg, minutesArg] = process.argv.slice(2);
  const province = provinceArg as ProvinceCode;
  if (!PROVINCE_CODES.includes(province)) throw new Error('usage: node dist/bench/province-quiet-minute.js <SH|JS|ZJ|AH> <scale> [dist] [minutes]');
  const scale = Number(scaleArg ?? 1);
  const dist = distArg && distArg !== '-' ? distArg : projectFile('dist');
  const minutes = Number(minutesArg ?? 2);
  const profiled = process.env.BENCH_PROFILE === '1';
  const systems = await listenSystems({ streamScale: scale });
  const { sims } = systems;
  const prof = profiled ? profileDir(`quiet-${province}`) : null;
  try {
    const began = Date.now();
    const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const started = startProcess(process.execPath, [...(prof?.nodeArgs ?? []), ...PROVINCE_NODE_OPTIONS, ...nodeArgs, '--max-old-space-size=6000', path.join(dist, 'subgraphs/province/main.js')], {
      env: systems.provinceEnv(province, `quiet-${randomUUID()}:`),
    });
    const url = urlOf(await started.ready(120_000), province);
    await waitForAnswer(url.replace(/\/graphql$/, '/ready'), {}, 3 * 3600_000, 200);
    console.log(`${province} ready after ${((Date.now() - began) / 1000).toFixed(1)} s; load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    await sleep(15_000);
    const pid = started.child.pid as number;
    const windows: { fromUs: number; toUs: number }[] = [];
    for (let m = 0; m < minutes; m++) {
      sims[province].calls.reset();
      const cpu0 = cpuMsOf(pid);
      const fromUs = Number(process.hrtime.bigint() / 1000n);
      const t0 = Date.now();
      for (let step = 0; step < MINUTE_MS / STEP_MS; step++) {
        await firstPage(url);
        await sleep(Math.max(0, t0 + (step + 1) * STEP_MS - Date.now()));
      }
      windows.push({ fromUs, toUs: Number(process.hrtime.bigint() / 1000n) });
      console.log(`minute ${m + 1}: ${cpuMsOf(pid) - cpu0} ms CPU; calls ${JSON.stringify(sims[province].calls.snapshot())}; load ${os.loadavg()[0].toFixed(2)}`);
    }
    if (prof) {
      const profile = readCpuProfile(await stopForProfile(started, prof));
      windows.forEach((window, m) => {
        const summary = summariseProfile(profile, { ours: dist, window });
        console.log(`minute ${m + 1}'s profile: busy ${summary.busyMs.toFixed(0)} ms of ${summary.sampledMs.toFixed(0)}`);
        for (const a of summary.areas.slice(0, 10)) console.log(`  ${a.area}: ${a.selfMs.toFixed(0)}`);
        for (const f of summary.functions.slice(0, 15)) console.log(`  ${f.functionName} ${f.location}: ${f.selfMs.toFixed(0)}`);
      });
    } else await started.stop();
  } finally {
    await systems.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
