import Redis from 'ioredis';
import WebSocket from 'ws';
import { createClient } from 'graphql-ws';
import { PROVINCE_CODES } from '../../../schema/model';
import type { Federation } from '../../support/federation';
import { buildForProcesses, gatewayEnvOf, removeBuild, startGatewayProcesses, stopGatewayProcesses, type GatewayProcess } from '../../support/gateway-processes';
import { startRedisServer, type RedisServerHandle } from '../../support/redis-server';
import { EVERY_ENTRY } from '../../support/tokens';
import { alertOf, elapse, feedMark, quietPeriod, startPushFederation, touch, waitFor, WARNING_CHANGES } from './harness';
import { eventStreamKey } from '../../../gateway/subscriptions/redis-event-bus';

/**
 * Two gateway processes on one Redis. A subscriber on the first receives a run of changes; the
 * first is killed with SIGKILL half-way, and the subscriber resumes on the second with `after`
 * (its last event id). Every event of the shared stream after the first one arrives exactly
 * once, in order, across the two gateways: none lost while nobody polled, none repeated.
 */

jest.setTimeout(300_000);

const CHANGES = 16;

let redis: RedisServerHandle;
let fed: Federation;
let build: string;
const gateways: GatewayProcess[] = [];
const clients: { dispose(): unknown }[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
  build = await buildForProcesses('subscription-kill');
  fed = await startPushFederation({ redisUrl: redis.url });
});
afterAll(async () => {
  for (const c of clients) await Promise.resolve(c.dispose()).catch(() => undefined);
  await stopGatewayProcesses(gateways);
  await fed?.close();
  await redis?.stop();
  if (build) removeBuild(build);
});

interface Change {
  id: string;
  warning: { headline: string };
}

function subscribe(url: string, authorization: string, after: string | null, into: Change[]): void {
  const client = createClient({ url: url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, connectionParams: { authorization }, retryAttempts: 0 });
  clients.push(client);
  client.subscribe(
    { query: WARNING_CHANGES, variables: { after } },
    { next: (p) => void into.push((p.data as { warningChanges: Change }).warningChanges), error: () => undefined, complete: () => undefined },
  );
}

describe('subscriptions: a gateway killed with SIGKILL, the subscriber resuming on another', () => {
  it('delivers every event of the stream exactly once across the two gateways', async () => {
    const env = gatewayEnvOf(fed, { REDIS_URL: redis.url, CACHE_KEY_PREFIX: fed.gatewayConfig.caching.keyPrefix, SUBSCRIPTION_POLL_MS: '100', GRAPHIQL: 'false' });
    const [first, second] = await startGatewayProcesses(build, 2, env);
    gateways.push(first, second);
    const authorization = `Bearer ${await fed.token(EVERY_ENTRY)}`;
    const onFirst: Change[] = [];
    const mark = await feedMark(first);
    subscribe(first.url, authorization, null, onFirst);
    await mark.positionsTaken(1);
    const warm = alertOf(fed, 'SH', 0);
    await touch(fed, 'SH', warm.sourceId, { headline: 'before the kill' });
    await waitFor(() => onFirst.length > 0, 30_000);
    expect(onFirst.length).toBeGreaterThan(0);
    const fromId = onFirst[0].id;

    const onSecond: Change[] = [];
    for (let i = 0; i < CHANGES; i++) {
      const province = PROVINCE_CODES[i % PROVINCE_CODES.length];
      await touch(fed, province, alertOf(fed, province, 1 + Math.floor(i / PROVINCE_CODES.length)).sourceId, { headline: `change ${i}` });
      await elapse(250);
      if (i === CHANGES / 2 - 1) {
        first.child.kill('SIGKILL');
        await new Promise((r) => first.child.once('exit', r));
        subscribe(second.url, authorization, onFirst[onFirst.length - 1].id, onSecond);
      }
    }

    const client = new Redis(redis.url);
    const streamKey = eventStreamKey(fed.gatewayConfig.caching.keyPrefix, 'warnings');
    const wanted = Array.from({ length: CHANGES }, (_, i) => `change ${i}`);
    let expected: string[] = [];
    for (let until = Date.now() + 60_000; Date.now() < until; await elapse(200)) {
      expected = ((await client.xrange(streamKey, `(${fromId}`, '+')) as [string, string[]][]).map(([id]) => id);
      const got = new Set([...onFirst, ...onSecond].map((c) => c.id));
      const headlines = new Set([...onFirst, ...onSecond].map((c) => c.warning.headline));
      if (wanted.every((h) => headlines.has(h)) && expected.every((id) => got.has(id))) break;
    }
    // Nothing repeated after the last.
    await quietPeriod(1500);
    expected = ((await client.xrange(streamKey, `(${fromId}`, '+')) as [string, string[]][]).map(([id]) => id);
    client.disconnect();

    const ids = [...onFirst, ...onSecond].map((c) => c.id).filter((id) => id !== fromId);
    expect(ids).toEqual(expected);
    expect(new Set(ids).size).toBe(ids.length);
    const headlines = new Set([...onFirst, ...onSecond].map((c) => c.warning.headline));
    expect(wanted.filter((h) => !headlines.has(h))).toEqual([]);
    expect(onSecond.length).toBeGreaterThan(0);
    expect(first.child.signalCode).toBe('SIGKILL');
  });
});
