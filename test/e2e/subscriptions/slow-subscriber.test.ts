import http from 'node:http';
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import type { ExecutionResult } from 'graphql';
import type { Federation } from '../../support/federation';
import type { SlowTransport } from '../../../gateway/subscriptions/slow-subscribers';
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

async function tooSlowCount(transport: SlowTransport): Promise<number> {
  const text = await (await fetch(new URL('/metrics', fed.url))).text();
  const line = text.split('\n').find((l) => l.startsWith(`gateway_subscribers_too_slow_total{transport="${transport}"}`));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

const bearer = async (sub: string): Promise<string> => `Bearer ${await fed.token({ sub, role: 'app' })}`;

/** Rounds of changes to six SH warnings, each headline `<tag> <round> <BIG>`, each followed by 300 ms for the feeds' polls. */
class Rounds {
  made = 0;
  constructor(private readonly tag: string) {}

  async next(): Promise<void> {
    this.made += 1;
    for (let i = 0; i < 6; i++) await touch(fed, 'SH', alertOf(fed, 'SH', i).sourceId, { headline: `${this.tag} ${this.made} ${BIG}` });
    await settle(300);
  }
}

/** A stalled stream's read to the end, started once its close is counted past `closedBefore` of its transport. */
class StalledRead<T> {
  started: Promise<T> | null = null;
  constructor(
    readonly transport: SlowTransport,
    readonly closedBefore: number,
    private readonly read: () => Promise<T>,
  ) {}

  start(): void {
    this.started ??= this.read();
  }
}

/** Rounds of changes until the close of each stalled stream is counted, at most `maxRounds`. */
async function stallUntilClosed(rounds: Rounds, maxRounds: number, reads: readonly StalledRead<unknown>[]): Promise<void> {
  while (rounds.made < maxRounds && reads.some((r) => r.started === null)) {
    await rounds.next();
    // Each stalled stream is read as soon as its close is counted: its socket is destroyed if it does not flush within the grace.
    for (const r of reads) if (r.started === null && (await tooSlowCount(r.transport)) > r.closedBefore) r.start();
  }
}

/**
 * A round of changes, the closed subscribers resumed (`resume`, each with the ids it received before
 * its close), another round; then waits until the healthy subscriber has every event of the run
 * (its count holds for 1.5 s), each resumed one the rest, and each of `alongside` all of them.
 * Returns the resumed subscriptions and the ids of every event the healthy one received.
 */
async function resumeAndCatchUp(rounds: Rounds, healthy: Received, resume: () => { resumed: Received; before: readonly string[] }[], alongside: readonly Received[] = []): Promise<{ resumed: Received[]; all: string[] }> {
  await rounds.next();
  const resumed = resume();
  await rounds.next();
  for (let last = -1; last !== healthy.payloads.length; await settle(1500)) last = healthy.payloads.length;
  const held = healthy.payloads.length;
  await Promise.all([...resumed.map((r) => r.resumed.count(held - r.before.length, 20_000)), ...alongside.map((r) => r.count(held, 20_000))]);
  await settle(500);
  return { resumed: resumed.map((r) => r.resumed), all: healthy.payloads.map(idOf) };
}

describe('a subscriber that stops reading', () => {
  it('is closed past the bound (SSE: SUBSCRIBER_TOO_SLOW then complete; graphql-ws: 4413), the others get every event, and it resumes with the rest exactly once', async () => {
    const [healthySseAuth, healthyWsAuth, slowSseAuth, slowWsAuth] = await Promise.all(['healthy-sse', 'healthy-ws', 'slow-sse', 'slow-ws'].map(bearer));
    const healthySse = subscribeSse(sseClient(fed, { authorization: healthySseAuth }), WARNING_CHANGES, FILTER);
    const healthyWs = subscribeWs(wsClient(fed, healthyWsAuth), WARNING_CHANGES, FILTER);
    const slowSse = stalledSse(fed.url, slowSseAuth);
    const slowWs = await stalledWs(fed.url, slowWsAuth);
    await settle();
    const rounds = new Rounds('round');
    const sseRead = new StalledRead('sse', 0, () => slowSse.readToEnd());
    const wsRead = new StalledRead('graphql-ws', 0, () => slowWs.readToEnd());
    await stallUntilClosed(rounds, 60, [sseRead, wsRead]);
    // Only the two stalled subscribers: the healthy ones were never closed.
    expect([await tooSlowCount('sse'), await tooSlowCount('graphql-ws')]).toEqual([1, 1]);
    const [sseSeen, wsSeen] = await Promise.all([sseRead.started, wsRead.started]);
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
    const {
      resumed: [resumedSse, resumedWs],
      all: healthyIds,
    } = await resumeAndCatchUp(
      rounds,
      healthySse,
      () => [
        { resumed: subscribeSse(sseClient(fed, { authorization: slowSseAuth, 'last-event-id': sseBefore.at(-1) as string }), WARNING_CHANGES, FILTER), before: sseBefore },
        { resumed: subscribeWs(wsClient(fed, slowWsAuth), WARNING_CHANGES, { ...FILTER, after: wsBefore.at(-1) }), before: wsBefore },
      ],
      [healthyWs],
    );
    expect(healthyIds.length).toBeGreaterThanOrEqual(rounds.made);
    expect(healthyWs.payloads.map(idOf)).toEqual(healthyIds);
    expect([healthySse.error, healthyWs.error, resumedSse.error, resumedWs.error]).toEqual([null, null, null, null]);
    expect([...sseBefore, ...resumedSse.payloads.map(idOf)]).toEqual(healthyIds);
    expect([...wsBefore, ...resumedWs.payloads.map(idOf)]).toEqual(healthyIds);
    for (const r of [healthySse, healthyWs, resumedSse, resumedWs]) r.dispose();
  }, 120_000);

  it('in single connection mode closes the reserved connection past the bound: each of its operations gets SUBSCRIBER_TOO_SLOW and complete, the reservation and the slots are released, and each resumes with the rest exactly once', async () => {
    const [healthyAuth, slowA, slowB] = await Promise.all(['healthy-single', 'slow-single-a', 'slow-single-b'].map(bearer));
    const healthy = subscribeSse(sseClient(fed, { authorization: healthyAuth }, true), WARNING_CHANGES, FILTER);
    const token = randomUUID();
    const stalled = await stalledSingleConnection(fed.url, token);
    await stalled.operation('a', slowA);
    await stalled.operation('b', slowB);
    await settle();
    const closedBefore = await tooSlowCount('sse');
    const rounds = new Rounds('single');
    const read = new StalledRead('sse', closedBefore, () => stalled.readToEnd());
    await stallUntilClosed(rounds, 40, [read]);
    expect(await tooSlowCount('sse')).toBe(closedBefore + 1);
    const frames = await (read.started as ReturnType<typeof stalled.readToEnd>);
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

    const resume = (authorization: string, after: string) => subscribeSse(sseClient(fed, { authorization }, true), WARNING_CHANGES, { ...FILTER, after });
    const {
      resumed: [resumedA, resumedB],
      all,
    } = await resumeAndCatchUp(rounds, healthy, () => [
      { resumed: resume(slowA, aBefore.at(-1) as string), before: aBefore },
      { resumed: resume(slowB, bBefore.at(-1) as string), before: bBefore },
    ]);
    expect([healthy.error, resumedA.error, resumedB.error, healthy.completed]).toEqual([null, null, null, false]);
    expect([...aBefore, ...resumedA.payloads.map(idOf)]).toEqual(all);
    expect([...bBefore, ...resumedB.payloads.map(idOf)]).toEqual(all);
    for (const r of [healthy, resumedA, resumedB]) r.dispose();
  }, 150_000);
});
