import { readdirSync, readFileSync } from 'node:fs';

/** What Linux's /proc says of running processes: memory, CPU time, parents and command lines. */

/** A process's resident set now and at its peak (VmRSS, VmHWM of /proc/<pid>/status), in MB. */
export function rssOf(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

/** The fields of /proc/<pid>/stat after the command name (which may hold spaces): state, ppid, … */
function statFields(pid: number | string): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/**
 * CPU time a process has used so far (user + system, from /proc/<pid>/stat), in ms: unlike a
 * profile's busy samples, it does not count the time the process waits for a core, so it stays a
 * fair per-request cost on a machine shared with other work. Clock ticks of 10 ms.
 */
export function cpuMsOf(pid: number): number {
  const fields = statFields(pid);
  const ticksPerSecond = 100;
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
}

/** Every running process's parent. */
function parents(): Map<number, number> {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      parentOf.set(Number(entry), Number(statFields(entry)[1]));
    } catch {
      // gone
    }
  }
  return parentOf;
}

/** The processes whose parent is `pid`, in pid order. */
export function childrenOf(pid: number): number[] {
  return [...parents()].filter(([, parent]) => parent === pid).map(([child]) => child).sort((a, b) => a - b);
}

/** Children, their children and so on, each before its own children. */
export function descendantsOf(pid: number): number[] {
  const parentOf = parents();
  const walk = (parent: number): number[] => [...parentOf].filter(([, p]) => p === parent).flatMap(([child]) => [child, ...walk(child)]);
  return walk(pid);
}

/** A process's command line, its arguments joined by spaces; null once it is gone. */
export function commandLineOf(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
  } catch {
    return null;
  }
}

/** `measure` of each of `pids` that is still running, summed (e.g. CPU time or peak RSS of a primary and its workers). */
export function sumOverRunning(pids: readonly number[], measure: (pid: number) => number): number {
  let total = 0;
  for (const pid of pids) {
    try {
      total += measure(pid);
    } catch {
      // gone
    }
  }
  return total;
}
