import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FileAccessLogStore } from '../../schema/access-log/file-store';
import { RedisAccessLogStore } from '../../schema/access-log/redis-store';
import { chainRecords } from '../../schema/access-log/record-hash';
import { storedLineLink } from '../../schema/access-log/stored-line';
import type { SegmentedAccessLogStore } from '../../schema/access-log/store';
import { verifyAccessLog } from '../../schema/access-log/verify';
import { headSigner } from '../../schema/registry/signing';
import { accessEntry, allRecords } from '../support/access-entries';
import { startRedisServer, type RedisServerHandle } from '../support/redis-server';
import { newSigningSeed } from '../support/signing-keys';
import { variedEntry } from '../support/varied-access';

/**
 * Records are stored as their canonical JSON with the hash and signature last, so that
 * verification hashes each stored line's bytes without parsing it; a line in another layout (an
 * older log, a copy re-encoded) is still checked by parsing, and an altered one is still found.
 */

const signer = headSigner(newSigningSeed());
const lineOf = (text: string, n: number) => text.split('\n')[n - 1];

async function linesOf(store: SegmentedAccessLogStore, segment: string): Promise<Buffer[]> {
  const lines: Buffer[] = [];
  for await (const chunk of store.readLines(segment)) lines.push(...chunk);
  return lines;
}

describe('stored access-record lines', () => {
  let dir: string;
  let redis: RedisServerHandle;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'access-lines-'));
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await redis.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('are the hashed canonical text with the hash and signature added last, in both stores', async () => {
    const file = new FileAccessLogStore({ file: path.join(dir, 'a.jsonl'), signer });
    const streams = new RedisAccessLogStore({ url: redis.url, prefix: 'lines:', signer });
    try {
      for (const store of [file, streams]) {
        await store.append(Array.from({ length: 40 }, (_, n) => variedEntry(n)));
        await store.append([{ ...accessEntry(41), released: [{ entry: 'HAZMAT_DETAIL', province: 'JS', records: 2, note: 'other shape' } as never] }]);
        const records = await allRecords(store);
        const lines = await linesOf(store, 'current');
        expect(lines).toHaveLength(41);
        lines.forEach((line, i) => {
          const record = records[i];
          const hashAt = line.indexOf(',"hash":"');
          expect(createHash('sha256').update(`${line.toString('utf8', 0, hashAt)}}`).digest('hex')).toBe(record.hash);
          expect(JSON.parse(line.toString('utf8'))).toEqual(record);
          expect(storedLineLink(line)).toEqual({ seq: record.seq, previousHash: record.previousHash, hash: record.hash, ...(record.signature ? { signature: record.signature } : {}) });
        });
        expect(records.filter((r) => r.signature).map((r) => r.seq)).toEqual([40, 41]);
        expect(await verifyAccessLog(store, signer)).toMatchObject({ ok: true, recordsChecked: 41 });
      }
    } finally {
      await streams.close();
    }
  });

  it('a line that is not in the stored layout is checked by parsing it: an older log verifies, and an edit in it is found', async () => {
    const fileName = path.join(dir, 'older.jsonl');
    const { records } = chainRecords(null, Array.from({ length: 20 }, (_, n) => variedEntry(n)), signer);
    await writeFile(fileName, records.map((r) => `${JSON.stringify(r)}\n`).join(''));
    const store = new FileAccessLogStore({ file: fileName, signer });
    expect(storedLineLink((await linesOf(store, 'current'))[0])).toBeNull();
    expect(await verifyAccessLog(store, signer)).toMatchObject({ ok: true, recordsChecked: 20 });
    await store.append([accessEntry(21)]);
    expect(await verifyAccessLog(store, signer)).toMatchObject({ ok: true, recordsChecked: 21 });
    const text = await readFile(fileName, 'utf8');
    await writeFile(fileName, text.replace(lineOf(text, 7), lineOf(text, 7).replace(/"records":(\d+)/, (_, n: string) => `"records":${Number(n) + 1}`)));
    expect(await verifyAccessLog(store, signer)).toMatchObject({ ok: false, firstBadRecord: '7' });
  });

  it('a line re-encoded with the same content still verifies; one with other content, or with a fresh hash, does not', async () => {
    const fileName = path.join(dir, 'edited.jsonl');
    const store = new FileAccessLogStore({ file: fileName, signer });
    await store.append([accessEntry(1), accessEntry(2), accessEntry(3)]);
    await store.append([accessEntry(4)]);
    const original = await readFile(fileName, 'utf8');
    await writeFile(fileName, original.replace(lineOf(original, 2), lineOf(original, 2).replace('"sub":"exchange-1"', '"sub":"exchange\\u002d1"')));
    expect(await verifyAccessLog(store, signer)).toMatchObject({ ok: true, recordsChecked: 4 });
    await writeFile(fileName, original.replace(lineOf(original, 2), lineOf(original, 2).replace('"sub":"exchange-1"', '"sub":"exchange-2"')));
    expect(await verifyAccessLog(store, signer)).toMatchObject({ ok: false, firstBadRecord: '2' });
    const edited = lineOf(original, 2).replace('"records":1', '"records":9');
    const hashAt = edited.indexOf(',"hash":"');
    const rehashed = `${edited.slice(0, hashAt + 9)}${createHash('sha256').update(`${edited.slice(0, hashAt)}}`).digest('hex')}"}`;
    expect(storedLineLink(Buffer.from(rehashed))).not.toBeNull();
    const line = Buffer.from(lineOf(original, 3));
    for (let cut = 1; cut < line.length; cut += 3) {
      expect(storedLineLink(line.subarray(0, cut))).toBeNull();
      expect(storedLineLink(line.subarray(cut))).toBeNull();
    }
    await writeFile(fileName, original.replace(lineOf(original, 2), rehashed));
    expect(await verifyAccessLog(store, signer)).toMatchObject({ ok: false, firstBadRecord: '3' });
  });
});
