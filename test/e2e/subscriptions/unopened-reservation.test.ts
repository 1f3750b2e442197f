import http from 'node:http';
import { randomUUID } from 'node:crypto';
import type { ExecutionResult } from 'graphql';
import type { Federation } from '../../support/federation';
import { alertOf, touch, WARNING_CHANGES, withPushFederation } from './harness';
import { until } from '../../support/until';

/**
 * A graphql-sse reservation (PUT, single connection mode) whose event stream never opens is
 * dropped after SSE_RESERVATION_TTL_MS: the operations POSTed to it end and give back their
 * callers' slots (one each here, SUBSCRIPTIONS_PER_CALLER=1), gateway_sse_reservations_expired_total
 * counts it, and its token is unknown afterwards (404 `Stream not found` to the stream's GET and to
 * a POST; a PUT reserves it anew). A reservation whose stream opened in time is kept past it.
 */
const TTL_MS = 5000;
let fed: Federation;
withPushFederation({ gatewayEnv: { SSE_RESERVATION_TTL_MS: String(TTL_MS), SUBSCRIPTIONS_PER_CALLER: '1' } }, (started) => (fed = started));

const FILTER = { filter: { provinces: ['SH'] } };
const TOKEN_HEADER = 'x-graphql-event-stream-token';
const NOT_FOUND = { errors: [{ message: 'Stream not found' }] };

async function expiredCount(): Promise<number> {
  const text = await (await fetch(new URL('/metrics', fed.url))).text();
  const line = text.split('\n').find((l) => l.startsWith('gateway_sse_reservations_expired_total '));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

async function reserve(token: string): Promise<number> {
  return (await fetch(fed.url, { method: 'PUT', headers: { [TOKEN_HEADER]: token } })).status;
}

function sendOperation(token: string, operationId: string, authorization: string): Promise<Response> {
  const body = JSON.stringify({ query: WARNING_CHANGES, variables: FILTER, extensions: { operationId } });
  return fetch(fed.url, { method: 'POST', body, headers: { 'content-type': 'application/json', [TOKEN_HEADER]: token, authorization } });
}

/** A distinct event stream of the caller's: 200 (then closed at once), or its refusal's status and error codes. */
async function distinctStream(authorization: string): Promise<{ status: number; codes: unknown[] }> {
  const aborted = new AbortController();
  const res = await fetch(fed.url, {
    method: 'POST',
    body: JSON.stringify({ query: WARNING_CHANGES, variables: FILTER }),
    headers: { accept: 'text/event-stream', 'content-type': 'application/json', authorization },
    signal: aborted.signal,
  });
  if (res.status === 200) {
    aborted.abort();
    return { status: 200, codes: [] };
  }
  const body = (await res.json()) as { errors?: { extensions?: { code?: unknown } }[] };
  return { status: res.status, codes: (body.errors ?? []).map((e) => e.extensions?.code) };
}

/** A reservation's event stream, opened and read as it comes: each operation's `next` payloads. */
async function openStream(token: string) {
  const req = http.request(`${fed.url}?token=${token}`, { method: 'GET', headers: { accept: 'text/event-stream' } });
  const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
    req.once('response', resolve);
    req.once('error', reject);
    req.end();
  });
  expect(res.statusCode).toBe(200);
  let text = '';
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => (text += chunk));
  const payloadsOf = (opId: string): ExecutionResult[] =>
    text
      .split('\n\n')
      .filter((f) => f.startsWith('event: next'))
      .map((f) => JSON.parse(f.slice(f.indexOf('\ndata:') + 6)) as { id: string; payload: ExecutionResult })
      .filter((d) => d.id === opId)
      .map((d) => d.payload);
  return { payloadsOf, close: () => req.destroy() };
}

const headlineOf = (p: ExecutionResult): unknown => (p.data as { warningChanges: { warning: { headline: string } | null } } | null)?.warningChanges.warning?.headline;

describe('a graphql-sse reservation whose event stream never opens', () => {
  it('is dropped after SSE_RESERVATION_TTL_MS: its operations end and free their slots, it is counted, its token is unknown; one opened in time is kept', async () => {
    const bearer = async (sub: string) => `Bearer ${await fed.token({ sub, role: 'app' })}`;
    const [unopenedAuth, openedAuth] = await Promise.all(['unopened-reservation', 'opened-reservation'].map(bearer));
    const [opened, unopened] = [randomUUID(), randomUUID()];
    const before = await expiredCount();
    // Reserved first: once the other reservation is dropped, this one's TTL has passed as well.
    expect(await reserve(opened)).toBe(201);
    const stream = await openStream(opened);
    try {
      expect((await sendOperation(opened, 'kept', openedAuth)).status).toBe(202);
      expect(await reserve(unopened)).toBe(201);
      expect((await sendOperation(unopened, 'dropped', unopenedAuth)).status).toBe(202);
      // While the reservation lives, its operation holds the caller's one slot.
      expect(await distinctStream(unopenedAuth)).toEqual({ status: 400, codes: ['TOO_MANY_SUBSCRIPTIONS'] });

      await until(async () => (await expiredCount()) > before, TTL_MS + 15_000, 'the unopened reservation is counted as dropped');
      expect(await expiredCount()).toBe(before + 1);
      const get = await fetch(`${fed.url}?token=${unopened}`, { headers: { accept: 'text/event-stream' } });
      expect([get.status, await get.json()]).toEqual([404, NOT_FOUND]);
      const post = await sendOperation(unopened, 'late', unopenedAuth);
      expect([post.status, await post.json()]).toEqual([404, NOT_FOUND]);
      expect(await distinctStream(unopenedAuth)).toEqual({ status: 200, codes: [] });
      expect(await reserve(unopened)).toBe(201);

      // The reservation opened in time still carries its operation's events.
      await touch(fed, 'SH', alertOf(fed, 'SH').sourceId, { headline: 'after the reservation TTL' });
      await until(async () => stream.payloadsOf('kept').some((p) => headlineOf(p) === 'after the reservation TTL'), 20_000, 'the kept operation receives the change');
      expect(stream.payloadsOf('kept').every((p) => p.errors === undefined)).toBe(true);
    } finally {
      // Open, the stream would keep the gateway from closing if the test fails.
      stream.close();
    }
  }, 90_000);
});
