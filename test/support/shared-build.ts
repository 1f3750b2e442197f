import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * One build of the tree per jest run, shared by every test file that starts processes from it:
 * the first file to ask compiles it, files asking meanwhile (in the other worker) wait for that
 * compilation instead of running their own. It is compiled from tsconfig.json, the strict
 * project the type check covers (tests included), so that the same compilation is the run's type
 * check: its diagnostics are kept beside the output (typeCheck) instead of a second tsc reading
 * the whole tree again. A type error does not stop the build (tsc emits all the same): the type
 * check test reports it. The jest global setup names the folder (SHARED_BUILD_ENV)
 * and its teardown removes it; without it (another runner), each caller gets a build of its own,
 * removed by releaseBuild.
 */

const root = path.resolve(__dirname, '../..');
export const SHARED_BUILD_ENV = 'YRD_TEST_SHARED_BUILD';
const BUILT = '.built';
const POLL_MS = 200;

const TSC = path.join(root, 'node_modules/typescript/bin/tsc');
const DIAGNOSTICS = '.diagnostics';

/** What a type check of tsconfig.json printed, and whether it passed. */
export interface TypeCheck {
  ok: boolean;
  output: string;
}

/** Exit code 2: diagnostics printed, every file emitted all the same. */
const EMITTED_DESPITE_ERRORS = 2;

function tsc(args: string[]): Promise<{ stdout: string; stderr: string }> {
  return promisify(execFile)(process.execPath, [TSC, ...args], { cwd: root, maxBuffer: 64 * 1024 * 1024 });
}

function printed(e: unknown): string {
  const err = e as { stdout?: string; stderr?: string };
  return `${err.stdout ?? ''}${err.stderr ?? ''}`;
}

async function compile(outDir: string): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  try {
    await tsc(['-p', path.join(root, 'tsconfig.json'), '--outDir', outDir]);
    writeFileSync(path.join(outDir, DIAGNOSTICS), '');
  } catch (e) {
    if ((e as { code?: unknown }).code !== EMITTED_DESPITE_ERRORS) throw e;
    writeFileSync(path.join(outDir, DIAGNOSTICS), printed(e));
  }
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
 * main). Once the run's shared build is made or being made, that is it: it compiles every file
 * those tsconfigs list, and what they import, under the same root and options (source maps
 * aside), so the JavaScript is the same. Before (a few files run alone), the tsconfig is compiled
 * as its npm script compiles it, once per run, in a folder beside the shared build: its smaller
 * program is quicker than the whole tree. Without a jest run it compiles into its own dist/.
 */
export async function projectBuild(tsconfig: string): Promise<string> {
  const shared = process.env[SHARED_BUILD_ENV];
  if (!shared) {
    await tsc(['-p', tsconfig]);
    return path.join(root, 'dist');
  }
  if (existsSync(path.join(shared, BUILT)) || existsSync(`${shared}.lock`)) return sharedBuild('project');
  const outDir = `${shared}.${tsconfig.replace(/\W+/g, '-')}`;
  await makeOnce(outDir, async (dir) => {
    await tsc(['-p', tsconfig, '--outDir', dir, '--tsBuildInfoFile', path.join(dir, '.tsbuildinfo')]);
  });
  return outDir;
}

/** The type check of tsconfig.json: in a jest run, read from the shared build's compilation; otherwise a tsc --noEmit of its own. */
export async function typeCheck(): Promise<TypeCheck> {
  const shared = process.env[SHARED_BUILD_ENV];
  if (shared) {
    await makeOnce(shared, compile);
    const output = readFileSync(path.join(shared, DIAGNOSTICS), 'utf8');
    return { ok: output === '', output };
  }
  try {
    const { stdout, stderr } = await tsc(['-p', 'tsconfig.json', '--noEmit']);
    return { ok: true, output: `${stdout}${stderr}` };
  } catch (e) {
    return { ok: false, output: printed(e) };
  }
}

/** Removes a build of its own; the shared one stays for the other files of the run. */
export function releaseBuild(outDir: string): void {
  if (outDir !== process.env[SHARED_BUILD_ENV]) rmSync(outDir, { recursive: true, force: true });
}
