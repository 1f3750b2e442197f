import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import { openSharedCache } from '../../schema/cache/open-shared-cache';
import { loadSharedCacheOptions } from '../../schema/config/shared-config';
import { InProcessCache } from '../../schema/cache/in-process-cache';
import { RedisCache } from '../../schema/cache/redis-cache';
import { parseRedisUrl } from '../../schema/cache/redis-connection';
import { ResilientCache } from '../../schema/cache/resilient-cache';
import { DeadlineError } from '../../schema/with-deadline';
import { freePort, startRedisServer, type RedisServerHandle } from '../support/redis-server';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('InProcessCache', () => {
  it('keeps at most maxEntries, dropping the least recently used', async () => {
    const cache = new InProcessCache({ maxEntries: 2 });
    await cache.set('a', 1, 60_000);
    await cache.set('b', 2, 60_000);
    await cache.get('a');
    await cache.set('c', 3, 60_000);
    expect(await cache.getMany(['a', 'b', 'c'])).toEqual([1, undefined, 3]);
    expect(cache.state).toBe('memory');
  });

  it('forgets an entry after its TTL', async () => {
    const cache = new InProcessCache();
    await cache.set('k', { v: 1 }, 40);
    expect(await cache.get('k')).toEqual({ v: 1 });
    await sleep(80);
    expect(await cache.get('k')).toBeUndefined();
  });
});

describe('leases', () => {
  it('InProcessCache: one holder at a time until it releases or the lease runs out; a stale token releases nothing', async () => {
    const cache = new InProcessCache();
    const first = await cache.lease('sync', 60);
    expect(first).toEqual(expect.any(String));
    expect(await cache.lease('sync', 60)).toBeNull();
    await cache.release('sync', 'not-the-holder');
    expect(await cache.lease('sync', 60)).toBeNull();
    await cache.release('sync', first as string);
    const second = await cache.lease('sync', 60);
    expect(second).toEqual(expect.any(String));
    await sleep(80);
    expect(await cache.lease('sync', 60)).toEqual(expect.any(String));
  });
});

describe('parseRedisUrl', () => {
  it('reads one server, with credentials and database', () => {
    expect(parseRedisUrl('redis://127.0.0.1:6380')).toEqual({ cluster: false, tls: false, nodes: [{ host: '127.0.0.1', port: 6380 }] });
    expect(parseRedisUrl('rediss://user:p%40ss@cache.local/2')).toEqual({ cluster: false, tls: true, nodes: [{ host: 'cache.local', port: 6379 }], username: 'user', password: 'p@ss', db: 2 });
  });

  it('reads a cluster from redis+cluster:// or from the REDIS_CLUSTER flag', () => {
    expect(parseRedisUrl('redis+cluster://:secret@h1:7000,h2:7001')).toEqual({ cluster: true, tls: false, nodes: [{ host: 'h1', port: 7000 }, { host: 'h2', port: 7001 }], password: 'secret' });
    expect(parseRedisUrl('redis://h1:7000', true).cluster).toBe(true);
    expect(parseRedisUrl('redis://h1:7000,h2:7001', true).nodes).toEqual([{ host: 'h1', port: 7000 }, { host: 'h2', port: 7001 }]);
  });

  it('refuses several nodes without cluster, and what is not a Redis URL', () => {
    expect(() => parseRedisUrl('redis://h1:7000,h2:7001')).toThrow(/redis\+cluster/);
    expect(() => parseRedisUrl('http://h1:7000')).toThrow(/REDIS_URL/);
  });
});

