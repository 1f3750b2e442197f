import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort, startRedisServer, type RedisServerHandle } from './redis-server';

const run = promisify(execFile);
const REDIS_CLI = process.env.REDIS_CLI_BIN ?? '/usr/bin/redis-cli';
/** Redis Cluster's bus listens on the client port + 10000. */
const BUS_OFFSET = 10_000;

/** A real Redis Cluster: three masters (no replicas) from Debian's redis-server on free loopback ports. */
export interface RedisClusterHandle {
  /** `redis+cluster://` naming every master: what REDIS_URL holds for a cluster. */
  readonly url: string;
  /** The first master as a plain URL: what REDIS_URL holds with REDIS_CLUSTER=true. */
  readonly seedUrl: string;
  readonly nodes: readonly RedisServerHandle[];
  stop(): Promise<void>;
}

function listenable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A free port whose bus port is free as well. */
async function clusterPort(): Promise<number> {
  for (;;) {
    const port = await freePort();
    if (port + BUS_OFFSET <= 65_535 && (await listenable(port + BUS_OFFSET))) return port;
  }
}

async function clusterState(port: number): Promise<string> {
  const { stdout } = await run(REDIS_CLI, ['-h', '127.0.0.1', '-p', String(port), 'cluster', 'info']);
  return /cluster_state:(\w+)/.exec(stdout)?.[1] ?? 'unknown';
}

async function waitUntilOk(ports: readonly number[]): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const states = await Promise.all(ports.map(clusterState));
    if (states.every((s) => s === 'ok')) return;
    if (Date.now() > deadline) throw new Error(`redis cluster: not ok after 20 s (${states.join(', ')})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Starts three cluster-enabled masters, joins them with `redis-cli --cluster create`, and waits for cluster_state:ok on each. */
export async function startRedisCluster(): Promise<RedisClusterHandle> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'yrd-redis-cluster-'));
  const nodes: RedisServerHandle[] = [];
  const stop = async () => {
    await Promise.all(nodes.map((n) => n.stop()));
    await rm(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < 3; i++) {
      nodes.push(
        await startRedisServer({
          port: clusterPort,
          args: (port) => ['--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`, '--dir', dir, '--cluster-node-timeout', '5000'],
        }),
      );
    }
    const addresses = nodes.map((n) => `127.0.0.1:${n.port}`);
    await run(REDIS_CLI, ['--cluster', 'create', ...addresses, '--cluster-replicas', '0', '--cluster-yes'], { timeout: 30_000 });
    await waitUntilOk(nodes.map((n) => n.port));
    return { url: `redis+cluster://${addresses.join(',')}`, seedUrl: nodes[0].url, nodes, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** A cluster started before the enclosing tests and stopped after them: the handle, once started. */
export function useRedisCluster(): () => RedisClusterHandle {
  let cluster: RedisClusterHandle | undefined;
  beforeAll(async () => {
    cluster = await startRedisCluster();
  }, 60_000);
  afterAll(async () => {
    await cluster?.stop();
  });
  return () => {
    if (!cluster) throw new Error('the Redis Cluster is not started yet');
    return cluster;
  };
}
