import { spawn, type ChildProcess } from 'node:child_process';
import Redis from 'ioredis';
import path from 'node:path';
import { PROVINCE_CODES } from '../../../schema/model';
import type { Federation } from '../../support/federation';
import { urlOf, watchReady } from '../../support/child-ready';
import { startRedisServer, type RedisServerHandle } from '../../support/redis-server';
import { projectBuild } from '../../support/shared-build';
import { TEST_AUTH_ENV } from '../../support/tokens';
import { disposeClients, startPushFederation, subscribeWs, WARNING_CHANGES, wsClient, type Received } from './harness';

/**
 * SUBSCRIPTIONS_PER_CALLER with REDIS_URL counts a caller's subscriptions across every gateway on
 * the Redis: here the test's own gateway and a second gateway process (gateway/main.js, built
 * once per jest run by projectBuild). A gateway killed with SIGKILL cannot release its slots;
 * they lapse once it has stopped renewing them for SUBSCRIPTION_SLOT_TTL_MS.
 */

jest.setTimeout(240_000);

const LIMIT_ENV = { SUBSCRIPTIONS_PER_CALLER: '2', SUBSCRIPTION_SLOT_TTL_MS: '1500' };

let redis: RedisServerHandle;
let fed: Federation;
let other: ChildProcess;
let otherUrl: string;
let gatewayMain: string;
let slots: Redis;

