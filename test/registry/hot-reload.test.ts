import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RegistrySupergraphManager } from '../../gateway/registry/registry-supergraph';
import { FileRegistryStore } from '../../schema/registry/file-store';
import { RedisRegistryStore } from '../../schema/registry/redis-store';
import { Registry } from '../../schema/registry/registry';
import { startRedisServer, type RedisServerHandle } from '../support/redis-server';
import {
  GREETINGS_V1 as V1,
  GREETINGS_V2 as V2,
  nextUpdate,
  queryGreetings as query,
  sleep,
  startGreetings,
  startRegistryGateway as startGateway,
  type GreetingsAnswer as Answer,
  type Running,
} from '../support/registry-gateways';

/**
 * How fast a publish reaches the gateways is a figure of `npm run bench -- registry-propagation`
 * (bench/results/registry-propagation.md); here only that it reaches them, bounded so that a lost update fails.
 */
const REACH_BOUND_MS = 15_000;

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms`);
    await sleep(20);
  }
  return Date.now() - started;
}

const servesWorld = async (url: string) => (await query(url, '{ world }')).data?.world === 'world';

describe('hot reload of registry versions into running gateways', () => {
  let greetings: Running;
  const toStop: Running[] = [];
  const registries: Registry[] = [];

  beforeAll(async () => {
    greetings = await startGreetings();
  });

  afterAll(async () => {
    for (const r of toStop.reverse()) await r.stop();
    await Promise.all(registries.map((r) => r.close()));
    await greetings.stop();
  });

  describe('two gateways on one Redis', () => {
    let redis: RedisServerHandle;
    beforeAll(async () => {
      redis = await startRedisServer();
    });
    afterAll(async () => {
      for (const r of toStop.splice(0).reverse()) await r.stop();
      await Promise.all(registries.splice(0).map((r) => r.close()));
      await redis.stop();
    });

    const open = () => {
      const registry = new Registry(new RedisRegistryStore({ url: redis.url, prefix: 'hot:' }));
      registries.push(registry);
      return registry;
    };

    it('a publish reaches both while every request in flight during the reload succeeds', async () => {
      const publisher = open();
      expect((await publisher.publish({ subgraph: 'greetings', url: greetings.url, sdl: V1, by: 'ci' })).status).toBe('published');
      const a = await startGateway(open());
      const b = await startGateway(open());
      toStop.push(a, b);
      expect((await query(a.url, '{ world }')).errors?.[0].message).toMatch(/Cannot query field "world"/);
      expect(await servesWorld(b.url)).toBe(false);

      const inFlight = Array.from({ length: 10 }, (_, i) => query(i % 2 ? a.url : b.url, '{ slow(ms: 700) }'));
      let streaming = true;
      const streamed: Promise<Answer>[] = [];
      const stream = (async () => {
        while (streaming) {
          streamed.push(query(streamed.length % 2 ? a.url : b.url, '{ hello }'));
          await sleep(20);
        }
      })();
      await sleep(100);

      const reached = Promise.all([nextUpdate(a.manager, REACH_BOUND_MS), nextUpdate(b.manager, REACH_BOUND_MS)]);
      const outcome = await publisher.publish({ subgraph: 'greetings', sdl: V2, by: 'ci' });
      expect(outcome.status).toBe('published');
      await reached;
      expect(await servesWorld(a.url)).toBe(true);
      expect(await servesWorld(b.url)).toBe(true);
      expect(a.manager.versionNumber).toBe(2);
      expect(b.manager.versionNumber).toBe(2);

      await sleep(100);
      streaming = false;
      await stream;
      const answers = await Promise.all([...inFlight, ...streamed]);
      expect(streamed.length).toBeGreaterThan(10);
      expect(answers.filter((x) => x.errors)).toEqual([]);
      expect(answers.slice(0, 10).map((x) => x.data?.slow)).toEqual(Array(10).fill('slept 700'));
    });

    it('a gateway that starts later serves the live version, and a rollback reloads the earlier schema', async () => {
      const c = await startGateway(open());
      toStop.push(c);
      expect(await servesWorld(c.url)).toBe(true);
      const publisher = open();
      expect((await publisher.rollback(1, 'oncall')).status).toBe('published');
      await waitUntil(async () => c.manager.versionNumber === 3, REACH_BOUND_MS);
      expect(await servesWorld(c.url)).toBe(false);
    });
  });

  describe('without Redis', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'registry-hot-'));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('reloads in process when the gateway shares the registry, and from another process through the file', async () => {
      const file = path.join(dir, 'history.jsonl');
      const shared = new Registry(new FileRegistryStore({ file }));
      const other = new Registry(new FileRegistryStore({ file, watchIntervalMs: 100 }));
      registries.push(shared, other);
      await shared.publish({ subgraph: 'greetings', url: greetings.url, sdl: V1, by: 'ci' });
      const inProcess = await startGateway(shared);
      const watching = await startGateway(other);
      toStop.push(inProcess, watching);

      const reached = Promise.all([nextUpdate(inProcess.manager, REACH_BOUND_MS), nextUpdate(watching.manager, REACH_BOUND_MS)]);
      await shared.publish({ subgraph: 'greetings', sdl: V2, by: 'ci' });
      await reached;
      expect(await servesWorld(inProcess.url)).toBe(true);
      expect(await servesWorld(watching.url)).toBe(true);
    });

    it('with a wait, starts a gateway on an empty registry once the first version is published, and refuses when none comes', async () => {
      const file = path.join(dir, 'first.jsonl');
      const empty = new Registry(new FileRegistryStore({ file, watchIntervalMs: 50 }));
      const publisher = new Registry(new FileRegistryStore({ file }));
      registries.push(empty, publisher);
      const manager = new RegistrySupergraphManager({ registry: empty, waitForFirstMs: 10_000 });
      const hooks = { update: () => undefined, healthCheck: async () => undefined, getDataSource: () => { throw new Error('unused'); } };
      const started = manager.initialize(hooks);
      await new Promise((r) => setTimeout(r, 200));
      expect(manager.versionNumber).toBeNull();
      const published = await publisher.publish({ subgraph: 'greetings', url: greetings.url, sdl: V1, by: 'ci' });
      const loaded = await started;
      expect(manager.versionNumber).toBe('version' in published ? published.version.number : -1);
      expect(loaded.supergraphSdl).toContain('hello');
      await loaded.cleanup();

      const never = new RegistrySupergraphManager({ registry: new Registry(new FileRegistryStore({ file: path.join(dir, 'never.jsonl') })), waitForFirstMs: 300 });
      await expect(never.initialize(hooks)).rejects.toMatchObject({ code: 'REGISTRY_EMPTY' });
    });

    it('refuses to start a gateway on an empty registry', async () => {
      const empty = new Registry(new FileRegistryStore({ file: path.join(dir, 'empty.jsonl') }));
      registries.push(empty);
      const manager = new RegistrySupergraphManager({ registry: empty });
      await expect(manager.initialize({ update: () => undefined, healthCheck: async () => undefined, getDataSource: () => { throw new Error('unused'); } })).rejects.toMatchObject({ code: 'REGISTRY_EMPTY' });
    });
  });
});