describe('RedisCache and ResilientCache against a real redis-server', () => {
  let redis: RedisServerHandle;
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('stores JSON under the prefix with an expiry, and reads several keys at once', async () => {
    const cache = new RedisCache({ url: redis.url, keyPrefix: 'unit:' });
    try {
      expect(await cache.ready(5000)).toBe(true);
      await cache.set('a', { n: 1, s: '长三角' }, 60_000);
      // Long enough to outlast the reads below on a loaded machine; waited out after them.
      await cache.set('short', 'x', 1000);
      expect(await cache.getMany(['a', 'missing', 'short'])).toEqual([{ n: 1, s: '长三角' }, undefined, 'x']);
      const raw = new Redis(redis.port, '127.0.0.1');
      expect(JSON.parse((await raw.get('unit:a')) as string)).toEqual({ n: 1, s: '长三角' });
      expect(await raw.pttl('unit:a')).toBeGreaterThan(59_000);
      raw.disconnect();
      await sleep(1100);
      expect(await cache.get('short')).toBeUndefined();
    } finally {
      await cache.close();
    }
  });

  it('leases a key to one of several processes, until the holder releases it or the lease expires', async () => {
    const caches = [0, 1].map(() => new ResilientCache(new RedisCache({ url: redis.url, keyPrefix: 'lease:' })));
    try {
      for (const c of caches) expect(await c.remote.ready(5000)).toBe(true);
      // Held until released: a short lease could run out between these calls on a loaded machine.
      const tokens = await Promise.all(caches.map((c) => c.lease('sync', 60_000)));
      expect(tokens.filter((t) => t !== null)).toHaveLength(1);
      const holder = tokens[0] === null ? 1 : 0;
      await caches[1 - holder].release('sync', 'not-the-holder');
      expect(await caches[1 - holder].lease('sync', 60_000)).toBeNull();
      await caches[holder].release('sync', tokens[holder] as string);
      const next = await caches[1 - holder].lease('sync', 100);
      expect(next).toEqual(expect.any(String));
      await sleep(150);
      expect(await caches[holder].lease('sync', 100)).toEqual(expect.any(String));
    } finally {
      for (const c of caches) await c.close();
    }
  });

  it('fails fast while Redis is down, reports it, and reconnects by itself; the resilient cache never fails', async () => {
    const remote = new RedisCache({ url: redis.url, keyPrefix: 'outage:', commandTimeoutMs: 200 });
    const cache = new ResilientCache(remote, new InProcessCache());
    try {
      await remote.ready(5000);
      await cache.set('kept', 'before', 60_000);
      const down = new Promise<void>((resolve) => remote.onStateChange((state) => state === 'down' && resolve()));
      await redis.stop();
      await down;
      expect(cache.state).toBe('down');
      // Fast: refused by the client at once, not after waiting out the command deadline.
      const refused = await remote.get('kept').then(() => null, (e: unknown) => e);
      expect(refused).toBeInstanceOf(Error);
      expect(refused).not.toBeInstanceOf(DeadlineError);
      expect(await cache.get('kept')).toBe('before');
      await cache.set('during', 'memory', 60_000);
      expect(await cache.getMany(['kept', 'during'])).toEqual(['before', 'memory']);

      await redis.start();
      expect(await remote.ready(10_000)).toBe(true);
      expect(remote.reconnects).toBe(1);
      expect(await cache.get('kept')).toBe('before');
      await cache.set('after', 'shared', 60_000);
      const raw = new Redis(redis.port, '127.0.0.1');
      expect(await raw.get('outage:after')).toBe('"shared"');
      raw.disconnect();
    } finally {
      await cache.close();
    }
  });

  /** A cache keeping a 150 ms command deadline in front of memory, connected, with a connection of the test's own to pause Redis under it; Redis runs again afterwards. */
  async function withPausableRedis(keyPrefix: string, step: (cache: ResilientCache, admin: Redis) => Promise<void>): Promise<void> {
    const remote = new RedisCache({ url: redis.url, keyPrefix, commandTimeoutMs: 150 });
    const cache = new ResilientCache(remote, new InProcessCache());
    const admin = new Redis(redis.port, '127.0.0.1');
    try {
      await remote.ready(5000);
      await step(cache, admin);
    } finally {
      admin.disconnect();
      await cache.close();
      if (!redis.running) await redis.start();
    }
  }

  it('a slow Redis costs at most the command timeout: memory answers instead', () =>
    withPausableRedis('slow:', async (cache, admin) => {
      await cache.set('k', 'v', 60_000);
      // Redis answers nothing for PAUSE_MS. A cache that waited for it would take that long per call; one that
      // keeps its deadline takes 150 ms each, plus whatever a loaded machine adds to a timer (far below PAUSE_MS).
      const PAUSE_MS = 4000;
      await admin.call('CLIENT', 'PAUSE', String(PAUSE_MS), 'ALL');
      const started = Date.now();
      expect(await cache.get('k')).toBe('v');
      const afterGet = Date.now();
      await cache.set('k2', 'v2', 60_000);
      const afterSet = Date.now();
      expect(cache.fallbacks).toBe(2);
      for (const ms of [afterGet - started, afterSet - afterGet]) {
        expect(ms).toBeGreaterThanOrEqual(140);
        expect(ms).toBeLessThan(PAUSE_MS / 4);
      }
    }));

  it('says whether Redis got a write or a release: true when it answered, false past the deadline (paused) or while it is down; memory is a store of its own', () =>
    withPausableRedis('told:', async (cache, admin) => {
      expect(await cache.set('k', 'v', 60_000)).toBe(true);
      const token = (await cache.lease('sync', 60_000)) as string;
      expect(token).toEqual(expect.any(String));
      await admin.call('CLIENT', 'PAUSE', '1000', 'ALL');
      expect(await cache.set('paused', 'v', 60_000)).toBe(false);
      expect(await cache.release('sync', token)).toBe(false);
      await admin.call('CLIENT', 'UNPAUSE');
      expect(await cache.release('sync', token)).toBe(true);
      expect(await admin.exists('told:sync')).toBe(0);
      await redis.stop();
      await sleep(100);
      expect(await cache.set('down', 'v', 60_000)).toBe(false);
      expect(await cache.get('down')).toBe('v');
      expect(await new InProcessCache().set('k', 'v', 60_000)).toBe(true);
    }));

  it('the configured cache: memory without REDIS_URL, Redis behind memory with it', async () => {
    const memory = openSharedCache(loadSharedCacheOptions({}));
    expect(memory).toBeInstanceOf(InProcessCache);
    const shared = openSharedCache(loadSharedCacheOptions({ REDIS_URL: redis.url, CACHE_KEY_PREFIX: 'env:' }));
    try {
      expect(shared).toBeInstanceOf(ResilientCache);
      expect(await (shared as ResilientCache).remote.ready(5000)).toBe(true);
      expect(shared.state).toBe('up');
    } finally {
      await shared.close();
    }
  });
});

