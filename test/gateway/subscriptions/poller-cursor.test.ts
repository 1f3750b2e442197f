import { ChangePoller } from '../../../gateway/subscriptions/change-poller';
import { RedisEventBus } from '../../../gateway/subscriptions/redis-event-bus';
import type { ChangeFeedPage } from '../../../schema/push/feed';
import { PROVINCE_CODES, type ProvinceCode } from '../../../schema/model';
import { startRedisServer, type RedisServerHandle } from '../../support/redis-server';

interface Entry {
  key: string;
}

let redis: RedisServerHandle;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
});

/** A province feed whose every page names the next position; each `after` asked is noted. */
function feed(asked: string[]): (province: ProvinceCode, after: string) => Promise<ChangeFeedPage<Entry>> {
  let seq = 0;
  return async (province, after) => {
    asked.push(`${province} ${after}`);
    seq += 1;
    return { epoch: 'e1', seq, entries: [{ key: `${province}-${seq}` }] } as ChangeFeedPage<Entry>;
  };
}

const provinces = Object.fromEntries(PROVINCE_CODES.map((p) => [p, 'http://127.0.0.1:1/graphql'])) as Record<ProvinceCode, string>;

describe('change pollers on one Redis', () => {
  it('start where the last poller of any gateway stood in each province feed, not from now (a gateway killed, another taking over)', async () => {
    const prefix = `cursor-${Math.random().toString(36).slice(2)}:`;
    const retention = { ms: 60_000, maxLength: 1000 };
    const first = new RedisEventBus<Entry>(redis.url, prefix, retention);
    const askedFirst: string[] = [];
    const killed = new ChangePoller<Entry>({ provinces, bus: first, stream: 'warnings', path: '/changes/warnings', pollMs: 10, timeoutMs: 1000, credential: async () => undefined, readPage: feed(askedFirst) });
    await killed.pollOnce('SH');
    await killed.pollOnce('SH');
    expect(askedFirst).toEqual(['SH now', 'SH e1:1']);

    const second = new RedisEventBus<Entry>(redis.url, prefix, retention);
    const askedSecond: string[] = [];
    const takingOver = new ChangePoller<Entry>({ provinces, bus: second, stream: 'warnings', path: '/changes/warnings', pollMs: 10, timeoutMs: 1000, credential: async () => undefined, readPage: feed(askedSecond) });
    await takingOver.pollOnce('SH');
    await takingOver.pollOnce('JS');
    // Another feed on the same stream (the ENTERED one beside the waybills') keeps its own position.
    const otherFeed = new ChangePoller<Entry>({ provinces, bus: second, stream: 'warnings', path: '/changes/entered', pollMs: 10, timeoutMs: 1000, credential: async () => undefined, readPage: feed(askedSecond) });
    await otherFeed.pollOnce('SH');
    expect(askedSecond).toEqual(['SH e1:2', 'JS now', 'SH now']);
    await first.close();
    await second.close();
  });
});
