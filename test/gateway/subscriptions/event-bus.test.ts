import { GraphQLError } from 'graphql';
import { InProcessEventBus } from '../../../gateway/subscriptions/in-process-bus';
import { RedisEventBus } from '../../../gateway/subscriptions/redis-event-bus';
import type { BusEvent, EventBus } from '../../../gateway/subscriptions/event-bus';
import { startRedisCluster, type RedisClusterHandle } from '../../support/redis-cluster';
import { startRedisServer, type RedisServerHandle } from '../../support/redis-server';
import { untilOrAfter } from '../../support/until';

interface Entry {
  key: string;
  n: number;
}

let redis: RedisServerHandle;
let cluster: RedisClusterHandle;
beforeAll(async () => {
  [redis, cluster] = await Promise.all([startRedisServer(), startRedisCluster()]);
}, 60_000);
afterAll(async () => {
  await Promise.all([redis?.stop(), cluster?.stop()]);
});

const codeOf = async (p: Promise<unknown>): Promise<unknown> => p.then(() => null, (e: unknown) => (e instanceof GraphQLError ? e.extensions.code : e));
const until = (test: () => boolean): Promise<void> => untilOrAfter(test, 2_000);

const buses: [string, (retention: { ms: number; maxLength: number }) => EventBus<Entry>][] = [
  ['in process', (retention) => new InProcessEventBus<Entry>(retention)],
  ['Redis Streams', (retention) => new RedisEventBus<Entry>(redis.url, `bus-${Math.random().toString(36).slice(2)}:`, retention)],
  ['Redis Streams on a Redis Cluster', (retention) => new RedisEventBus<Entry>(cluster.url, `bus-${Math.random().toString(36).slice(2)}:`, retention)],
];

describe.each(buses)('the event bus (%s)', (_name, open) => {
  it('numbers events in order, drops a change published twice, and replays what came after an id', async () => {
    const bus = open({ ms: 60_000, maxLength: 100 });
    const live: BusEvent<Entry>[] = [];
    const stop = await bus.listen('s', (e) => live.push(e));
    const a = await bus.publish('s', { key: 'a', n: 1 });
    expect(await bus.publish('s', { key: 'a', n: 1 })).toBeNull();
    const b = await bus.publish('s', { key: 'b', n: 2 });
    const c = await bus.publish('s', { key: 'c', n: 3 });
    expect((await bus.after('s', a as string)).map((e) => e.id)).toEqual([b, c]);
    await until(() => live.length === 3);
    expect(live.map((e) => e.entry.n)).toEqual([1, 2, 3]);
    stop();
    await bus.close();
  });

  it('delivers two streams read at once (one XREAD: one slot on a cluster)', async () => {
    const bus = open({ ms: 60_000, maxLength: 100 });
    const seen: string[] = [];
    const stops = await Promise.all(['warnings', 'waybills'].map((s) => bus.listen(s, (e) => seen.push(`${s}:${e.entry.n}`))));
    await bus.publish('warnings', { key: 'w', n: 1 });
    await bus.publish('waybills', { key: 'b', n: 2 });
    await until(() => seen.length === 2);
    expect(seen.sort()).toEqual(['warnings:1', 'waybills:2']);
    stops.forEach((stop) => stop());
    await bus.close();
  });

  it('refuses to resume after an id that the length retention dropped (RESUME_TOO_OLD), and resumes from the newest dropped', async () => {
    const bus = open({ ms: 60_000, maxLength: 2 });
    const ids: string[] = [];
    for (let n = 0; n < 5; n++) ids.push((await bus.publish('s', { key: `k${n}`, n })) as string);
    expect(await codeOf(bus.after('s', '0-1'))).toBe('RESUME_TOO_OLD');
    expect((await bus.after('s', ids[3])).map((e) => e.entry.n)).toEqual([4]);
    await bus.close();
  });
});

describe('the in-process bus’s time retention', () => {
  it('drops events older than the window, and a resume from before them is RESUME_TOO_OLD', async () => {
    let now = 1_000_000;
    const bus = new InProcessEventBus<Entry>({ ms: 1000, maxLength: 100 }, () => now);
    const first = (await bus.publish('s', { key: 'a', n: 1 })) as string;
    now += 5000;
    const second = (await bus.publish('s', { key: 'b', n: 2 })) as string;
    expect(await codeOf(bus.after('s', '999999-0'))).toBe('RESUME_TOO_OLD');
    expect((await bus.after('s', first)).map((e) => e.id)).toEqual([second]);
  });
});

describe('the in-process bus’s listeners', () => {
  /** The time to remove every listener, in the order they came (the first one first) or the reverse. */
  const leaving = async (n: number, firstFirst: boolean): Promise<number> => {
    const bus = new InProcessEventBus<Entry>({ ms: 60_000, maxLength: 100 });
    const stops = await Promise.all(Array.from({ length: n }, () => bus.listen('s', () => undefined)));
    const started = process.hrtime.bigint();
    for (const stop of firstFirst ? stops : stops.reverse()) stop();
    return Number(process.hrtime.bigint() - started);
  };

  it('lets subscribers leave in the order they came as cheaply as in the reverse one (no O(n) search per leave)', async () => {
    const n = 40_000;
    await leaving(n, true);
    // The cheaper of three runs of each, taken in one moment, so that a busy machine weighs on both.
    const fifo = Math.min(await leaving(n, true), await leaving(n, true), await leaving(n, true));
    const lifo = Math.min(await leaving(n, false), await leaving(n, false), await leaving(n, false));
    expect(fifo).toBeLessThan(5 * Math.max(lifo, 1_000_000));
  });

  it('hands an event to the listeners present when it is published, not to one that comes meanwhile', async () => {
    const bus = new InProcessEventBus<Entry>({ ms: 60_000, maxLength: 100 });
    const got: string[] = [];
    await bus.listen('s', () => {
      got.push('first');
      void bus.listen('s', () => got.push('late'));
    });
    await bus.publish('s', { key: 'a', n: 1 });
    expect(got).toEqual(['first']);
  });
});
