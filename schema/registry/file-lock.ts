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

/** A lock whose holder process is gone is removed, unless it was replaced meanwhile (same inode). */
async function breakStaleLock(lockFile: string): Promise<void> {
  const before = await fs.stat(lockFile).catch(() => null);
  const holder = Number(await fs.readFile(lockFile, 'utf8').catch(() => ''));
  if (!before || !Number.isInteger(holder) || holder <= 0 || processAlive(holder)) return;
  const now = await fs.stat(lockFile).catch(() => null);
  if (now && now.ino === before.ino) await fs.unlink(lockFile).catch(() => undefined);
}

/**
 * Runs `work` holding an O_EXCL lock file beside `file` (holding the writer's pid, so that a lock
 * left by a dead process is broken); throws REGISTRY_LOCK_TIMEOUT when another holder keeps it.
 */
export async function withFileLock<T>(file: string, timeoutMs: number, work: () => Promise<T>): Promise<T> {
  const lockFile = `${file}.lock`;
  await fs.mkdir(path.dirname(file), { recursive: true });
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await fs.open(lockFile, 'wx');
      await handle.write(String(process.pid));
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      await breakStaleLock(lockFile);
      if (Date.now() > deadline) throw new RegistryError('REGISTRY_LOCK_TIMEOUT', `could not lock ${lockFile} within ${timeoutMs} ms`);
      await sleep(Math.min(5 * 2 ** Math.min(attempt, 5), 100) * (0.5 + Math.random()));
    }
  }
  try {
    return await work();
  } finally {
    await fs.unlink(lockFile).catch(() => undefined);
  }
}
