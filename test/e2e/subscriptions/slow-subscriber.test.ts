import http from 'node:http';
import WebSocket from 'ws';
import type { ExecutionResult } from 'graphql';
import type { Federation } from '../../support/federation';
import { alertOf, settle, sseClient, subscribeSse, subscribeWs, touch, WARNING_CHANGES, withPushFederation, wsClient, type Received } from './harness';

/**
 * A subscriber whose connection stops reading is closed once more than SUBSCRIBER_MAX_QUEUED_EVENTS
 * of its events wait behind it (SSE: a last `next` with SUBSCRIBER_TOO_SLOW, then `complete`;
 * graphql-ws: close code 4413), while the others keep receiving every event; it resumes from its
 * last event id and receives the rest exactly once. One subscription per caller
 * (SUBSCRIPTIONS_PER_CALLER=1): the resume is refused unless the closed stream gave its slot back.
 */
const MAX_QUEUED = 30;
let fed: Federation;
withPushFederation({ gatewayEnv: { SUBSCRIBER_MAX_QUEUED_EVENTS: String(MAX_QUEUED), SUBSCRIPTIONS_PER_CALLER: '1' } }, (started) => (fed = started));

const FILTER = { filter: { provinces: ['SH'] } };
/** A long headline, so that a few dozen events fill the loopback socket's buffers. */
const BIG = 'x'.repeat(64_000);
const idOf = (p: ExecutionResult): string => (p.data as { warningChanges: { id: string } }).warningChanges.id;
const codeOf = (p: ExecutionResult): unknown => p.errors?.[0]?.extensions?.code;

/** An SSE stream read as raw bytes: the response is paused at once, so the socket stops reading. */
function stalledSse(url: string, authorization: string) {
  const body = JSON.stringify({ query: WARNING_CHANGES, variables: FILTER });
  const req = http.request(url, { method: 'POST', headers: { accept: 'text/event-stream', 'content-type': 'application/json', authorization } });
  const response = new Promise<http.IncomingMessage>((resolve, reject) => {
    req.once('response', (res) => {
      res.pause();
      resolve(res);
    });
    req.once('error', reject);
  });
  req.end(body);
  return {
    /** Reads what the gateway sent until the connection ends: the payloads, and whether `complete` came. */
    async readToEnd(): Promise<{ payloads: ExecutionResult[]; completed: boolean }> {
      const res = await response;
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      await new Promise<void>((resolve) => {
        res.once('end', resolve);
        res.once('close', resolve);
        res.resume();
      });
      const frames = text.split('\n\n').filter((f) => f.startsWith('event:'));
      const payloads = frames.filter((f) => f.startsWith('event: next')).map((f) => JSON.parse(f.slice(f.indexOf('data: ') + 6)) as ExecutionResult);
      return { payloads, completed: frames.some((f) => f.startsWith('event: complete')) };
    },
  };
}

/** A graphql-ws connection that subscribes, then stops reading its socket. */
async function stalledWs(url: string, authorization: string) {
  const socket = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws');
  const messages: { type: string; payload?: ExecutionResult }[] = [];
  socket.on('message', (data: Buffer) => void messages.push(JSON.parse(String(data)) as { type: string }));
  const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: String(reason) })));
  await new Promise((resolve) => socket.once('open', resolve));
  socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization } }));
  for (let i = 0; i < 100 && !messages.some((m) => m.type === 'connection_ack'); i++) await settle(20);
  socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: WARNING_CHANGES, variables: FILTER } }));
  socket.pause();
  return {
    async readToEnd(): Promise<{ payloads: ExecutionResult[]; close: { code: number; reason: string } }> {
      socket.resume();
      const close = await closed;
      return { payloads: messages.filter((m) => m.type === 'next').map((m) => m.payload as ExecutionResult), close };
    },
  };
}