async function startGatewayProcess(): Promise<{ child: ChildProcess; url: string }> {
  const config = fed.gatewayConfig;
  const child = spawn(process.execPath, [gatewayMain], {
    env: {
      PATH: process.env.PATH,
      // graphql's production checks, preloaded for every process a test run starts (jest-global-setup.ts).
      ...(process.env.NODE_OPTIONS ? { NODE_OPTIONS: process.env.NODE_OPTIONS } : {}),
      GATEWAY_PORT: '0',
      REGION_URL: config.region.url,
      ...(config.credit ? { CREDIT_URL: config.credit.url } : {}),
      ...Object.fromEntries(PROVINCE_CODES.map((p) => [`PROVINCE_${p}_URL`, config.provinces[p]])),
      ...TEST_AUTH_ENV,
      REDIS_URL: redis.url,
      CACHE_KEY_PREFIX: config.caching.keyPrefix,
      ACCESS_LOG_REDIS_PREFIX: `${config.caching.keyPrefix}access:`,
      SUBSCRIPTION_POLL_MS: '100',
      GRAPHIQL: 'false',
      LOG_LEVEL: 'info',
      ...LIMIT_ENV,
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const ready = watchReady(child, 'the second gateway');
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const deadline = Date.now() + 60_000;
  while (!output.includes('"gateway ready"')) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the second gateway did not start: ${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, url: urlOf(await ready(), 'gateway') };
}

beforeAll(async () => {
  gatewayMain = path.join(await projectBuild('gateway/tsconfig.main.json'), 'gateway/main.js');
  redis = await startRedisServer();
  slots = new Redis(redis.port, '127.0.0.1');
  fed = await startPushFederation({ redisUrl: redis.url, gatewayEnv: LIMIT_ENV });
  ({ child: other, url: otherUrl } = await startGatewayProcess());
});
afterAll(async () => {
  await disposeClients();
  if (other && other.exitCode === null && other.signalCode === null) {
    const exited = new Promise((r) => other.once('exit', r));
    other.kill('SIGKILL');
    await exited;
  }
  slots?.disconnect();
  await fed?.close();
  await redis?.stop();
});

const errorCodes = (r: Received): unknown[] => (Array.isArray(r.error) ? (r.error as { extensions?: { code?: string } }[]).map((e) => e.extensions?.code) : r.error === null ? [] : [String(r.error)]);

/** The subscription slots `sub` holds in Redis, as the gateways keep them (gateway/subscriptions/redis-caller-limit.ts). */
const redisNow = async (): Promise<number> => {
  const [seconds, micros] = await slots.time();
  return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
};
const slotsOf = async (sub: string): Promise<string[]> => slots.zrange(`${fed.gatewayConfig.caching.keyPrefix}{subscription-slots}:${sub}`, '0', '-1');

/**
 * Opens a subscription of `sub` at `url` and answers it once the gateway has decided: refused (its
 * error codes) or running, known by the slot it took in Redis. One subscription of a caller is
 * opened at a time, so a slot that was not there before is this one's.
 */
async function subscribeAs(sub: string, url: string): Promise<Received> {
  const client = wsClient({ ...fed, url }, `Bearer ${await fed.token({ sub, role: 'app' })}`);
  const before = new Set(await slotsOf(sub));
  const r = subscribeWs(client, WARNING_CHANGES, { filter: { provinces: ['SH'] } });
  const deadline = Date.now() + 10_000;
  while (r.error === null && !r.completed && Date.now() < deadline) {
    if ((await slotsOf(sub)).some((member) => !before.has(member))) break;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return r;
}

describe('the per-caller subscription limit across gateways on one Redis', () => {
  it('counts a caller\'s subscriptions on both gateways while they run, and frees a slot on either when a stream ends', async () => {
    const onThis = await subscribeAs('caller-across', fed.url);
    const onOther = await subscribeAs('caller-across', otherUrl);
    expect([errorCodes(onThis), errorCodes(onOther)]).toEqual([[], []]);
    // Past two slot lifetimes: the gateways renew the slots of the streams they serve.
    await new Promise((r) => setTimeout(r, 3000));
    const third = [await subscribeAs('caller-across', fed.url), await subscribeAs('caller-across', otherUrl)];
    expect(third.map(errorCodes)).toEqual([['TOO_MANY_SUBSCRIPTIONS'], ['TOO_MANY_SUBSCRIPTIONS']]);
    const someoneElse = await subscribeAs('another-caller', otherUrl);
    expect(errorCodes(someoneElse)).toEqual([]);
    // Its slot is gone from Redis once the gateway has released it: a lapsed slot stays there until the caller's next subscription clears it.
    onThis.dispose();
    const deadline = Date.now() + 10_000;
    while ((await slotsOf('caller-across')).length > 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    expect(await slotsOf('caller-across')).toHaveLength(1);
    expect(errorCodes(await subscribeAs('caller-across', otherUrl))).toEqual([]);
  });

  it('lets the slots of a gateway killed with SIGKILL lapse after SUBSCRIPTION_SLOT_TTL_MS, not hold them for ever', async () => {
    const held = [await subscribeAs('caller-of-killed', otherUrl), await subscribeAs('caller-of-killed', otherUrl)];
    expect(held.map(errorCodes)).toEqual([[], []]);
    expect(errorCodes(await subscribeAs('caller-of-killed', fed.url))).toEqual(['TOO_MANY_SUBSCRIPTIONS']);
    const exited = new Promise((r) => other.once('exit', r));
    other.kill('SIGKILL');
    await exited;
    // Each slot lapses at its score (Redis's clock): no later than SUBSCRIPTION_SLOT_TTL_MS after the kill, as nothing renews it.
    const killedAt = await redisNow();
    // The killed gateway renewed its two slots one after the other, so they lapse apart (a few milliseconds, more on a
    // loaded machine); the earlier is moved 400 ms earlier still, as slots renewed at different times would be.
    const key = `${fed.gatewayConfig.caching.keyPrefix}{subscription-slots}:caller-of-killed`;
    const [earlier, earlierScore] = await slots.zrange(key, '0', '0', 'WITHSCORES');
    await slots.zadd(key, 'XX', String(Number(earlierScore) - 400), earlier);
    const scores = (await slots.zrange(key, '0', '-1', 'WITHSCORES')).filter((_, i) => i % 2 === 1).map(Number);
    expect(scores).toHaveLength(2);
    const [firstLapse, lastLapse] = [Math.min(...scores), Math.max(...scores)];
    expect(lastLapse).toBeLessThanOrEqual(killedAt + Number(LIMIT_ENV.SUBSCRIPTION_SLOT_TTL_MS));
    let accepted: Received | null = null;
    const refusedAt: number[] = [];
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const startedAt = await redisNow();
      const attempt = await subscribeAs('caller-of-killed', fed.url);
      if (errorCodes(attempt).length === 0) {
        accepted = attempt;
        break;
      }
      expect(errorCodes(attempt)).toEqual(['TOO_MANY_SUBSCRIPTIONS']);
      refusedAt.push(startedAt);
    }
    expect(accepted).not.toBeNull();
    // Refused only while both of the killed gateway's slots still held: an attempt started once one had lapsed is taken.
    for (const at of refusedAt) expect(at).toBeLessThan(firstLapse);
    // Between the two lapses the caller has one place, the one it just took; once the second has lapsed, its whole limit.
    if ((await redisNow()) < lastLapse - 250) expect(errorCodes(await subscribeAs('caller-of-killed', fed.url))).toEqual(['TOO_MANY_SUBSCRIPTIONS']);
    while ((await redisNow()) <= lastLapse) await new Promise((r) => setTimeout(r, 10));
    expect(errorCodes(await subscribeAs('caller-of-killed', fed.url))).toEqual([]);
    expect(errorCodes(await subscribeAs('caller-of-killed', fed.url))).toEqual(['TOO_MANY_SUBSCRIPTIONS']);
  });
});
