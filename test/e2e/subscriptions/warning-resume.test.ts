import { startGateway, type RunningGateway } from '../../../gateway/server';
import type { Federation } from '../../support/federation';
import { startRedisServer, type RedisServerHandle } from '../../support/redis-server';
import { alertOf, disposeClients, elapse, feedMark, pollOutcomeMark, quietPeriod, sseClient, startPushFederation, subscribeSse, subscribeWs, touch, WARNING_CHANGES, wsClient } from './harness';

let redis: RedisServerHandle;
let fed: Federation;
const extra: RunningGateway[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
  fed = await startPushFederation({ redisUrl: redis.url });
});
afterAll(async () => {
  await disposeClients();
  for (const g of extra) await g.close().catch(() => undefined);
  await fed?.close();
  await redis?.stop();
});

const at = (url: string): Federation => ({ ...fed, url });
const eventIds = (payloads: { data?: unknown }[]): string[] => payloads.map((p) => (p.data as { warningChanges: { id: string } }).warningChanges.id);
const headlines = (payloads: { data?: unknown }[]): string[] => payloads.map((p) => (p.data as { warningChanges: { warning: { headline: string } } }).warningChanges.warning.headline);

describe('warningChanges: resuming, several gateways and a restart on one Redis', () => {
  it('resumes after a gateway restart with nothing lost or repeated: `after` over graphql-ws, Last-Event-ID over graphql-sse', async () => {
    const target = alertOf(fed, 'SH', 3);
    const first = await startGateway(fed.gatewayConfig);
    extra.push(first);
    const ws = wsClient(at(first.url));
    const mark = await feedMark(first);
    const got = subscribeWs(ws, WARNING_CHANGES, { filter: { provinces: ['SH'] } });
    await mark.positionsTaken([got]);
    await touch(fed, 'SH', target.sourceId, { headline: 'one' });
    const [one] = await got.count(1);
    got.dispose();
    await ws.dispose();
    await first.close();
    // While no gateway serves anyone, the warning changes twice; the province subgraph's copy still holds "one".
    await new Promise((r) => setTimeout(r, 1100));
    await touch(fed, 'SH', target.sourceId, { headline: 'two' });
    const second = await startGateway(fed.gatewayConfig);
    extra.push(second);
    const resumed = subscribeWs(wsClient(at(second.url)), WARNING_CHANGES, { filter: { provinces: ['SH'] }, after: eventIds([one])[0] });
    const replayed = subscribeSse(sseClient(at(second.url), { 'last-event-id': eventIds([one])[0] }), WARNING_CHANGES, { filter: { provinces: ['SH'] } });
    await resumed.count(1);
    await replayed.count(1);
    // Nothing repeated after the replay.
    await quietPeriod(500);
    expect(headlines(resumed.payloads)).toEqual(['two']);
    expect(eventIds(replayed.payloads)).toEqual(eventIds(resumed.payloads));
    resumed.dispose();
    replayed.dispose();
  });

  it('gives every subscriber on either of two gateways each event exactly once, under one id', async () => {
    const target = alertOf(fed, 'SH', 4);
    const other = await startGateway(fed.gatewayConfig);
    extra.push(other);
    const [atFed, atOther] = await Promise.all([feedMark(fed), feedMark(other)]);
    const a = subscribeWs(wsClient(fed), WARNING_CHANGES, { filter: { provinces: ['SH'] } });
    const b = subscribeSse(sseClient(at(other.url)), WARNING_CHANGES, { filter: { provinces: ['SH'] } });
    await Promise.all([atFed.positionsTaken([a]), atOther.positionsTaken([b])]);
    await touch(fed, 'SH', target.sourceId, { headline: 'seen by both' });
    await a.count(1);
    await b.count(1);
    // Each event once, though both gateways poll.
    await quietPeriod(800);
    expect(headlines(a.payloads)).toEqual(['seen by both']);
    expect(eventIds(b.payloads)).toEqual(eventIds(a.payloads));
    a.dispose();
    b.dispose();
  });

  it('keeps the stream open while a province is down and names it in the events’ extensions until it is back', async () => {
    const target = alertOf(fed, 'JS', 5);
    const mark = await feedMark(fed);
    const got = subscribeWs(wsClient(fed), WARNING_CHANGES, { filter: { provinces: ['JS', 'ZJ'] } });
    await mark.positionsTaken([got]);
    const zjUnavailable = await pollOutcomeMark(fed, 'ZJ', 'unavailable');
    await fetch(`${fed.sims.ZJ.url}/__sim/faults`, { method: 'POST', body: JSON.stringify({ errorRate: 1 }) });
    await zjUnavailable.again();
    await touch(fed, 'JS', target.sourceId, { headline: 'while ZJ is down' });
    const [during] = await got.count(1);
    await fetch(`${fed.sims.ZJ.url}/__sim/faults/reset`, { method: 'POST' });
    // Until ZJ's circuit breaker lets a call through again (10 s after it opened), its events keep saying so.
    const deadline = Date.now() + 30_000;
    for (let i = 1; Date.now() < deadline && got.payloads.at(-1)?.extensions?.unavailableProvinces !== undefined; i++) {
      await touch(fed, 'JS', target.sourceId, { headline: `ZJ is back ${i}` });
      await got.count(i + 1, 2000);
      await elapse(500);
    }
    got.dispose();
    expect(got.error).toBeNull();
    expect((during.extensions?.unavailableProvinces as { province: string }[]).map((u) => u.province)).toContain('ZJ');
    expect(got.payloads.at(-1)?.extensions?.unavailableProvinces).toBeUndefined();
  });
});
