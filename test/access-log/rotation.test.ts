import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AccessLogIndex } from '../../schema/access-log/access-index';
import { parseRecord } from '../../schema/access-log/jsonl-reader';
import type { SegmentedAccessLogStore } from '../../schema/access-log/store';
import { verifyAccessLog, verifySegment } from '../../schema/access-log/verify';
import { runCli } from '../../schema/registry/cli';
import { headSigner } from '../../schema/registry/signing';
import { accessEntry, allRecords } from '../support/access-entries';
import { segmentedStores } from '../support/segmented-stores';
import { newSigningSeed } from '../support/signing-keys';

/**
 * Rotation by checkpoints: a segment closes with a signed checkpoint (last hash, count, time), the
 * chain goes on from it, and closed segments can be archived and removed while what remains still
 * verifies and a removed segment is reported as removed, in the file store and in Redis Streams.
 */

const key = newSigningSeed();
const signer = headSigner(key);
const batch = (from: number, n: number) => Array.from({ length: n }, (_, i) => accessEntry(from + i));

describe.each([
  ['the file store', 'file'],
  ['Redis Streams', 'redis'],
  ['Redis Streams on a Redis Cluster', 'cluster'],
] as const)('access-log rotation in %s', (_, kind) => {
  const stores = segmentedStores(kind, 'rotation');
  const open = (signing = signer): SegmentedAccessLogStore => stores.open(signing);

  it('closes a segment with a signed checkpoint and chains the next records from it', async () => {
    const store = open();
    await store.append(batch(1, 3));
    const last = (await store.append(batch(4, 2)))[1];
    const checkpoint = await store.rotate(new Date('2026-12-01T00:00:00Z'));
    expect(checkpoint).toMatchObject({ segment: 1, firstSeq: 1, lastSeq: 5, count: 5, lastHash: last.hash, closedAt: '2026-12-01T00:00:00.000Z', previousHash: null });
    expect(signer.verify(checkpoint?.hash ?? '', checkpoint?.signature ?? '')).toBe(true);
    expect(await store.rotate()).toBeNull();
    const [next] = await store.append(batch(6, 1));
    expect(next).toMatchObject({ seq: 6, previousHash: last.hash });
    expect(await store.head()).toEqual({ seq: 6, hash: next.hash });
    expect((await allRecords(store)).map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await verifyAccessLog(store, signer)).toEqual({
      ok: true,
      recordsChecked: 6,
      firstBadRecord: null,
      segments: [
        { segment: 1, firstSeq: 1, lastSeq: 5, count: 5, closedAt: '2026-12-01T00:00:00.000Z', state: 'VERIFIED' },
        { segment: null, firstSeq: 6, lastSeq: 6, count: 1, closedAt: null, state: 'VERIFIED' },
      ],
    });
    await store.close();
  });

  it('after a segment is archived and removed, the rest verifies from its checkpoint and the removal shows; the archive verifies on its own', async () => {
    const store = open();
    await store.append(batch(1, 4));
    const first = await store.rotate();
    await store.append(batch(5, 3));
    await store.rotate();
    await store.append(batch(8, 2));
    const archive = path.join(stores.dir, `archive-${stores.count}.jsonl`);
    await store.archiveSegment(1, archive);
    await store.removeSegment(1);
    const verification = await verifyAccessLog(store, signer);
    expect(verification).toMatchObject({ ok: true, recordsChecked: 5, firstBadRecord: null });
    expect(verification.segments.map((s) => [s.segment, s.firstSeq, s.lastSeq, s.state])).toEqual([
      [1, 1, 4, 'REMOVED'],
      [2, 5, 7, 'VERIFIED'],
      [null, 8, 9, 'VERIFIED'],
    ]);
    expect((await allRecords(store)).map((r) => r.seq)).toEqual([5, 6, 7, 8, 9]);
    const archived = (await readFile(archive, 'utf8')).split('\n').filter(Boolean).map(parseRecord);
    expect(first && (await verifySegment(archived, first, null, signer))).toEqual({ ok: true, recordsChecked: 4, firstBadRecord: null });
    expect(first && (await verifySegment(archived.slice(0, 3), first, null, signer))).toMatchObject({ ok: false, firstBadRecord: '4' });
    const index = new AccessLogIndex(store);
    expect((await index.search({}, 10)).records.map((r) => r.seq)).toEqual([9, 8, 7, 6, 5]);
    await store.close();
  });

  it('verified with another key, or written with another key, the checkpoints fail', async () => {
    const store = open();
    await store.append(batch(1, 2));
    await store.rotate();
    await store.append(batch(3, 2));
    await store.rotate();
    await store.append(batch(5, 1));
    expect(await verifyAccessLog(store, signer)).toMatchObject({ ok: true });
    expect(await verifyAccessLog(store, headSigner(newSigningSeed()))).toMatchObject({ ok: false, firstBadRecord: '1', segments: [{ segment: 1, state: 'BAD' }] });
    await store.close();

    const otherKeyWriter = open(headSigner(newSigningSeed()));
    await otherKeyWriter.append(batch(1, 2));
    await otherKeyWriter.rotate();
    await otherKeyWriter.append(batch(3, 1));
    expect(await verifyAccessLog(otherKeyWriter, signer)).toMatchObject({ ok: false, firstBadRecord: '1' });
    await otherKeyWriter.close();
  });

  if (kind === 'file') {
    it('a crash between the checkpoint and the rename is finished by the next writer', async () => {
      const store = open();
      const file = path.join(stores.dir, `log-${stores.count}.jsonl`);
      await store.append(batch(1, 2));
      const checkpoint = await store.rotate(new Date('2026-12-02T00:00:00Z'));
      const segmentFile = path.join(stores.dir, `log-${stores.count}.segment-1.jsonl`);
      await writeFile(file, await readFile(segmentFile));
      await rm(segmentFile);
      await store.append(batch(3, 1));
      expect(await readFile(segmentFile, 'utf8')).toContain(checkpoint?.lastHash);
      expect(await verifyAccessLog(store, signer)).toMatchObject({ ok: true, recordsChecked: 3, segments: [{ state: 'VERIFIED' }, { state: 'VERIFIED', firstSeq: 3 }] });
    });

    it('`registry access-rotate`, `access-remove N --archive FILE` and `access-verify` do the same from the command line', async () => {
      const store = open();
      const env = { ACCESS_LOG_FILE: path.join(stores.dir, `log-${stores.count}.jsonl`), REGISTRY_SIGNING_KEY: key };
      const cli = async (...args: string[]) => {
        const out: string[] = [];
        const code = await runCli([...args, '--file', path.join(stores.dir, 'history.jsonl')], env, { out: (l) => out.push(l), err: (l) => out.push(l) });
        return { code, out };
      };
      await store.append(batch(1, 3));
      expect(await cli('access-rotate')).toMatchObject({ code: 0, out: [expect.stringContaining('closed segment 1: records 1–3')] });
      await store.append(batch(4, 1));
      const archive = path.join(stores.dir, `cli-archive-${stores.count}.jsonl`);
      expect(await cli('access-remove', '1', '--archive', archive)).toEqual({ code: 0, out: [`segment 1 removed (archived to ${archive})`] });
      expect((await readFile(archive, 'utf8')).split('\n').filter(Boolean)).toHaveLength(3);
      expect(await cli('access-verify')).toEqual({ code: 0, out: ['ok: 1 records verified', '  segment 1: records 1–3 REMOVED', '  current: records 4–4 VERIFIED'] });
      await writeFile(env.ACCESS_LOG_FILE, (await readFile(env.ACCESS_LOG_FILE, 'utf8')).replace('"records":1', '"records":9'));
      expect(await cli('access-verify')).toMatchObject({ code: 1, out: ['TAMPERED: record 4', '  segment 1: records 1–3 REMOVED', '  current: records 4–- BAD'] });
    });

    it('a segment removed together with its checkpoint is found as a gap', async () => {
      const store = open();
      const base = path.join(stores.dir, `log-${stores.count}`);
      await store.append(batch(1, 2));
      await store.rotate();
      await store.append(batch(3, 2));
      await store.rotate();
      await store.append(batch(5, 1));
      const lines = (await readFile(`${base}.checkpoints.jsonl`, 'utf8')).split('\n').filter(Boolean);
      await writeFile(`${base}.checkpoints.jsonl`, `${lines[1]}\n`);
      await rm(`${base}.segment-1.jsonl`);
      expect(await verifyAccessLog(store, signer)).toMatchObject({ ok: false, firstBadRecord: '3', segments: [{ segment: 2, state: 'BAD' }] });
    });
  }
});
