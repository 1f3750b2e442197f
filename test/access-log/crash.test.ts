import { spawn } from 'node:child_process';
import { appendFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { FileAccessLogStore } from '../../schema/access-log/file-store';
import { verifyAccessRecords } from '../../schema/access-log/verify';
import { accessEntry, allRecords } from '../support/access-entries';

/**
 * A writer killed with SIGKILL in the middle of its batches leaves a valid chain: at most the
 * batch being written is lost (a last line without its newline), and the next writer goes on
 * from the last whole record.
 */

const root = path.join(__dirname, '../..');
const SOURCES = ['schema/access-log/file-store.ts', 'schema/access-log/record-hash.ts', 'schema/access-log/stored-line.ts', 'schema/access-log/checkpoint.ts', 'schema/access-log/jsonl-reader.ts', 'schema/access-log/store.ts', 'schema/registry/signing.ts', 'schema/registry/version-hash.ts', 'schema/registry/file-lock.ts', 'schema/registry/errors.ts'];


/** The store's modules as CommonJS, so that a plain node child process runs the code under test. */
async function transpile(out: string): Promise<void> {
  for (const source of SOURCES) {
    const { outputText } = ts.transpileModule(await readFile(path.join(root, source), 'utf8'), { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } });
    await mkdir(path.dirname(path.join(out, source)), { recursive: true });
    await writeFile(path.join(out, source.replace(/\.ts$/, '.js')), outputText);
  }
}

const WRITER = `
const { FileAccessLogStore } = require('./schema/access-log/file-store.js');
const store = new FileAccessLogStore({ file: process.argv[2] });
const accessEntry = ${accessEntry.toString()};
(async () => {
  for (let batch = 0; ; batch++) {
    await store.append(Array.from({ length: 2000 }, (_, i) => accessEntry(batch * 2000 + i)));
    process.stdout.write('batch\\n');
  }
})();
`;


describe('the file access log after a crash', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'access-crash-'));
    await transpile(dir);
    await writeFile(path.join(dir, 'writer.js'), WRITER);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('kill -9 mid-batch: the chain stays valid and the next writer goes on from it', async () => {
    const file = path.join(dir, 'killed.jsonl');
    const child = spawn(process.execPath, [path.join(dir, 'writer.js'), file], { cwd: dir, stdio: ['ignore', 'pipe', 'inherit'] });
    let batches = 0;
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        batches += chunk.toString().split('\n').filter(Boolean).length;
        if (batches >= 3) resolve();
      });
    });
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;

    const store = new FileAccessLogStore({ file });
    const before = await allRecords(store);
    expect(before.length).toBeGreaterThanOrEqual(3 * 2000);
    expect(before.length % 2000).toBe(0);
    expect(await verifyAccessRecords(before)).toMatchObject({ ok: true, firstBadRecord: null });
    const added = await store.append([accessEntry(1), accessEntry(2)]);
    expect(added[0]).toMatchObject({ seq: before.length + 1, previousHash: before[before.length - 1].hash });
    expect(await verifyAccessRecords(await allRecords(store))).toMatchObject({ ok: true, recordsChecked: before.length + 2 });
  }, 60_000);

  it('a torn last line is ignored by readers and cut off by the next append', async () => {
    const file = path.join(dir, 'torn.jsonl');
    const store = new FileAccessLogStore({ file });
    await store.append([accessEntry(1), accessEntry(2), accessEntry(3)]);
    await appendFile(file, '{"seq":4,"at":"2026-07-1');
    expect(await store.head()).toMatchObject({ seq: 3 });
    expect(await verifyAccessRecords(store.scan())).toMatchObject({ ok: true, recordsChecked: 3 });
    await store.append([accessEntry(4)]);
    const records = await allRecords(store);
    expect(records.map((r) => r.seq)).toEqual([1, 2, 3, 4]);
    expect(await verifyAccessRecords(records)).toMatchObject({ ok: true, recordsChecked: 4 });
  });
});
