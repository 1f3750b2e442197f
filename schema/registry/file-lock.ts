import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { RegistryError } from './errors';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** How long a lock file may stay without a pid before it counts as abandoned (written by a writer that died between create and write). */
const PIDLESS_GRACE_MS = 2_000;

/**
 * A lock whose holder process is gone is removed, unless it was replaced meanwhile (same inode);
 * so is one that names no holder and has aged past the grace.
 */
async function breakStaleLock(lockFile: string): Promise<void> {
  const before = await fs.stat(lockFile).catch(() => null);
  if (!before) return;
  const holder = Number(await fs.readFile(lockFile, 'utf8').catch(() => ''));
  const named = Number.isInteger(holder) && holder > 0;
  if (named ? processAlive(holder) : Date.now() - before.mtimeMs < PIDLESS_GRACE_MS) return;
  const now = await fs.stat(lockFile).catch(() => null);
  if (now && now.ino === before.ino) await fs.unlink(lockFile).catch(() => undefined);
}

/** Creates the lock file already holding this process's pid: written aside, then hard-linked into place (which fails if it exists). */
async function claim(lockFile: string): Promise<boolean> {
  const aside = `${lockFile}.${process.pid}.${randomUUID()}`;
  await fs.writeFile(aside, String(process.pid));
  try {
    await fs.link(aside, lockFile);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await fs.unlink(aside).catch(() => undefined);
  }
}

/**
 * Runs `work` holding a lock file beside `file` (holding the writer's pid, so that a lock
 * left by a dead process is broken); throws REGISTRY_LOCK_TIMEOUT when another holder keeps it.
 */
export async function withFileLock<T>(file: string, timeoutMs: number, work: () => Promise<T>): Promise<T> {
  const lockFile = `${file}.lock`;
  await fs.mkdir(path.dirname(file), { recursive: true });
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; ; attempt++) {
    if (await claim(lockFile)) break;
    await breakStaleLock(lockFile);
    if (Date.now() > deadline) throw new RegistryError('REGISTRY_LOCK_TIMEOUT', `could not lock ${lockFile} within ${timeoutMs} ms`);
    await sleep(Math.min(5 * 2 ** Math.min(attempt, 5), 100) * (0.5 + Math.random()));
  }
  try {
    return await work();
  } finally {
    await fs.unlink(lockFile).catch(() => undefined);
  }
}