describe('RedisCache against a one-node Redis Cluster', () => {
  let child: ChildProcess;
  let dir: string;
  let port: number;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'redis-cluster-'));
    port = await freePort();
    child = spawn(process.env.REDIS_SERVER_BIN ?? '/usr/bin/redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--cluster-enabled', 'yes', '--cluster-announce-ip', '127.0.0.1', '--cluster-config-file', path.join(dir, 'nodes.conf'), '--dir', dir, '--save', '', '--appendonly', 'no', '--loglevel', 'warning'], { stdio: 'ignore' });
    const admin = new Redis(port, '127.0.0.1', { retryStrategy: (n) => (n > 50 ? null : 100) });
    try {
      await admin.call('CLUSTER', 'ADDSLOTSRANGE', '0', '16383');
      for (let i = 0; i < 100 && !String(await admin.call('CLUSTER', 'INFO')).includes('cluster_state:ok'); i++) await sleep(100);
    } finally {
      admin.disconnect();
    }
  }, 20_000);
  afterAll(async () => {
    child?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves keys of different slots through a redis+cluster:// URL', async () => {
    const cache = new RedisCache({ url: `redis+cluster://127.0.0.1:${port}`, keyPrefix: 'cluster:' });
    try {
      expect(await cache.ready(10_000)).toBe(true);
      const keys = ['legacy:SH:replica:bases', 'legacy:JS:replica:bases', 'apq:abc', 'legacy:AH:track:x'];
      for (const [i, k] of keys.entries()) await cache.set(k, { i }, 60_000);
      expect(await cache.getMany(keys)).toEqual(keys.map((_, i) => ({ i })));
    } finally {
      await cache.close();
    }
  });
});
