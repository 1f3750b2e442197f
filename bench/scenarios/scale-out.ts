import os from 'node:os';
import path from 'node:path';
import { startFederation, type Federation } from '../../test/support/federation';
import { gatewayEnvOf, startGatewayProcesses, stopGatewayProcesses } from '../../test/support/gateway-processes';
import { GATEWAY_REDIS, type GatewayRedis } from '../../test/support/gateway-redis';
import { startRoundRobinProxy } from '../../test/support/round-robin-proxy';
import { EVERY_ENTRY, mintToken } from '../../test/support/tokens';
import { runLoad } from '../lib/load';
import type { ResultTable } from '../lib/table';

/**
 * Throughput of 1, 2 and 3 gateway processes behind our round-robin proxy, on one Redis and on a
 * three-master Redis Cluster (the gateways given a seed and REDIS_CLUSTER=true, as operators do),
 * each Redis with its own federation's subgraphs (in this process). Two loads: every client the
 * same query (what inbound de-duplication serves), and a different page size per request (no two
 * alike, each one planned, executed and merged). Runs alternate instances and Redis kinds,
 * 1/one, 1/cluster, 2/one, … and the rounds are averaged, on a shared 2-core machine where the
 * proxy, the subgraphs and the load generator take their share too.
 */

export interface ScaleOutOptions {
  durationS: number;
  /** 0: no warm-up run. */
  warmupS: number;
  connections: number;
  /** The built project (its gateway/main.js). */
  dist?: string;
  /** Default 1, 2, 3. */
  instances?: readonly number[];
  /** Default 2. */
  rounds?: number;
  /** Default both. */
  loads?: readonly Load[];
}

export type Load = 'same query' | 'varied page sizes';
const LOADS: readonly Load[] = ['same query', 'varied page sizes'];

const SAME = JSON.stringify({ query: '{ rescueBases(first: 100) { totalCount edges { node { id province name } } } }' });
let n = 0;
const varied = (): string => JSON.stringify({ query: `{ rescueBases(first: ${20 + (n++ % 80)}) { totalCount edges { node { id province name } } } }` });
const BODIES: Record<Load, () => string> = { 'same query': () => SAME, 'varied page sizes': varied };

interface Kept {
  rps: number[];
  p50: number[];
  p99: number[];
  errors: number;
}

interface Backend {
  name: string;
  redis: GatewayRedis;
  fed: Federation;
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

export async function scaleOut(options: ScaleOutOptions): Promise<ResultTable> {
  const dist = options.dist ?? path.resolve(__dirname, '../..');
  const instanceCounts = options.instances ?? [1, 2, 3];
  const loads = options.loads ?? LOADS;
  const headers = { authorization: `Bearer ${await mintToken(EVERY_ENTRY)}` };
  const backends: Backend[] = [];
  const results = new Map<string, Kept>();
  const loadBefore = os.loadavg();
  try {
    for (const [name, start] of GATEWAY_REDIS) {
      const redis = await start();
      backends.push({ name, redis, fed: await startFederation({ redisUrl: redis.url }) });
    }
    for (let round = 0; round < (options.rounds ?? 2); round++) {
      for (const instances of instanceCounts) {
        for (const { name, redis, fed } of backends) {
          const env = gatewayEnvOf(fed, { ...redis.gatewayEnv, CACHE_KEY_PREFIX: 'scale-out:', RESPONSE_CACHE_MAX_MB: '0' });
          const gateways = await startGatewayProcesses(dist, instances, env);
          const proxy = await startRoundRobinProxy(gateways.map((g) => g.url));
          try {
            for (const load of loads) {
              const run = { url: proxy.url, connections: options.connections, body: BODIES[load], headers };
              if (options.warmupS > 0) await runLoad({ ...run, durationS: options.warmupS });
              const failuresBefore = proxy.failures;
              const r = await runLoad({ ...run, durationS: options.durationS });
              const key = `${load}|${name}|${instances}`;
              const kept = results.get(key) ?? { rps: [], p50: [], p99: [], errors: 0 };
              kept.rps.push(r.rps);
              kept.p50.push(r.p50);
              kept.p99.push(r.p99);
              kept.errors += r.errors + proxy.failures - failuresBefore;
              results.set(key, kept);
            }
          } finally {
            await proxy.close();
            await stopGatewayProcesses(gateways);
          }
        }
      }
    }
  } finally {
    for (const { redis, fed } of backends) {
      await fed.close();
      await redis.stop();
    }
  }
  const loadAfter = os.loadavg();
  const [oneRedis] = GATEWAY_REDIS[0];
  const rows: (string | number)[][] = [];
  for (const load of loads) {
    for (const [name] of GATEWAY_REDIS) {
      const single = mean(results.get(`${load}|${name}|${instanceCounts[0]}`)?.rps ?? [Number.NaN]);
      for (const instances of instanceCounts) {
        const r = results.get(`${load}|${name}|${instances}`);
        if (!r) continue;
        const onOne = mean(results.get(`${load}|${oneRedis}|${instances}`)?.rps ?? [Number.NaN]);
        rows.push([load, name, instances, mean(r.rps).toFixed(1), mean(r.p50).toFixed(0), mean(r.p99).toFixed(0), r.errors, (mean(r.rps) / single).toFixed(2), (mean(r.rps) / onOne).toFixed(2)]);
      }
    }
  }
  const rounds = options.rounds ?? 2;
  return {
    name: 'scale-out',
    title: `Gateway instances behind the round-robin proxy, on one Redis and on a three-master Redis Cluster (${options.connections} connections, ${options.durationS} s after ${options.warmupS} s warm-up, ${rounds} alternating round${rounds === 1 ? '' : 's'} averaged)`,
    columns: ['load', 'Redis', 'gateway processes', 'req/s', 'p50 ms', 'p99 ms', 'errors', `req/s ÷ ${instanceCounts[0]} instance${instanceCounts[0] === 1 ? '' : 's'}`, 'req/s ÷ one Redis'],
    rows,
    notes: [
      `Taken on a shared 2-core machine (other engineers were running tests at the same time; load average ${loadBefore.map((l) => l.toFixed(2)).join(', ')} at the start, ${loadAfter.map((l) => l.toFixed(2)).join(', ')} at the end): read the ratios between rows measured side by side, not the absolute figures.`,
      'Redis: the subgraphs are given the cluster as redis+cluster://(every master); the gateways are given one master as a seed and REDIS_CLUSTER=true, as operators configure them. The caches and persisted queries spread over the masters key by key; every other store keeps its keys under one hash tag and lives whole on one master (see the README\'s deployment section).',
      'These runs do not show the gateway scaling: what bounds them is the machine. The subgraphs, the simulators, the proxy and the load generator share one Node process (one core) and the gateway processes share the other; a second and a third gateway add no core, they take CPU from the rest. A fair measure needs a core per gateway beyond the subgraphs\' own, which this machine does not have.',
      'same query: each gateway de-duplicates identical requests in flight among its own requests only, so n instances send up to n times as many fetches to the subgraphs for the same load. Scaling out dilutes inbound de-duplication; that, with the CPU the extra processes take from the subgraphs, is the likely cause of the same-query rows falling with every instance added (not profiled).',
      'varied page sizes: no two concurrent requests alike. The response cache is off (RESPONSE_CACHE_MAX_MB=0).',
      'errors: transport errors (autocannon\'s 10 s deadline included), non-2xx answers and requests the proxy could not place.',
    ],
  };
}
