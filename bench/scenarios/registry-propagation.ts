import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FileRegistryStore } from '../../schema/registry/file-store';
import { RedisRegistryStore } from '../../schema/registry/redis-store';
import { Registry } from '../../schema/registry/registry';
import { startRedisServer } from '../../test/support/redis-server';
import { FEDERATION_LINK, nextUpdate, startGreetings, startRegistryGateway, type Running } from '../../test/support/registry-gateways';
import { percentile } from '../lib/stats';
import type { ResultTable } from '../lib/table';

/**
 * How long a registry publish takes to reach running gateways (the registry's 2 s propagation target): each publish
 * adds a field, and the time from the publish's call to each gateway's reload is recorded. Two stores: one Redis
 * (two gateways, pub/sub) and one file (a gateway sharing the registry in process, one watching the file).
 */

const REACH_BOUND_MS = 30_000;

/** The n-th published SDL: the greetings subgraph with n extra fields, so that every publish is a change. */
function sdlWith(n: number): string {
  const extra = Array.from({ length: n }, (_, i) => `added${i + 1}: String`).join(' ');
  return `${FEDERATION_LINK}\ntype Query { hello: String ${extra} }`;
}

interface Store {
  name: string;
  /** The registry publishes go through, then one registry per gateway (the same object when the gateway shares it). */
  open(): Promise<{ publisher: Registry; gateways: { label: string; registry: Registry }[]; close(): Promise<void> }>;
}

const STORES: Store[] = [
  {
    name: 'one Redis (pub/sub)',
    open: async () => {
      const redis = await startRedisServer();
      const registries = [0, 1, 2].map(() => new Registry(new RedisRegistryStore({ url: redis.url, prefix: 'propagation:' })));
      return {
        publisher: registries[0],
        gateways: [
          { label: 'gateway A', registry: registries[1] },
          { label: 'gateway B', registry: registries[2] },
        ],
        close: async () => {
          await Promise.all(registries.map((r) => r.close()));
          await redis.stop();
        },
      };
    },
  },
  {
    name: 'one file (watched every 250 ms)',
    open: async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'registry-propagation-'));
      const file = path.join(dir, 'history.jsonl');
      const shared = new Registry(new FileRegistryStore({ file }));
      const watching = new Registry(new FileRegistryStore({ file }));
      return {
        publisher: shared,
        gateways: [
          { label: 'in process', registry: shared },
          { label: 'watching the file', registry: watching },
        ],
        close: async () => {
          await Promise.all([shared.close(), watching.close()]);
          await rm(dir, { recursive: true, force: true });
        },
      };
    },
  },
];

export async function registryPropagation(options: { publishes: number; pauseMs: number }): Promise<ResultTable> {
  const greetings = await startGreetings();
  const rows: (string | number)[][] = [];
  try {
    for (const store of STORES) {
      const { publisher, gateways, close } = await store.open();
      const running: Running[] = [];
      try {
        await publisher.publish({ subgraph: 'greetings', url: greetings.url, sdl: sdlWith(0), by: 'bench' });
        const started = await Promise.all(gateways.map(async (g) => ({ ...g, gateway: await startRegistryGateway(g.registry) })));
        running.push(...started.map((s) => s.gateway));
        const times = started.map(() => [] as number[]);
        for (let n = 1; n <= options.publishes; n++) {
          const reached = Promise.all(started.map((s) => nextUpdate(s.gateway.manager, REACH_BOUND_MS)));
          const outcome = await publisher.publish({ subgraph: 'greetings', sdl: sdlWith(n), by: 'bench' });
          if (outcome.status !== 'published') throw new Error(`publish ${n} was ${outcome.status}`);
          (await reached).forEach((ms, i) => times[i].push(ms));
          await new Promise((resolve) => setTimeout(resolve, options.pauseMs));
        }
        started.forEach((s, i) => {
          const ms = times[i];
          rows.push([store.name, s.label, ms.length, percentile(ms, 50), percentile(ms, 95), Math.max(...ms), ms.filter((t) => t < 2000).length]);
        });
      } finally {
        for (const r of running.reverse()) await r.stop();
        await close();
      }
    }
  } finally {
    await greetings.stop();
  }
  return {
    name: 'registry-propagation',
    title: 'A registry publish to each running gateway\'s reload (ms)',
    columns: ['store', 'gateway', 'publishes', 'p50', 'p95', 'max', 'within 2 s'],
    rows,
    notes: [
      `${options.publishes} publishes per store, ${options.pauseMs} ms apart; each adds a field, so each is a new version and a new composition.`,
      'Measured from the call to publish (checks, composition, the store\'s write) to the gateway manager handing the new supergraph to its Apollo gateway.',
      'Gateways are Apollo gateways in this process, as in test/registry/hot-reload.test.ts, which asserts that every publish arrives, not how fast.',
    ],
  };
}
