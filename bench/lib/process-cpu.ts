import { readFileSync } from 'node:fs';

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
