import { createHash } from 'node:crypto';
import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FileAccessLogStore } from '../../schema/access-log/file-store';
import { verifyAccessLog } from '../../schema/access-log/verify';
import { accessEntry, allRecords } from '../support/access-entries';

/**
 * A file store chains each batch on the head its last append left when the file is untouched
 * since, and reads the tail again when anyone else wrote, rotated or cut it: the chain never
 * breaks either way.
 */

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'access-appends-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const entries = (from: number, n: number) => Array.from({ length: n }, (_, i) => accessEntry(from + i));

describe('file store appends', () => {
  it('hash the UTF-8 bytes of each line: a client and operation named in Chinese verify', async () => {
    const store = new FileAccessLogStore({ file: path.join(dir, 'a.jsonl') });
    await store.append([{ ...accessEntry(1), clientName: '应急指挥平台', operationName: '危化企业详情' }]);
    await store.append([{ ...accessEntry(2), clientName: '应急指挥平台' }]);
    const text = await readFile(path.join(dir, 'a.jsonl'), 'utf8');
    const records = await allRecords(store);
    text
      .trim()
      .split('\n')
      .forEach((line, i) => expect(createHash('sha256').update(`${line.slice(0, line.indexOf(',"hash":"'))}}`, 'utf8').digest('hex')).toBe(records[i].hash));
    expect(await verifyAccessLog(store)).toMatchObject({ ok: true, recordsChecked: 2 });
  });

  it('chain on after another writer appended, after a rotation and after a cut partial line', async () => {
    const file = path.join(dir, 'a.jsonl');
    const one = new FileAccessLogStore({ file });
    const other = new FileAccessLogStore({ file });
    await one.append(entries(1, 3));
    await other.append(entries(4, 2));
    await one.append(entries(6, 2));
    await one.rotate();
    await one.append(entries(8, 1));
    await other.append(entries(9, 1));
    await appendFile(file, '{"at":"2026-'); // a writer that died mid-line
    await one.append(entries(10, 2));
    await one.append(entries(12, 1));
    const records = await allRecords(one);
    expect(records.map((r) => r.seq)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(records.map((r) => r.requestId)).toEqual(Array.from({ length: 12 }, (_, i) => `r${i + 1}`));
    expect(await verifyAccessLog(one)).toMatchObject({ ok: true, recordsChecked: 12 });
  });
});
