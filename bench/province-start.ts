import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { profileDir, stopForProfile } from './lib/cpu-profiled-process';
import { readCpuProfile, summariseProfile } from './lib/cpu-profile-summary';
import { listenSystems } from './lib/listening-systems';
import { cpuMsOf } from './lib/proc';
import { startProcess } from './lib/processes';
import { PROVINCE_NODE_OPTIONS } from '../subgraphs/province/node-options';

/**
 * The province subgraph process from spawn to listening (its ready message), of two builds side by
 * side: `node dist/bench/province-start.js <before-root> <after-root> [rounds]` starts each root's
 * dist/subgraphs/province/main.js in turn, the order swapped every round (A B, B A, …), with the env
 * copy-cost-stream gives it (a real Redis, the simulators at scale 1, a fresh key prefix per start),
 * and prints every start's milliseconds and CPU at ready, and the medians. With BENCH_PROFILE=1 the
 * last start of each root runs under --cpu-prof, and its busiest areas until ready are printed.
 */

const PROVINCE = 'AH';

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

async function main(): Promise<void> {
  const [before, after, roundsArg] = process.argv.slice(2);
  if (!before || !after) throw new Error('usage: node dist/bench/province-start.js <before-root> <after-root> [rounds]');
  const rounds = Number(roundsArg ?? 5);
  const profile = process.env.BENCH_PROFILE === '1';
  const systems = await listenSystems();
  const runs: Record<'before' | 'after', { ms: number; cpuMs: number }[]> = { before: [], after: [] };
  const start = async (label: 'before' | 'after', root: string, profiled: boolean): Promise<void> => {
    const prof = profiled ? profileDir(`province-start-${label}`) : null;
    const began = Date.now();
    const started = startProcess(process.execPath, [...(prof?.nodeArgs ?? []), ...PROVINCE_NODE_OPTIONS, path.join(root, 'dist/subgraphs/province/main.js')], {
      cwd: root,
      env: systems.provinceEnv(PROVINCE, `province-start-${randomUUID()}:`),
    });
    await started.ready(120_000);
    const ms = Date.now() - began;
    const cpuMs = cpuMsOf(started.child.pid as number);
    runs[label].push({ ms, cpuMs });
    console.log(`${label} ${ms} ms to listening, ${cpuMs} ms CPU`);
    if (!prof) return started.stop();
    const summary = summariseProfile(readCpuProfile(await stopForProfile(started, prof)), { ours: path.join(root, 'dist') });
    console.log(`${label} profile (whole run, ms self time by area):`);
    for (const a of summary.areas.slice(0, 15)) console.log(`  ${a.area}: ${a.selfMs.toFixed(0)}`);
  };
  try {
    for (let round = 0; round < rounds; round++) {
      const order: ['before' | 'after', string][] = round % 2 === 0 ? [['before', before], ['after', after]] : [['after', after], ['before', before]];
      for (const [label, root] of order) await start(label, root, profile && round === rounds - 1);
    }
    for (const label of ['before', 'after'] as const) {
      const list = runs[label];
      console.log(`${label}: median ${median(list.map((r) => r.ms))} ms to listening (${list.map((r) => r.ms).join(', ')}); CPU median ${median(list.map((r) => r.cpuMs))} ms`);
    }
  } finally {
    await systems.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
