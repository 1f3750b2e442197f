import { type ChildProcess } from 'node:child_process';
import { RedisRegistryStore } from '../../schema/registry/redis-store';
import { Registry } from '../../schema/registry/registry';
import { startRegionSubgraph } from '../../subgraphs/region/server';
import { startRegistrySubgraph } from '../../subgraphs/registry/registry-subgraph';
import { startGatewayProcesses } from '../support/gateway-processes';
import { releaseBuild, sharedBuild } from '../support/shared-build';
import { startRedisServer, type RedisServerHandle } from '../support/redis-server';

/**
 * Two gateway processes serving the registry's live version from one Redis: a publish reaches
 * both within 2 s (Redis pub/sub), and requests in flight during the reload all succeed.
 */

let outDir: string;
let redis: RedisServerHandle;
let registry: Registry;
const closers: (() => Promise<void>)[] = [];
const gateways: { url: string; child: ChildProcess }[] = [];

async function sdlOf(url: string): Promise<string> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ _service { sdl } }"}' });
  return ((await res.json()) as { data: { _service: { sdl: string } } }).data._service.sdl;
}

async function ask(url: string, query: string): Promise<{ status: number; body: { data?: Record<string, unknown>; errors?: unknown[] } }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  return { status: res.status, body: (await res.json()) as { data?: Record<string, unknown>; errors?: unknown[] } };
}

let regionUrl: string;
let registrySubgraphUrl: string;

beforeAll(async () => {
  const build = sharedBuild('two-gateways');
  redis = await startRedisServer();
  registry = new Registry(new RedisRegistryStore({ url: redis.url }));
  const region = await startRegionSubgraph({ port: 0 });
  closers.push(() => region.close());
  regionUrl = region.url;
  const registrySubgraph = await startRegistrySubgraph({ registry, port: 0 });
  closers.push(() => registrySubgraph.close());
  registrySubgraphUrl = registrySubgraph.url;
  const first = await registry.publish({ subgraph: 'region', url: regionUrl, sdl: await sdlOf(regionUrl), by: 'test' });
  expect(first.status).toBe('published');
  outDir = await build;
  gateways.push(...(await startGatewayProcesses(outDir, 2, { SUPERGRAPH_SOURCE: 'registry', REDIS_URL: redis.url, REGION_URL: regionUrl, LOG_LEVEL: 'warn' })));
}, 120_000);

afterAll(async () => {
  for (const g of gateways) g.child.kill('SIGTERM');
  await Promise.all(gateways.map((g) => new Promise<void>((resolve) => (g.child.exitCode !== null ? resolve() : g.child.once('exit', () => resolve())))));
  for (const close of closers) await close().catch(() => undefined);
  await registry?.close();
  await redis?.stop();
  if (outDir) releaseBuild(outDir);
});

describe('two gateway processes on one Redis registry', () => {
  it('both pick up a new version within 2 s while every request in flight succeeds', async () => {
    const probe = '{ __type(name: "SchemaVersion") { name } }';
    for (const g of gateways) {
      const before = await ask(g.url, probe);
      expect(before.body.data?.__type).toBeNull();
    }
    let stop = false;
    const failures: string[] = [];
    let sent = 0;
    const traffic = gateways.map(async (g) => {
      while (!stop) {
        sent += 1;
        const answer = await ask(g.url, '{ provinces { code } }');
        if (answer.status !== 200 || answer.body.errors) failures.push(JSON.stringify(answer.body).slice(0, 200));
      }
    });
    try {
    await new Promise((r) => setTimeout(r, 300));
    const published = await registry.publish({ subgraph: 'registry', url: registrySubgraphUrl, sdl: await sdlOf(registrySubgraphUrl), by: 'test' });
    expect(published.status).toBe('published');
    const publishedAt = Date.now();
    const reachedAfter: number[] = [];
    await Promise.all(
      gateways.map(async (g) => {
        for (;;) {
          const answer = await ask(g.url, probe);
          if (answer.body.data?.__type) {
            reachedAfter.push(Date.now() - publishedAt);
            return;
          }
          if (Date.now() - publishedAt > 5000) throw new Error(`${g.url} still serves the old version`);
          await new Promise((r) => setTimeout(r, 25));
        }
      }),
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(Math.max(...reachedAfter)).toBeLessThan(2000);
    } finally {
      stop = true;
      await Promise.all(traffic);
    }
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(20);
  });
});
