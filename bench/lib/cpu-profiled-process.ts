import { mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Started } from './processes';

/**
 * A Node process under `--cpu-prof`: its profile goes to a fresh directory under the system's temp
 * directory (never into the repository), and Node writes it only when the process exits by itself
 * (process.exit included), not when it is killed.
 */

export interface ProfileDir {
  dir: string;
  nodeArgs: string[];
}

export function profileDir(prefix: string): ProfileDir {
  const dir = mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  return { dir, nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`] };
}

/** Stops the process (SIGTERM, SIGKILL after 5 s) and waits for the .cpuprofile it writes on the way out. */
export async function stopForProfile(running: Started, profile: ProfileDir, timeoutMs = 10_000): Promise<string> {
  await running.stop();
  const signal = running.child.signalCode;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const written = readdirSync(profile.dir).filter((f) => f.endsWith('.cpuprofile'));
    if (written.length > 1) throw new Error(`${written.length} profiles in ${profile.dir}: more than one process (GATEWAY_WORKERS?)`);
    if (written.length === 1) return path.join(profile.dir, written[0]);
    if (signal !== null) throw new Error(`the profiled process ended by ${signal}, so Node wrote no profile (it must exit on SIGTERM within 5 s)`);
    if (Date.now() > deadline) throw new Error(`no .cpuprofile in ${profile.dir} ${timeoutMs} ms after the process exited (code ${running.child.exitCode})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
