import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { projectFile } from '../../schema/registry/project-file';
import { commandLineOf, cpuMsOf, descendantsOf, rssOf } from '../lib/proc';
import { percentile } from '../lib/stats';
import type { ResultTable } from '../lib/table';

/**
 * Scenario 5: `npm start` to ready, after a build (the launcher, dist/launcher/start.js, which is
 * what `npm start` runs once tsc has built), and the idle RSS of every process it starts. The
 * launcher listens on its fixed ports (4000, 4101–4104, 4201–4204, 4210, 4220), so they must be
 * free; the scenario says so and stops otherwise.
 */

const LAUNCHER_PORTS = [4000, 4101, 4102, 4103, 4104, 4201, 4202, 4203, 4204, 4210, 4220];

function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Every descendant of a process, with its command line. */
function descendants(pid: number): { pid: number; command: string }[] {
  return descendantsOf(pid).flatMap((child) => {
    const command = commandLineOf(child);
    return command === null ? [] : [{ pid: child, command }];
  });
}

function processName(command: string): string {
  const script = command.split(' ').find((part) => part.includes('/dist/'));
  if (!script) return command.slice(0, 60);
  return path.relative(projectFile('dist'), script).replace(/\.js$/, '');
}

interface Variant {
  name: string;
  /** The environment of one run. */
  env: () => NodeJS.ProcessEnv;
}

const VARIANTS: Variant[] = [
  { name: 'npm start (the province subgraphs in one process)', env: () => ({}) },
  { name: 'PROVINCE_PROCESSES=each (one process each, as deployed)', env: () => ({ PROVINCE_PROCESSES: 'each' }) },
  { name: 'npm start on an empty registry (the first start)', env: () => ({ REGISTRY_FILE: path.join(mkdtempSync(path.join(os.tmpdir(), 'yrd-start-up-')), 'history.jsonl') }) },
];

type Footprint = { name: string; rssMb: number }[];
type CpuAtReady = { name: string; cpuMs: number }[];