async function tooSlowCount(transport: string): Promise<number> {
  const text = await (await fetch(new URL('/metrics', fed.url))).text();
  const line = text.split('\n').find((l) => l.startsWith(`gateway_subscribers_too_slow_total{transport="${transport}"}`));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

describe('a subscriber that stops reading', () => {
  it('is closed past the bound (SSE: SUBSCRIBER_TOO_SLOW then complete; graphql-ws: 4413), the others get every event, and it resumes with the rest exactly once', async () => {
    const bearer = async (sub: string) => `Bearer ${await fed.token({ sub, role: 'app' })}`;
    const [healthySseAuth, healthyWsAuth, slowSseAuth, slowWsAuth] = await Promise.all(['healthy-sse', 'healthy-ws', 'slow-sse', 'slow-ws'].map(bearer));
    const healthySse = subscribeSse(sseClient(fed, { authorization: healthySseAuth }), WARNING_CHANGES, FILTER);
    const healthyWs = subscribeWs(wsClient(fed, healthyWsAuth), WARNING_CHANGES, FILTER);
    const slowSse = stalledSse(fed.url, slowSseAuth);
    const slowWs = await stalledWs(fed.url, slowWsAuth);
    await settle();
    const targets = Array.from({ length: 6 }, (_, i) => alertOf(fed, 'SH', i));
    const round = async (r: number) => {
      for (const t of targets) await touch(fed, 'SH', t.sourceId, { headline: `round ${r} ${BIG}` });
      await settle(300);
    };
    let rounds = 0;
    while (rounds < 60 && ((await tooSlowCount('sse')) < 1 || (await tooSlowCount('graphql-ws')) < 1)) await round(++rounds);
    // Only the two stalled subscribers: the healthy ones were never closed.
    expect([await tooSlowCount('sse'), await tooSlowCount('graphql-ws')]).toEqual([1, 1]);
    const [sseSeen, wsSeen] = await Promise.all([slowSse.readToEnd(), slowWs.readToEnd()]);
    // Both end with the reason, after the events their sockets had taken.
    expect([codeOf(sseSeen.payloads.at(-1) as ExecutionResult), sseSeen.completed]).toEqual(['SUBSCRIBER_TOO_SLOW', true]);
    expect(wsSeen.close.code).toBe(4413);
    expect(wsSeen.close.reason).toMatch(/^SUBSCRIBER_TOO_SLOW: the subscriber fell more than 30 events behind/);
    const sseBefore = sseSeen.payloads.slice(0, -1).map(idOf);
    const wsBefore = wsSeen.payloads.map(idOf);
    expect(sseBefore.length).toBeGreaterThan(0);
    expect(wsBefore.length).toBeGreaterThan(0);

    // Events after the close, then each resumes from its last id under the same caller (one slot each).
    await round(++rounds);
    const resumedSse = subscribeSse(sseClient(fed, { authorization: slowSseAuth, 'last-event-id': sseBefore.at(-1) as string }), WARNING_CHANGES, FILTER);
    const resumedWs = subscribeWs(wsClient(fed, slowWsAuth), WARNING_CHANGES, { ...FILTER, after: wsBefore.at(-1) });
    await round(++rounds);
    // Every event of the run has reached the healthy SSE subscriber once its count holds for 1.5 s.
    for (let last = -1; last !== healthySse.payloads.length; await settle(1500)) last = healthySse.payloads.length;
    const all = healthySse.payloads;
    const want = (r: Received, before: string[]) => r.count(all.length - before.length, 20_000);
    await Promise.all([want(resumedSse, sseBefore), want(resumedWs, wsBefore), healthyWs.count(all.length, 20_000)]);
    await settle(500);
    const healthyIds = all.map(idOf);
    expect(healthyIds.length).toBeGreaterThanOrEqual(rounds);
    expect(healthyWs.payloads.map(idOf)).toEqual(healthyIds);
    expect([healthySse.error, healthyWs.error, resumedSse.error, resumedWs.error]).toEqual([null, null, null, null]);
    expect([...sseBefore, ...resumedSse.payloads.map(idOf)]).toEqual(healthyIds);
    expect([...wsBefore, ...resumedWs.payloads.map(idOf)]).toEqual(healthyIds);
    for (const r of [healthySse, healthyWs, resumedSse, resumedWs]) r.dispose();
  }, 120_000);
});
