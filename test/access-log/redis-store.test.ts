import { RedisAccessLogStore } from '../../schema/access-log/redis-store';
import { verifyAccessRecords } from '../../schema/access-log/verify';
import { headSigner } from '../../schema/registry/signing';
import { accessEntry, allRecords } from '../support/access-entries';
import { REDIS_BACKENDS, type RedisBackend } from '../support/redis-backends';

/** The access log in a Redis stream: one chain however many gateways append at once. */

describe.each(REDIS_BACKENDS)('the access log on Redis Streams (%s)', (_kind, start) => {
  let redis: RedisBackend;
  beforeAll(async () => {
    redis = await start();
  }, 60_000);
  afterAll(async () => {
    await redis.stop();
  });

  it('appends batches from concurrent writers into one valid, signed chain', async () => {
    const signer = headSigner(Buffer.alloc(32, 7).toString('base64'));
    const writers = [0, 1, 2].map(() => new RedisAccessLogStore({ url: redis.url, prefix: 'test-a:', signer }));
    await Promise.all(writers.map((w, i) => Promise.all(Array.from({ length: 5 }, (_, b) => w.append([accessEntry(i * 100 + b * 2), accessEntry(i * 100 + b * 2 + 1)])))));
    const records = await allRecords(writers[0]);
    expect(records).toHaveLength(30);
    expect(records.map((r) => r.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(await verifyAccessRecords(records, signer)).toMatchObject({ ok: true, recordsChecked: 30 });
    expect(await writers[1].head()).toEqual({ seq: 30, hash: records[29].hash });
    await Promise.all(writers.map((w) => w.close()));
  });

  it('scans past one chunk of the stream', async () => {
    const store = new RedisAccessLogStore({ url: redis.url, prefix: 'test-b:' });
    await store.append(Array.from({ length: 2500 }, (_, i) => accessEntry(i)));
    expect(await verifyAccessRecords(store.scan())).toMatchObject({ ok: true, recordsChecked: 2500 });
    await store.close();
  });
});