/** One start of the launcher to its "federation ready" line; with idleWaitMs, the RSS of its processes that long after. */
async function startOnce(env: NodeJS.ProcessEnv, idleWaitMs: number | null): Promise<{ ms: number; cpu: CpuAtReady; footprint: Footprint }> {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [projectFile('dist', 'launcher', 'start.js')], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`not ready within 60 s: ${output.slice(-1000)}`)), 60_000);
      const onData = (chunk: Buffer): void => {
        output = (output + chunk.toString()).slice(-20_000);
        if (output.includes('federation ready')) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the launcher exited ${code}: ${output.slice(-1000)}`));
      });
    });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const processes = [{ pid: child.pid as number, name: 'launcher' }, ...descendants(child.pid as number).map((d) => ({ pid: d.pid, name: processName(d.command) }))];
    const cpu = processes.map((p) => ({ name: p.name, cpuMs: cpuMsOf(p.pid) }));
    let footprint: Footprint = [];
    if (idleWaitMs !== null) {
      await new Promise((r) => setTimeout(r, idleWaitMs));
      footprint = processes.map((p) => ({ name: p.name, rssMb: rssOf(p.pid).rssMb }));
    }
    return { ms, cpu, footprint };
  } finally {
    child.removeAllListeners('exit');
    await new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      process.kill(-(child.pid as number), 'SIGTERM');
      setTimeout(() => {
        try {
          process.kill(-(child.pid as number), 'SIGKILL');
        } catch {
          // gone
        }
      }, 10_000).unref();
    });
  }
}

export async function startUp(options: { runs: number; idleWaitMs: number }): Promise<ResultTable> {
  const busy = [];
  for (const port of LAUNCHER_PORTS) if (await portInUse(port)) busy.push(port);
  if (busy.length > 0) throw new Error(`start-up: the launcher's ports ${busy.join(', ')} are in use; stop what listens there first`);
  const times = VARIANTS.map((): number[] => []);
  const footprints = VARIANTS.map((): Footprint => []);
  const cpuTotals = VARIANTS.map((): number[] => []);
  const cpuLast = VARIANTS.map((): CpuAtReady => []);
  // Alternating, so that the machine's noise falls on both alike.
  for (let run = 0; run < options.runs; run++) {
    for (const [i, variant] of VARIANTS.entries()) {
      const last = run === options.runs - 1;
      const { ms, cpu, footprint } = await startOnce(variant.env(), last ? options.idleWaitMs : null);
      times[i].push(ms);
      cpuTotals[i].push(cpu.reduce((n, p) => n + p.cpuMs, 0));
      if (last) {
        footprints[i] = footprint;
        cpuLast[i] = cpu;
      }
      console.error(`[start-up] ${variant.name}, run ${run + 1}: ready in ${ms.toFixed(0)} ms`);
    }
  }
  const rows: (string | number)[][] = [];
  VARIANTS.forEach((variant, i) => {
    const m = percentile(times[i], 50);
    const sorted = [...times[i]].sort((a, b) => a - b);
    rows.push([`${variant.name}: to ready`, `${m.toFixed(0)} ms median of ${sorted.length} (${sorted.map((t) => t.toFixed(0)).join(', ')})`, '≤ 5000 ms', m <= 5000 ? 'met' : 'NOT met']);
  });
  rows.push(['to ready, one process each ÷ npm start', `${(percentile(times[1], 50) / percentile(times[0], 50)).toFixed(2)}×`, '', '']);
  rows.push(['to ready, first start ÷ npm start', `${(percentile(times[2], 50) / percentile(times[0], 50)).toFixed(2)}×`, '', '']);
  VARIANTS.forEach((variant, i) => {
    const byName = new Map<string, number[]>();
    for (const p of cpuLast[i]) byName.set(p.name, [...(byName.get(p.name) ?? []), p.cpuMs]);
    const parts = [...byName].map(([name, ms]) => `${name} ${ms.map((m) => m.toFixed(0)).join(' + ')}`).join(', ');
    rows.push([`${variant.name}: CPU used by ready, all processes`, `${(percentile(cpuTotals[i], 50) / 1000).toFixed(1)} s median (last run, ms: ${parts})`, '', '']);
  });
  VARIANTS.slice(0, 2).forEach((variant, i) => {
    for (const f of footprints[i]) rows.push([`${variant.name}: idle RSS of ${f.name}`, `${f.rssMb.toFixed(0)} MB`, '', '']);
    rows.push([`${variant.name}: idle RSS of all processes`, `${footprints[i].reduce((n, f) => n + f.rssMb, 0).toFixed(0)} MB`, '', '']);
  });
  return {
    name: 'start-up',
    title: 'Start-up and footprint (`npm start` after a build, embedded defaults)',
    columns: ['measure', 'value', 'target', 'met'],
    rows,
    notes: [
      'CPU used by ready: user + system time of the launcher and every process it started, read from /proc at the "federation ready" line; on 2 cores a start cannot take less than half of it.',
      'From spawning dist/launcher/start.js (what `npm start` runs after `tsc`) to its "federation ready" line: every piece started and listening, the schemas published to the registry, the gateway serving its live version, and every province copy past its first pull (every province subgraph answering /ready 200).',
      '`npm start` runs the four province subgraphs in one process: four servers on their own ports, each with its own adapter, copies, limits and metrics, sharing the module loading and the schema building that are most of a start. PROVINCE_PROCESSES=each runs one process each, as docker-compose deploys them. A repeated start finds its schemas in the registry (.registry/history.jsonl) and composes nothing; the first start, on an empty registry, composes the supergraph. All three run here, alternating.',
      `Idle RSS (VmRSS) ${options.idleWaitMs / 1000} s after ready on the last run of each, before any query. \`npm start\` itself adds the build (tsc, about 9 s on this machine) before the launcher.`,
    ],
  };
}
