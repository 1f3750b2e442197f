import { readdirSync, readFileSync } from 'node:fs';

/**
 * The CPU time a process has used (user + system, ms), from /proc/<pid>/stat (Linux): unlike a
 * profile's busy samples, it does not count the time the process waits for a core, so it stays
 * a fair per-request cost on a machine shared with other work. Clock ticks of 10 ms.
 */
const TICK_MS = 10;

export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return (utime + stime) * TICK_MS;
}

/**
 * The CPU time (ms) of each of a process's threads, summed by thread name (the stat file of each task under /proc/<pid>/task):
 * the main thread (named after the executable), V8's workers (`V8 DefaultWorke`, GC marking and
 * sweeping), libuv's pool (`libuv-worker`) and so on. Threads that ended are not counted.
 */
export function threadCpuMs(pid: number): Map<string, number> {
  const byName = new Map<string, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    } catch {
      continue;
    }
    const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    byName.set(name, (byName.get(name) ?? 0) + (Number(fields[11]) + Number(fields[12])) * TICK_MS);
  }
  return byName;
}

/** What each thread name used between two `threadCpuMs` readings, busiest first. */
export function threadCpuDelta(before: Map<string, number>, after: Map<string, number>): [string, number][] {
  return [...after].map(([name, ms]): [string, number] => [name, ms - (before.get(name) ?? 0)]).filter(([, ms]) => ms > 0).sort((a, b) => b[1] - a[1]);
}
