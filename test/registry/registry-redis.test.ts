import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Cluster, default as Redis } from 'ioredis';
import { RedisRegistryStore } from '../../schema/registry/redis-store';
import { Registry } from '../../schema/registry/registry';
import { adminClient, REDIS_BACKENDS, storeKey, type RedisBackend } from '../support/redis-backends';

const fixture = (name: string) => readFile(path.join(__dirname, '../fixtures/registry', `${name}.graphql`), 'utf8');
const extraSdl = (i: number) => `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])\ntype Query { extra${i}: String }\n`;

describe.each(REDIS_BACKENDS)('Registry over a real Redis (%s)', (_kind, start) => {
  let redis: RedisBackend;
  let admin: Redis | Cluster;
  const key = (prefix: string, name: string) => storeKey(redis.url, prefix, name);
  const registries: Registry[] = [];
  let prefixCount = 0;

  const open = (prefix: string) => {
    const registry = new Registry(new RedisRegistryStore({ url: redis.url, prefix }));
    registries.push(registry);
    return registry;
  };
  const freshPrefix = () => `test${++prefixCount}:`;
  const threeVersions = async () => {
    const prefix = freshPrefix();
    const registry = open(prefix);
    await registry.publish({ subgraph: 'region', sdl: await fixture('region-v1'), by: 'ci' });
    await registry.publish({ subgraph: 'provinces', sdl: await fixture('province-v1'), by: 'ci' });
    await registry.publish({ subgraph: 'provinces', sdl: await fixture('province-field-added'), by: 'ci' });
    return { prefix, registry };
  };

  beforeAll(async () => {
    redis = await start();
    admin = adminClient(redis.url);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(registries.map((r) => r.close()));
    await admin.quit();
    await redis.stop();
  });

  it('20 concurrent publishes from four registries on separate connections end in a gapless, duplicate-free chain that lost no publish', async () => {
    const prefix = freshPrefix();
    const publishers = [open(prefix), open(prefix), open(prefix), open(prefix)];
    await publishers[0].publish({ subgraph: 'region', sdl: await fixture('region-v1'), by: 'ci' });

    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) => publishers[i % 4].publish({ subgraph: `extra${i}`, url: `http://127.0.0.1:1/${i}`, sdl: extraSdl(i), by: `publisher-${i % 4}` })),
    );

    expect(outcomes.map((o) => o.status)).toEqual(Array(20).fill('published'));
    const numbers = outcomes.map((o) => (o.status === 'published' ? o.version.number : 0)).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => i + 2));
    const history = await publishers[1].history();
    expect(history.map((v) => v.number)).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
    expect(new Set(history.map((v) => v.hash)).size).toBe(21);
    expect(await publishers[2].verify()).toEqual({ ok: true, versionsChecked: 21, firstBadVersion: null });
    const live = history[history.length - 1];
    expect(live.subgraphs.map((s) => s.name).sort()).toEqual([...Array.from({ length: 20 }, (_, i) => `extra${i}`), 'region'].sort());
    expect((await publishers[3].checks()).filter((c) => c.accepted).length).toBe(21);
  });

  it('announces each new live version to every store on the same prefix through pub/sub', async () => {
    const prefix = freshPrefix();
    const publisher = open(prefix);
    const watcher = open(prefix);
    const seen: number[] = [];
    watcher.onLiveVersion((n) => seen.push(n));
    await new Promise((resolve) => setTimeout(resolve, 200));
    await publisher.publish({ subgraph: 'region', sdl: await fixture('region-v1'), by: 'ci' });
    await publisher.publish({ subgraph: 'provinces', sdl: await fixture('province-v1'), by: 'ci' });
    const deadline = Date.now() + 2000;
    while (seen[seen.length - 1] !== 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(seen).toEqual([1, 2]);
  });

  it('verify detects a version edited in Redis', async () => {
    const { prefix, registry } = await threeVersions();
    expect(await registry.verify()).toEqual({ ok: true, versionsChecked: 3, firstBadVersion: null });

    const stored = await admin.lindex(key(prefix, 'versions'), 1);
    await admin.lset(key(prefix, 'versions'), 1, stored!.replace('"publishedBy":"ci"', '"publishedBy":"mallory"'));
    expect(await registry.verify()).toEqual({ ok: false, versionsChecked: 2, firstBadVersion: 2, cause: 'altered' });
  });

  it('verify detects the newest versions removed from Redis, by the head hash and the checks that name them', async () => {
    const { prefix, registry } = await threeVersions();
    const newest = await admin.rpop(key(prefix, 'versions'));
    expect(await registry.verify()).toEqual({ ok: false, versionsChecked: 2, firstBadVersion: 3, cause: 'missing' });

    await admin.rpop(key(prefix, 'checks'));
    expect(await registry.verify()).toEqual({ ok: false, versionsChecked: 2, firstBadVersion: 3, cause: 'missing' });
    await admin.rpush(key(prefix, 'versions'), newest!);
    expect(await registry.verify()).toEqual({ ok: true, versionsChecked: 3, firstBadVersion: null });
  });

  it('verify counts a version appended while it reads as present, never as missing', async () => {
    const prefix = freshPrefix();
    const [publisher, auditor] = [open(prefix), open(prefix)];
    await publisher.publish({ subgraph: 'region', sdl: await fixture('region-v1'), by: 'ci' });
    const publishes = Promise.all(Array.from({ length: 10 }, (_, i) => publisher.publish({ subgraph: `extra${i}`, url: `http://127.0.0.1:1/${i}`, sdl: extraSdl(i), by: 'ci' })));
    const verdicts = [];
    for (let i = 0; i < 20; i++) verdicts.push(await auditor.verify());
    await publishes;
    expect(verdicts.filter((v) => !v.ok)).toEqual([]);
  });

  it('refuses to append a version that is not the next one', async () => {
    const prefix = freshPrefix();
    const store = new RedisRegistryStore({ url: redis.url, prefix });
    registries.push(new Registry(store));
    const registry = open(prefix);
    const outcome = await registry.publish({ subgraph: 'region', sdl: await fixture('region-v1'), by: 'ci' });
    if (outcome.status !== 'published') throw new Error('expected a version');
    await expect(store.appendVersion(outcome.version, outcome.check)).rejects.toMatchObject({ code: 'VERSION_CONFLICT' });
    await expect(store.appendVersion({ ...outcome.version, number: 2 }, outcome.check)).rejects.toMatchObject({ code: 'VERSION_CONFLICT' });
    expect(await admin.llen(key(prefix, 'versions'))).toBe(1);
  });
});
