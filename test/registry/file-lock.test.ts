import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { withFileLock } from '../../schema/registry/file-lock';

/**
 * The lock the registry, access-log, usage and webhook file stores share: one holder at a time, and a
 * lock left by a writer that died broken rather than waited on until every later write times out.
 */

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(tmpdir(), 'file-lock-'));
  file = path.join(dir, 'store.jsonl');
});
afterEach(() => fs.rm(dir, { recursive: true, force: true }));

const deadPid = (): number => spawnSync(process.execPath, ['-e', '']).pid as number;

async function ageBy(lockFile: string, ms: number): Promise<void> {
  const at = new Date(Date.now() - ms);
  await fs.utimes(lockFile, at, at);
}

describe('withFileLock', () => {
  it('lets one holder in at a time: concurrent read-modify-writes lose no increment', async () => {
    await fs.writeFile(file, '0');
    await Promise.all(
      Array.from({ length: 25 }, () =>
        withFileLock(file, 10_000, async () => {
          const n = Number(await fs.readFile(file, 'utf8'));
          await new Promise((r) => setImmediate(r));
          await fs.writeFile(file, String(n + 1));
        }),
      ),
    );
    expect(await fs.readFile(file, 'utf8')).toBe('25');
    expect((await fs.readdir(dir)).sort()).toEqual(['store.jsonl']);
  });

  it('breaks a lock whose holder process is gone', async () => {
    await fs.writeFile(`${file}.lock`, String(deadPid()));
    await expect(withFileLock(file, 5_000, async () => 'written')).resolves.toBe('written');
  });

  it('breaks a lock that names no holder once it is past the grace (a writer that died between create and write)', async () => {
    await fs.writeFile(`${file}.lock`, '');
    await ageBy(`${file}.lock`, 60_000);
    await expect(withFileLock(file, 5_000, async () => 'written')).resolves.toBe('written');
  });

  it('waits on a live holder, and on a pid-less lock still within its grace, then times out with REGISTRY_LOCK_TIMEOUT', async () => {
    await fs.writeFile(`${file}.lock`, String(process.pid));
    await expect(withFileLock(file, 300, async () => 'written')).rejects.toMatchObject({ code: 'REGISTRY_LOCK_TIMEOUT' });
    await fs.writeFile(`${file}.lock`, '');
    await ageBy(`${file}.lock`, -60_000);
    await expect(withFileLock(file, 300, async () => 'written')).rejects.toMatchObject({ code: 'REGISTRY_LOCK_TIMEOUT' });
    expect(await fs.readFile(`${file}.lock`, 'utf8')).toBe('');
  });
});
