import type { Federation } from '../../support/federation';
import { alertOf, feedMark, touch, WARNING_CHANGES, withPushFederation } from './harness';

const LIMIT = 4_096;
let fed: Federation;

withPushFederation({ gatewayEnv: { GATEWAY_BODY_LIMIT_BYTES: String(LIMIT) } }, (started) => (fed = started));

/** A subscription body of exactly `bytes` bytes: the warning subscription with a padding variable the operation does not declare. */
function bodyOf(bytes: number, variables: Record<string, unknown> = {}, extensions?: Record<string, unknown>): string {
  const of = (pad: string) => JSON.stringify({ query: WARNING_CHANGES, variables: { ...variables, pad }, extensions });
  const body = of('x'.repeat(bytes - of('').length));
  expect(Buffer.byteLength(body)).toBe(bytes);
  return body;
}

const postStream = (body: string, headers: Record<string, string> = {}) =>
  fetch(fed.url, { method: 'POST', headers: { accept: 'text/event-stream', 'content-type': 'application/json', ...headers }, body });

/** Reads an event stream until a `next` event whose data satisfies `wanted`, up to `ms`. */
async function nextEvent(res: Response, wanted: (data: string) => boolean, ms = 10_000): Promise<string> {
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const until = Date.now() + ms;
  let text = '';
  try {
    while (Date.now() < until) {
      let timer: NodeJS.Timeout | undefined;
      const chunk = await Promise.race([reader.read(), new Promise<null>((r) => (timer = setTimeout(() => r(null), until - Date.now())))]);
      clearTimeout(timer);
      if (chunk === null || chunk.done) break;
      text += decoder.decode(chunk.value, { stream: true });
      const data = text.split('\n\n').find((frame) => frame.startsWith('event: next') && wanted(frame));
      if (data) return data.slice(data.indexOf('data: ') + 6);
    }
    throw new Error(`no matching event within ${ms} ms; got: ${text.slice(0, 300)}`);
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

describe('GraphQL over SSE: request bodies bounded by GATEWAY_BODY_LIMIT_BYTES, as at /graphql', () => {
  it('refuses a subscription body one byte over the limit with 413 PAYLOAD_TOO_LARGE, the answer /graphql gives the same body', async () => {
    const body = bodyOf(LIMIT + 1);
    const overSse = await postStream(body);
    const overGraphql = await fetch(fed.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const [sse, graphql] = [await overSse.json(), await overGraphql.json()];
    expect([overSse.status, overGraphql.status]).toEqual([413, 413]);
    expect(sse).toEqual({ errors: [{ message: `request body exceeds ${LIMIT} bytes`, extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
    expect(sse).toEqual(graphql);
  });

  it('refuses a body far over the limit without buffering it, and keeps serving', async () => {
    const over = await postStream(bodyOf(LIMIT * 256));
    expect(over.status).toBe(413);
    expect(((await over.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    expect((await fed.query('{ warnings(first: 1) { totalCount } }')).errors).toBeUndefined();
  });

  it('serves a subscription body of exactly the limit: the stream opens and delivers the change', async () => {
    const mark = await feedMark(fed);
    const res = await postStream(bodyOf(LIMIT, { filter: { provinces: ['SH'] } }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    await mark.positionsTaken(1);
    const target = alertOf(fed, 'SH');
    await touch(fed, 'SH', target.sourceId, { headline: 'a body at the limit still subscribes' });
    const data = JSON.parse(await nextEvent(res, (frame) => frame.includes(target.id))) as { data: { warningChanges: { kind: string; warning: { id: string; headline: string } } } };
    expect(data.data.warningChanges).toMatchObject({ kind: 'UPDATED', warning: { id: target.id, headline: 'a body at the limit still subscribes' } });
  });

  it('bounds the single-connection mode too: an operation over the limit is 413, one at the limit is accepted on the reserved stream', async () => {
    const reserved = await fetch(fed.url, { method: 'PUT' });
    expect(reserved.status).toBe(201);
    const token = await reserved.text();
    const post = (bytes: number) =>
      fetch(fed.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-graphql-event-stream-token': token }, body: bodyOf(bytes, {}, { operationId: `op-${bytes}` }) });
    const over = await post(LIMIT + 1);
    expect(over.status).toBe(413);
    expect(await over.json()).toEqual({ errors: [{ message: `request body exceeds ${LIMIT} bytes`, extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
    const stream = await fetch(`${fed.url}?token=${encodeURIComponent(token)}`, { headers: { accept: 'text/event-stream' } });
    expect(stream.status).toBe(200);
    const accepted = await post(LIMIT);
    expect(accepted.status).toBe(202);
    await stream.body?.cancel();
  });
});

describe('GraphQL over SSE: malformed request parameters are refused before anything subscribes', () => {
  it.each([
    ['a body that is not an object', '[1]', 'JSON body must be an object'],
    ['no query', JSON.stringify({ variables: {} }), 'Missing query'],
    ['a query that is not text', JSON.stringify({ query: 5 }), 'Invalid query'],
    ['variables that are not an object', JSON.stringify({ query: WARNING_CHANGES, variables: [] }), 'Invalid variables'],
  ])('%s: 400 with the reason as the only error', async (_name, body, message) => {
    const res = await postStream(body);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await res.json()).toEqual({ errors: [{ message }] });
  });
});
