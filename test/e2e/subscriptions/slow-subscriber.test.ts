import http from 'node:http';
import { randomUUID } from 'node:crypto';
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
/**
 * A long headline, so that a few dozen events fill the loopback socket's buffers: a paused client
 * holds back the server's writes only after about 3.9 MB (measured: the kernel's send buffer grows
 * to tcp_wmem's 4 MB), 60 events of 64 KB or 6,600 of a normal payload's 600 bytes, and Node cannot
 * shrink a TCP socket's buffers, so small events would not stall it sooner.
 */
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

/** SSE frames read from a stream's text: each `next` event's data, and the `complete` events' data. */
function framesOf(text: string): { event: string; data: unknown }[] {
  return text
    .split('\n\n')
    .filter((f) => f.startsWith('event:'))
    .map((f) => {
      const data = f.slice(f.indexOf('\ndata:') + 6).trim();
      return { event: f.slice(7, f.indexOf('\n')), data: data ? (JSON.parse(data) as unknown) : null };
    });
}

/**
 * graphql-sse's single connection mode at the protocol level: a reservation (PUT), its event
 * stream opened and paused at once (the socket stops reading), and operations POSTed with the
 * token, each under a caller of its own.
 */
async function stalledSingleConnection(url: string, token: string) {
  const put = await fetch(url, { method: 'PUT', headers: { 'x-graphql-event-stream-token': token } });
  if (put.status !== 201) throw new Error(`PUT: HTTP ${put.status}`);
  const req = http.request(`${url}?token=${token}`, { method: 'GET', headers: { accept: 'text/event-stream' } });
  const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
    req.once('response', (r) => {
      r.pause();
      resolve(r);
    });
    req.once('error', reject);
    req.end();
  });
  return {
    async operation(operationId: string, authorization: string): Promise<void> {
      const body = JSON.stringify({ query: WARNING_CHANGES, variables: FILTER, extensions: { operationId } });
      const sent = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-graphql-event-stream-token': token, authorization } });
      if (sent.status !== 202) throw new Error(`POST ${operationId}: HTTP ${sent.status} ${await sent.text()}`);
    },
    /** Reads what the gateway sent until the connection ends. */
    async readToEnd(): Promise<{ event: string; data: unknown }[]> {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      await new Promise<void>((resolve) => {
        res.once('end', resolve);
        res.once('close', resolve);
        res.resume();
      });
      return framesOf(text);
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
    // Each stalled stream is read as soon as its close is counted: its socket is destroyed if it does not flush within the grace.
    let sseRead: ReturnType<typeof slowSse.readToEnd> | null = null;
    let wsRead: ReturnType<typeof slowWs.readToEnd> | null = null;
    while (rounds < 60 && (sseRead === null || wsRead === null)) {
      await round(++rounds);
      if (sseRead === null && (await tooSlowCount('sse')) >= 1) sseRead = slowSse.readToEnd();
      if (wsRead === null && (await tooSlowCount('graphql-ws')) >= 1) wsRead = slowWs.readToEnd();
    }
    // Only the two stalled subscribers: the healthy ones were never closed.
    expect([await tooSlowCount('sse'), await tooSlowCount('graphql-ws')]).toEqual([1, 1]);
    const [sseSeen, wsSeen] = await Promise.all([sseRead, wsRead]);
    if (!sseSeen || !wsSeen) throw new Error('unreachable: both reads started');
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

  it('in single connection mode closes the reserved connection past the bound: each of its operations gets SUBSCRIBER_TOO_SLOW and complete, the reservation and the slots are released, and each resumes with the rest exactly once', async () => {
    const bearer = async (sub: string) => `Bearer ${await fed.token({ sub, role: 'app' })}`;
    const [healthyAuth, slowA, slowB] = await Promise.all(['healthy-single', 'slow-single-a', 'slow-single-b'].map(bearer));
    const healthy = subscribeSse(sseClient(fed, { authorization: healthyAuth }, true), WARNING_CHANGES, FILTER);
    const token = randomUUID();
    const stalled = await stalledSingleConnection(fed.url, token);
    await stalled.operation('a', slowA);
    await stalled.operation('b', slowB);
    await settle();
    const closedBefore = await tooSlowCount('sse');
    const targets = Array.from({ length: 6 }, (_, i) => alertOf(fed, 'SH', i));
    const round = async (r: number) => {
      for (const t of targets) await touch(fed, 'SH', t.sourceId, { headline: `single ${r} ${BIG}` });
      await settle(300);
    };
    let rounds = 0;
    let read: ReturnType<typeof stalled.readToEnd> | null = null;
    while (rounds < 40 && read === null) {
      await round(++rounds);
      if ((await tooSlowCount('sse')) > closedBefore) read = stalled.readToEnd();
    }
    expect(await tooSlowCount('sse')).toBe(closedBefore + 1);
    const frames = await (read as ReturnType<typeof stalled.readToEnd>);
    type OpFrame = { id: string; payload?: ExecutionResult };
    const ofOp = (id: string) => frames.filter((f) => (f.data as OpFrame | null)?.id === id);
    for (const id of ['a', 'b']) {
      const own = ofOp(id);
      // The events the socket took, then the reason, then complete; the connection then ends.
      expect(own.slice(-2).map((f) => [f.event, codeOf((f.data as OpFrame).payload ?? {})])).toEqual([
        ['next', 'SUBSCRIBER_TOO_SLOW'],
        ['complete', undefined],
      ]);
      expect(own.slice(0, -2).every((f) => f.event === 'next' && codeOf((f.data as OpFrame).payload as ExecutionResult) === undefined)).toBe(true);
    }
    const before = (id: string) => ofOp(id).slice(0, -2).map((f) => idOf((f.data as OpFrame).payload as ExecutionResult));
    const [aBefore, bBefore] = [before('a'), before('b')];
    expect([aBefore.length > 0, bBefore.length > 0]).toEqual([true, true]);
    // The reservation is gone (the token can be reserved again) and each caller's one slot is free.
    const again = await fetch(fed.url, { method: 'PUT', headers: { 'x-graphql-event-stream-token': token } });
    expect(again.status).toBe(201);

    await round(++rounds);
    const resume = (authorization: string, after: string) =>
      subscribeSse(sseClient(fed, { authorization }, true), WARNING_CHANGES, { ...FILTER, after });
    const resumedA = resume(slowA, aBefore.at(-1) as string);
    const resumedB = resume(slowB, bBefore.at(-1) as string);
    await round(++rounds);
    for (let last = -1; last !== healthy.payloads.length; await settle(1500)) last = healthy.payloads.length;
    const all = healthy.payloads.map(idOf);
    await Promise.all([resumedA.count(all.length - aBefore.length, 20_000), resumedB.count(all.length - bBefore.length, 20_000)]);
    await settle(500);
    expect([healthy.error, resumedA.error, resumedB.error, healthy.completed]).toEqual([null, null, null, false]);
    expect([...aBefore, ...resumedA.payloads.map(idOf)]).toEqual(all);
    expect([...bBefore, ...resumedB.payloads.map(idOf)]).toEqual(all);
    for (const r of [healthy, resumedA, resumedB]) r.dispose();
  }, 150_000);
});
