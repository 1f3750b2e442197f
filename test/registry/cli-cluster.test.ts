import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RedisRegistryStore } from '../../schema/registry/redis-store';
import { compileRegistryCli, registryCliIn } from '../support/registry-cli';
import { useRedisCluster } from '../support/redis-cluster';

/** The registry CLI on a Redis Cluster: `--redis` names a seed node, and REDIS_CLUSTER=true applies to it as to REDIS_URL. */

const fixture = (name: string) => path.join(__dirname, '../fixtures/registry', `${name}.graphql`);
const cluster = useRedisCluster();
let dir: string;

beforeAll(async () => {
  await compileRegistryCli();
  dir = await mkdtemp(path.join(tmpdir(), 'registry-cli-cluster-'));
}, 120_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

it('publishes to the cluster through a seed given with --redis, verifies there, and the chain is read back through ioredis Cluster', async () => {
  const seed = cluster().seedUrl;
  const cli = (...args: string[]) => registryCliIn(dir, { REDIS_URL: '', REDIS_CLUSTER: 'true', REGISTRY_REDIS_PREFIX: 'cli-cluster:' }, ...args, '--redis', seed);
  expect(await cli('publish', '--subgraph', 'region', '--url', 'http://127.0.0.1:4210/graphql', '--sdl', fixture('region-v1'), '--by', 'ci')).toMatchObject({ code: 0 });
  expect(await cli('publish', '--subgraph', 'provinces', '--sdl', fixture('province-v1'), '--by', 'ci')).toMatchObject({ code: 0, stdout: expect.stringContaining('published, live version 2') });
  expect(await cli('verify')).toMatchObject({ code: 0 });
  const store = new RedisRegistryStore({ url: cluster().url, prefix: 'cli-cluster:' });
  try {
    expect((await store.versions()).map((v) => v.number)).toEqual([1, 2]);
  } finally {
    await store.close();
  }
});
