import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SHARED_BUILD_ENV, makeOnce, projectBuild, typeCheck } from '../support/shared-build';

/** The build shared by the test files of a run is made once, whoever asks and however a maker ends. */

let dir: string;
beforeEach(() => {
  dir = path.join(mkdtempSync(path.join(tmpdir(), 'shared-build-')), 'build');
});
afterEach(() => rmSync(path.dirname(dir), { recursive: true, force: true }));

const slowMaker = (counter: { made: number }) => async (out: string) => {
  counter.made += 1;
  await new Promise((r) => setTimeout(r, 300));
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, 'main.js'), '');
};

it('callers asking at the same time wait for one making, and later callers find it made', async () => {
  const counter = { made: 0 };
  await Promise.all([makeOnce(dir, slowMaker(counter)), makeOnce(dir, slowMaker(counter)), makeOnce(dir, slowMaker(counter))]);
  await makeOnce(dir, slowMaker(counter));
  expect(counter.made).toBe(1);
  expect(existsSync(path.join(dir, 'main.js'))).toBe(true);
});

it('a failed making is reported to its caller, and a waiting caller then makes it itself', async () => {
  const counter = { made: 0 };
  const failing = makeOnce(dir, async () => {
    await new Promise((r) => setTimeout(r, 300));
    throw new Error('tsc failed');
  });
  const waiting = makeOnce(dir, slowMaker(counter));
  await expect(failing).rejects.toThrow('tsc failed');
  await waiting;
  expect(counter.made).toBe(1);
  expect(existsSync(path.join(dir, 'main.js'))).toBe(true);
});

it('a lock left by a process that died is taken over', async () => {
  const dead = spawn(process.execPath, ['-e', '']);
  const pid = await new Promise<number>((resolve) => dead.once('exit', () => resolve(dead.pid as number)));
  mkdirSync(`${dir}.lock`, { recursive: true });
  writeFileSync(path.join(`${dir}.lock`, 'pid'), String(pid));
  const counter = { made: 0 };
  await makeOnce(dir, slowMaker(counter));
  expect(counter.made).toBe(1);
  expect(existsSync(`${dir}.lock`)).toBe(false);
});

describe('the shared build as the type check and as the projects\' builds', () => {
  const before = process.env[SHARED_BUILD_ENV];
  afterEach(() => {
    process.env[SHARED_BUILD_ENV] = before;
  });

  /** A shared build already made, as the compilation leaves it: its output, then what tsc printed. */
  const made = (diagnostics: string) => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, '.diagnostics'), diagnostics);
    writeFileSync(path.join(dir, '.built'), '');
    process.env[SHARED_BUILD_ENV] = dir;
  };

  it('fails the type check on what the compilation printed, and passes it on nothing', async () => {
    made("test/x.ts(1,14): error TS2322: Type 'string' is not assignable to type 'number'.\n");
    expect(await typeCheck()).toEqual({ ok: false, output: expect.stringContaining('error TS2322') });
    made('');
    expect(await typeCheck()).toEqual({ ok: true, output: '' });
  });

  it('serves a project\'s build from the shared one once that is made', async () => {
    made('');
    expect(await projectBuild('gateway/tsconfig.main.json')).toBe(dir);
  });
});
