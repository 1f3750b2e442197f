import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * One build of the tree (tsconfig.build.json) per jest run, shared by every test file that starts
 * processes from it: the first file to ask compiles it, files asking meanwhile (in the other
 * worker) wait for that compilation instead of running their own. The jest global setup names
 * the folder (SHARED_BUILD_ENV) and its teardown removes it; without it (another runner), each
 * caller gets a build of its own, removed by releaseBuild.
 */

const root = path.resolve(__dirname, '../..');
export const SHARED_BUILD_ENV = 'YRD_TEST_SHARED_BUILD';
const BUILT = '.built';
const POLL_MS = 200;

async function compile(outDir: string): Promise<void> {
  await promisify(execFile)(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.build.json'), '--outDir', outDir], { cwd: root });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Takes the build lock (an atomic mkdir); a lock whose holder died is taken over. */
function tryLock(lock: string): boolean {
  mkdirSync(path.dirname(lock), { recursive: true });
  try {
    mkdirSync(lock);
    writeFileSync(path.join(lock, 'pid'), String(process.pid));
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    let holder = 0;
    try {
      holder = Number(readFileSync(path.join(lock, 'pid'), 'utf8'));
    } catch {
      // Released meanwhile, or its holder has not written its pid yet.
    }
    if (holder > 0 && !alive(holder)) rmSync(lock, { recursive: true, force: true });
    return false;
  }
}

/** Makes `dir` with `make` once across the processes asking for it: one makes it, the others wait until it is made (or, if that fails, try themselves). */
export async function makeOnce(dir: string, make: (dir: string) => Promise<void>): Promise<void> {
  const lock = `${dir}.lock`;
  for (;;) {
    if (existsSync(path.join(dir, BUILT))) return;
    if (tryLock(lock)) {
      try {
        if (!existsSync(path.join(dir, BUILT))) {
          rmSync(dir, { recursive: true, force: true });
          await make(dir);
          writeFileSync(path.join(dir, BUILT), new Date().toISOString());
        }
        return;
      } finally {
        rmSync(lock, { recursive: true, force: true });
      }
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/** The folder of this run's build of the tree, compiled once; `name` names a build of its own when there is no shared one. */
export async function sharedBuild(name: string): Promise<string> {
  const shared = process.env[SHARED_BUILD_ENV];
  if (!shared) {
    const own = path.join(root, '.test-dist', `${name}-${process.pid}`);
    await compile(own);
    return own;
  }
  await makeOnce(shared, compile);
  return shared;
}

/**
 * The output folder of one of the project's own tsconfigs (`npm run registry`'s, the gateway's
 * main), compiled as its npm script compiles it, once per jest run: the files that run the same
 * script share one compilation (in a folder beside the shared build, removed with it) instead of
 * each compiling into dist/. Without a jest run it compiles into the tsconfig's own dist/.
 */
export async function projectBuild(tsconfig: string): Promise<string> {
  const shared = process.env[SHARED_BUILD_ENV];
  const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
  if (!shared) {
    await promisify(execFile)(process.execPath, [tsc, '-p', tsconfig], { cwd: root });
    return path.join(root, 'dist');
  }
  const outDir = `${shared}.${tsconfig.replace(/\W+/g, '-')}`;
  await makeOnce(outDir, async (dir) => {
    await promisify(execFile)(process.execPath, [tsc, '-p', tsconfig, '--outDir', dir, '--tsBuildInfoFile', path.join(dir, '.tsbuildinfo')], { cwd: root });
  });
  return outDir;
}

/** Removes a build of its own; the shared one stays for the other files of the run. */
export function releaseBuild(outDir: string): void {
  if (outDir !== process.env[SHARED_BUILD_ENV]) rmSync(outDir, { recursive: true, force: true });
}
