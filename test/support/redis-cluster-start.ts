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

/** A real Redis Cluster: three masters (and their replicas, if asked) from Debian's redis-server on free loopback ports. */
export interface RedisClusterHandle {
  /** `redis+cluster://` naming every master: what REDIS_URL holds for a cluster. */
  readonly url: string;
  /** The first master as a plain URL: what REDIS_URL holds with REDIS_CLUSTER=true. */
  readonly seedUrl: string;
  /** Every node (which are masters and which replicas is for the cluster to say: see redis-failover.ts). */
  readonly nodes: readonly RedisServerHandle[];
  stop(): Promise<void>;
}

export interface RedisClusterOptions {
  /** Replicas per master. Default 0. */
  replicas?: number;
  /** cluster-node-timeout: how long a master may be unreachable before its replica takes over. Default 5000. */
  nodeTimeoutMs?: number;
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

/** Starts three cluster-enabled masters (and replicas), joins them with `redis-cli --cluster create`, and waits for cluster_state:ok on each. */
export async function startRedisCluster(options: RedisClusterOptions = {}): Promise<RedisClusterHandle> {
  const replicas = options.replicas ?? 0;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'yrd-redis-cluster-'));
  const nodes: RedisServerHandle[] = [];
  const stop = async () => {
    await Promise.all(nodes.map((n) => n.stop()));
    await rm(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < 3 * (1 + replicas); i++) {
      nodes.push(
        await startRedisServer({
          port: clusterPort,
          args: (port) => ['--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`, '--dir', dir, '--cluster-node-timeout', String(options.nodeTimeoutMs ?? 5000)],
        }),
      );
    }
    const addresses = nodes.map((n) => `127.0.0.1:${n.port}`);
    await run(REDIS_CLI, ['--cluster', 'create', ...addresses, '--cluster-replicas', String(replicas), '--cluster-yes'], { timeout: 30_000 });
    await waitUntilOk(nodes.map((n) => n.port));
    return { url: `redis+cluster://${addresses.join(',')}`, seedUrl: nodes[0].url, nodes, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
