import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { projectFile } from '../../schema/registry/project-file';
import { rssOf } from '../lib/rss';
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
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone
    }
  }
  const found: { pid: number; command: string }[] = [];
  const walk = (parent: number): void => {
    for (const [child, ppid] of parentOf) {
      if (ppid !== parent) continue;
      try {
        found.push({ pid: child, command: readFileSync(`/proc/${child}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ') });
      } catch {
        continue;
      }
      walk(child);
    }
  };
  walk(pid);
  return found;
}

function processName(command: string): string {
  const script = command.split(' ').find((part) => part.includes('/dist/'));
  if (!script) return command.slice(0, 60);
  return path.relative(projectFile('dist'), script).replace(/\.js$/, '');
}

export async function startUp(options: { runs: number; idleWaitMs: number }): Promise<ResultTable> {
  const busy = [];
  for (const port of LAUNCHER_PORTS) if (await portInUse(port)) busy.push(port);
  if (busy.length > 0) throw new Error(`start-up: the launcher's ports ${busy.join(', ')} are in use; stop what listens there first`);
  const rows: (string | number)[][] = [];
  const times: number[] = [];
  let footprint: { name: string; rssMb: number }[] = [];
  for (let run = 0; run < options.runs; run++) {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [projectFile('dist', 'launcher', 'start.js')], {
      env: { ...process.env, LOG_LEVEL: 'warn' },
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
      times.push(ms);
      console.error(`[start-up] run ${run + 1}: ready in ${ms.toFixed(0)} ms`);
      if (run === options.runs - 1) {
        await new Promise((r) => setTimeout(r, options.idleWaitMs));
        footprint = [{ name: 'launcher', rssMb: rssOf(child.pid as number).rssMb }, ...descendants(child.pid as number).map((d) => ({ name: processName(d.command), rssMb: rssOf(d.pid).rssMb }))];
      }
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
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  rows.push(['to ready (launcher, after a build)', `${median.toFixed(0)} ms median of ${times.length} (${sorted.map((t) => t.toFixed(0)).join(', ')})`, '≤ 5000 ms', median <= 5000 ? 'met' : 'NOT met']);
  for (const f of footprint) rows.push([`idle RSS: ${f.name}`, `${f.rssMb.toFixed(0)} MB`, '', '']);
  rows.push(['idle RSS: all processes', `${footprint.reduce((n, f) => n + f.rssMb, 0).toFixed(0)} MB`, '', '']);
  return {
    name: 'start-up',
    title: 'Start-up and footprint (`npm start` after a build, embedded defaults)',
    columns: ['measure', 'value', 'target', 'met'],
    rows,
    notes: [
      'From spawning dist/launcher/start.js (what `npm start` runs after `tsc`) to its "federation ready" line: every piece started and answering its health check.',
      `Idle RSS (VmRSS) ${options.idleWaitMs / 1000} s after ready, before any query. \`npm start\` itself adds the build (tsc, about 9 s on this machine) before the launcher.`,
    ],
  };
}
