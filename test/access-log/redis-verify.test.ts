import { RedisAccessLogStore } from '../../schema/access-log/redis-store';
import { chainRecords } from '../../schema/access-log/record-hash';
import { StreamLineReader } from '../../schema/access-log/stream-line-reader';
import { verifyAccessLog } from '../../schema/access-log/verify';
import { parseRedisUrl } from '../../schema/cache/redis-connection';
import { headSigner } from '../../schema/registry/signing';
import { adminClient, REDIS_BACKENDS, storeKey, type RedisBackend } from '../support/redis-backends';
import { startRedisServer } from '../support/redis-server';
import { newSigningSeed } from '../support/signing-keys';
import { variedEntry } from '../support/varied-access';

/**
 * Verification of a log kept in Redis Streams, as read for it (a reader of its own on one node,
 * several XRANGEs asked ahead): every record across chunks and segments is checked, an altered
 * record and a chain rewritten with fresh hashes are found, on one node and on a cluster.
 */

const signer = headSigner(newSigningSeed());
const entries = (from: number, n: number) => Array.from({ length: n }, (_, i) => variedEntry(from + i));

/** Replaces the stream's entries (same ids) with `lines`, or edits one line in place: what someone with write access to Redis could do. */
async function rewriteStream(url: string, key: string, edit: (line: string, index: number) => string): Promise<void> {
  const admin = adminClient(url);
  try {
    const stored = (await admin.xrange(key, '-', '+')) as [string, string[]][];
    await admin.del(key);
    for (const [index, [id, fields]] of stored.entries()) await admin.xadd(key, id, 'r', edit(fields[1], index));
  } finally {
    admin.disconnect();
  }
}

describe.each(REDIS_BACKENDS)('verifying the access log on %s', (_kind, start) => {
  let redis: RedisBackend;
  beforeAll(async () => {
    redis = await start();
  }, 60_000);
  afterAll(async () => {
    await redis.stop();
  });

  it('checks every record across XRANGE chunks and segments, and finds one altered record by its position', async () => {
    const store = new RedisAccessLogStore({ url: redis.url, prefix: 'verify-a:', signer });
    try {
      await store.append(entries(0, 1200));
      await store.rotate();
      await store.append(entries(1200, 1301));
      expect(await verifyAccessLog(store, signer)).toMatchObject({ ok: true, recordsChecked: 2501, firstBadRecord: null });
      await rewriteStream(redis.url, storeKey(redis.url, 'verify-a:', 'records'), (line, i) => (i === 700 ? line.replace(/"records":(\d+)/, (_, n: string) => `"records":${Number(n) + 1}`) : line));
      expect(await verifyAccessLog(store, signer)).toMatchObject({ ok: false, firstBadRecord: '1901' });
      await rewriteStream(redis.url, storeKey(redis.url, 'verify-a:', 'segment-1'), (line, i) => (i === 3 ? line.replace('"outcome":"OK"', '"outcome":"FORBIDDEN"') : line));
      expect(await verifyAccessLog(store, signer)).toMatchObject({ ok: false, firstBadRecord: '4' });
    } finally {
      await store.close();
    }
  });

  it('a chain rewritten whole with fresh hashes verifies without the key, and fails on the signatures with it', async () => {
    const store = new RedisAccessLogStore({ url: redis.url, prefix: 'verify-b:', signer });
    try {
      await store.append(entries(0, 600));
      await store.append(entries(600, 300));
      expect(await verifyAccessLog(store, signer)).toMatchObject({ ok: true, recordsChecked: 900 });
      const forged = chainRecords(null, entries(0, 900).map((e) => ({ ...e, sub: 'someone-else' })), headSigner(newSigningSeed())).lines;
      await rewriteStream(redis.url, storeKey(redis.url, 'verify-b:', 'records'), (_line, i) => forged[i]);
      expect(await verifyAccessLog(store, null)).toMatchObject({ ok: true, recordsChecked: 900 });
      expect(await verifyAccessLog(store, signer)).toMatchObject({ ok: false, firstBadRecord: '900' });
    } finally {
      await store.close();
    }
  });
});

describe('the verification reader of one Redis node', () => {
  it('fails a read with a code when Redis is gone, and the store reads through a new connection once Redis is back', async () => {
    const redis = await startRedisServer();
    const store = new RedisAccessLogStore({ url: redis.url, prefix: 'verify-c:', signer });
    try {
      await store.append(entries(0, 40));
      expect(await verifyAccessLog(store, signer)).toMatchObject({ ok: true, recordsChecked: 40 });
      await redis.stop();
      const orphan = new StreamLineReader(parseRedisUrl(redis.url));
      await expect(orphan.xrange('verify-c:records', '-', 10)).rejects.toMatchObject({ code: 'ACCESS_LOG_READ' });
      expect(orphan.failed).toBe(true);
      await redis.start();
      await store.append(entries(40, 2));
      expect(await verifyAccessLog(store, signer)).toMatchObject({ ok: true, recordsChecked: 2 });
    } finally {
      await store.close();
      await redis.stop();
    }
  });

  it('reports what Redis refuses, and answers its reads in order on one connection', async () => {
    const redis = await startRedisServer();
    const reader = new StreamLineReader(parseRedisUrl(redis.url));
    const admin = adminClient(redis.url);
    try {
      await admin.set('not-a-stream', 'x');
      await Promise.all(['a', 'b'].map((id, n) => admin.xadd('s', `${n + 1}-0`, 'r', `line ${id}`)));
      const [first, refused, all] = await Promise.allSettled([reader.xrange('s', '-', 1), reader.xrange('not-a-stream', '-', 1), reader.xrange('s', '-', 10)]);
      expect(first).toMatchObject({ status: 'fulfilled', value: { lastId: '1-0' } });
      expect(refused).toMatchObject({ status: 'rejected', reason: { code: 'ACCESS_LOG_READ' } });
      expect(all.status === 'fulfilled' && all.value.lines.map(String)).toEqual(['line a', 'line b']);
      expect(await reader.xrange('s', '(2-0', 10)).toEqual({ lines: [], lastId: null });
    } finally {
      reader.close();
      admin.disconnect();
      await redis.stop();
    }
  });
});
