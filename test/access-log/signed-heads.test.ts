import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FileAccessLogStore } from '../../schema/access-log/file-store';
import { chainEntries } from '../../schema/access-log/record-hash';
import { verifyAccessRecords } from '../../schema/access-log/verify';
import { accessEntry, allRecords } from '../support/access-entries';
import { runCli } from '../../schema/registry/cli';
import { headSigner } from '../../schema/registry/signing';
import { verify } from 'node:crypto';
import { newSigningSeed } from '../support/signing-keys';

/** The access log's heads signed with Ed25519: rewriting the whole chain with fresh hashes is detected. */

const seed = newSigningSeed;



describe('signed access-log heads', () => {
  let dir: string;
  const key = seed();
  const signer = headSigner(key);
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'access-signed-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('signs the head of each batch and verifies with the key', async () => {
    const store = new FileAccessLogStore({ file: path.join(dir, 'a.jsonl'), signer });
    await store.append([accessEntry(1), accessEntry(2)]);
    await store.append([accessEntry(3)]);
    const records = await allRecords(store);
    expect(records.map((r) => r.signature !== undefined)).toEqual([false, true, true]);
    expect(await verifyAccessRecords(records, signer)).toMatchObject({ ok: true, recordsChecked: 3 });
  });

  it('a chain rewritten whole with fresh hashes passes the hash check but not the signatures', async () => {
    const file = path.join(dir, 'b.jsonl');
    const store = new FileAccessLogStore({ file, signer });
    await store.append([accessEntry(1, 5), accessEntry(2, 7)]);
    const forged = chainEntries(null, [accessEntry(1, 1), accessEntry(2, 1)]);
    await writeFile(file, forged.map((r) => `${JSON.stringify(r)}\n`).join(''));
    expect(await verifyAccessRecords(store.scan())).toMatchObject({ ok: true });
    expect(await verifyAccessRecords(store.scan(), signer)).toMatchObject({ ok: false, firstBadRecord: '2' });
    const otherKey = headSigner(seed());
    const resigned = chainEntries(null, [accessEntry(1, 1), accessEntry(2, 1)], otherKey);
    await writeFile(file, resigned.map((r) => `${JSON.stringify(r)}\n`).join(''));
    expect(await verifyAccessRecords(store.scan(), signer)).toMatchObject({ ok: false, firstBadRecord: '2' });
  });

  it('`registry export-head` prints the access log head signed, with the public key', async () => {
    const file = path.join(dir, 'c.jsonl');
    const store = new FileAccessLogStore({ file, signer });
    const [, last] = await store.append([accessEntry(1), accessEntry(2)]);
    const out: string[] = [];
    const code = await runCli(['export-head', '--file', path.join(dir, 'history.jsonl')], { REGISTRY_SIGNING_KEY: key, ACCESS_LOG_FILE: file }, { out: (l) => out.push(l), err: (l) => out.push(l) });
    expect(code).toBe(0);
    const heads = JSON.parse(out.join('\n')) as { publicKey: string; schema: null; accessLog: { seq: number; hash: string; signature: string } };
    expect(heads.schema).toBeNull();
    expect(heads.accessLog).toMatchObject({ seq: 2, hash: last.hash });
    expect(verify(null, Buffer.from(last.hash), heads.publicKey, Buffer.from(heads.accessLog.signature, 'base64'))).toBe(true);
    expect(await readFile(file, 'utf8')).not.toContain(key);
    const refused = await runCli(['export-head', '--file', path.join(dir, 'history.jsonl')], { ACCESS_LOG_FILE: file }, { out: () => undefined, err: () => undefined });
    expect(refused).toBe(2);
  });
});
