import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/** What a Redis Cluster says of itself (CLUSTER NODES, CLUSTER KEYSLOT, INFO), for failover tests. */

const run = promisify(execFile);
const REDIS_CLI = process.env.REDIS_CLI_BIN ?? '/usr/bin/redis-cli';

async function cli(port: number, ...args: string[]): Promise<string> {
  const { stdout } = await run(REDIS_CLI, ['-h', '127.0.0.1', '-p', String(port), ...args], { timeout: 5000 });
  return stdout;
}

export interface ClusterNode {
  id: string;
  port: number;
  role: 'master' | 'replica';
  /** For a replica, the id of its master. */
  masterId: string | null;
  /** Marked failing (fail or pfail). */
  failing: boolean;
  /** Slot ranges served by a master. */
  slots: [number, number][];
}

/** The cluster as `port` sees it. */
export async function clusterNodes(port: number): Promise<ClusterNode[]> {
  return (await cli(port, 'cluster', 'nodes'))
    .trim()
    .split('\n')
    .map((line) => {
      const [id, address, flags, master, , , , , ...slots] = line.trim().split(' ');
      const flagList = flags.split(',');
      return {
        id,
        port: Number(/:(\d+)@/.exec(address)?.[1]),
        role: flagList.includes('master') ? 'master' : 'replica',
        masterId: master === '-' ? null : master,
        failing: flagList.some((f) => f === 'fail' || f === 'fail?'),
        slots: slots.filter((s) => /^\d+(-\d+)?$/.test(s)).map((s) => {
          const [from, to] = s.split('-').map(Number);
          return [from, to ?? from] as [number, number];
        }),
      };
    });
}

export async function keySlot(port: number, key: string): Promise<number> {
  return Number((await cli(port, 'cluster', 'keyslot', key)).trim());
}

/** The master serving `slot`, as `port` sees the cluster. */
export async function masterOfSlot(port: number, slot: number): Promise<ClusterNode> {
  const master = (await clusterNodes(port)).find((n) => n.role === 'master' && !n.failing && n.slots.some(([from, to]) => slot >= from && slot <= to));
  if (!master) throw new Error(`redis cluster: no master serves slot ${slot}`);
  return master;
}

/** Resolves once every replica's link to its master is up (a replica that never synced cannot be promoted). */
export async function replicasInSync(ports: readonly number[], timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const infos = await Promise.all(ports.map((p) => cli(p, 'info', 'replication')));
    const replicas = infos.filter((i) => /role:slave/.test(i));
    if (replicas.length > 0 && replicas.every((i) => /master_link_status:up/.test(i))) return;
    if (Date.now() > deadline) throw new Error('redis cluster: replicas not in sync');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** kill -9 the redis-server listening on `port` (its pid from INFO server): no shutdown, no goodbye to the cluster. */
export async function killNode(port: number): Promise<void> {
  const pid = Number(/process_id:(\d+)/.exec(await cli(port, 'info', 'server'))?.[1]);
  if (!pid) throw new Error(`redis-server on ${port}: no process id`);
  process.kill(pid, 'SIGKILL');
}

/** Waits until the replica `replicaId` is a master serving slots and the cluster says ok, as `port` sees it. */
export async function promoted(port: number, replicaId: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const node = (await clusterNodes(port).catch(() => [])).find((n) => n.id === replicaId);
    if (node?.role === 'master' && node.slots.length > 0 && /cluster_state:ok/.test(await cli(port, 'cluster', 'info').catch(() => ''))) return;
    if (Date.now() > deadline) throw new Error(`redis cluster: replica ${replicaId} not promoted in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
