import { PROVINCE_CODES, type ProvinceCode } from '../../../schema/model';
import type { Federation } from '../../support/federation';
import { startRedisServer, type RedisServerHandle } from '../../support/redis-server';
import { alertOf, disposeClients, feedMark, quietPeriod, startPushFederation, subscribeWs, WARNING_CHANGES, wsClient, type Received } from './harness';

/**
 * The reproduction of a touched warning that never reached its subscribers (first seen once on
 * Anhui's feed with Redis): a loop of touch-and-expect through the feeds, each province, on one
 * Redis. The legacy systems stamp changes to the whole second, and a warning changed again within
 * the second of its previous version kept its updated time: the copy's re-sync took it for the
 * version it held, and the change key (record and updated time) was the previous change's, so the
 * bus would have dropped it as seen. Every version now arrives, and only once.
 */

jest.setTimeout(240_000);

let redis: RedisServerHandle;
let fed: Federation;
beforeAll(async () => {
  redis = await startRedisServer();
  fed = await startPushFederation({ redisUrl: redis.url });
});
afterAll(async () => {
  await disposeClients();
  await fed?.close();
  await redis?.stop();
});

/** Changes the warning's headline in its simulated system; answers the updated time the system stamped. */
async function touchHeadline(province: ProvinceCode, sourceId: string, headline: string): Promise<string> {
  const res = await fetch(`${fed.sims[province].url}/__sim/touch`, { method: 'POST', body: JSON.stringify({ collection: 'warnings', sourceId, patch: { headline } }) });
  if (res.status !== 200) throw new Error(`touch ${province} ${sourceId}: HTTP ${res.status}`);
  return ((await res.json()) as { record: { updatedAt: string } }).record.updatedAt;
}

const headlinesOf = (r: Received): string[] => r.payloads.map((p) => (p.data as { warningChanges: { warning: { headline: string } } }).warningChanges.warning.headline);

async function arrived(r: Received, headline: string, ms = 5000): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (headlinesOf(r).includes(headline)) return true;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return false;
}

/** Waits for the simulated clock to begin a second, so that two quick changes share it. */
async function startOfSecond(): Promise<void> {
  while (fed.simClock.now().getTime() % 1000 > 50) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe.each(PROVINCE_CODES)('%s: every change of a warning reaches its subscriber once, through the feed with Redis', (province) => {
  test('pairs of changes, the second made as soon as the first arrived', async () => {
    const target = alertOf(fed, province, 1);
    const mark = await feedMark(fed);
    const got = subscribeWs(wsClient(fed), WARNING_CHANGES, { filter: { provinces: [province] } });
    await mark.positionsTaken([got]);
    const sent: string[] = [];
    const missed: string[] = [];
    let sameSecondPairs = 0;
    for (let pair = 0; pair < 6 && sameSecondPairs < 2; pair++) {
      await startOfSecond();
      const first = `${province} pair ${pair} first`;
      const second = `${province} pair ${pair} second`;
      const firstAt = await touchHeadline(province, target.sourceId, first);
      sent.push(first);
      if (!(await arrived(got, first))) missed.push(first);
      const secondAt = await touchHeadline(province, target.sourceId, second);
      sent.push(second);
      if (!(await arrived(got, second))) missed.push(second);
      if (firstAt === secondAt) sameSecondPairs += 1;
    }
    // No version twice.
    await quietPeriod(500);
    expect(missed).toEqual([]);
    expect(sameSecondPairs).toBeGreaterThan(0);
    expect(headlinesOf(got)).toEqual(sent);
    got.dispose();
  });
});
