import type http from 'node:http';
import { UnauthenticatedError, UNAUTHENTICATED, type CallerVerifier } from '../../schema/caller';
import type { PayloadStream } from './event-iterator';
import { openOperation, type OperationOpener, type OperationRequest } from './open-operation';
import { COMPLETE_FRAME, KeepAlive, nextFrame } from './sse-frames';
import { endWithin } from './slow-subscribers';
import { subscriberOf } from './subscriber-auth';
import { boundedBody, isRefusal, refusal, sendRefusal, type Refusal } from './sse-refusals';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The operation of a distinct-connection request, read as graphql-sse reads it (GET parameters or a JSON body), or its refusal. */
async function paramsOf(req: http.IncomingMessage, bodyLimit: number): Promise<OperationRequest | Refusal> {
  const bad = (message: string): Refusal => refusal(400, [{ message }]);
  let raw: Record<string, unknown>;
  if (req.method === 'GET') {
    try {
      const search = new URLSearchParams((req.url ?? '').split('?')[1]);
      const json = (name: string) => (search.get(name) ? (JSON.parse(search.get(name) as string) as unknown) : undefined);
      raw = { operationName: search.get('operationName') ?? undefined, query: search.get('query') ?? undefined, variables: json('variables'), extensions: json('extensions') };
    } catch {
      return bad('Unparsable URL');
    }
  } else if (req.method === 'POST' && (req.headers['content-type'] ?? '').includes('application/json')) {
    const body = await boundedBody(req, bodyLimit);
    if (isRefusal(body)) return body;
    try {
      const data = JSON.parse(body) as unknown;
      if (!isObject(data)) return bad('JSON body must be an object');
      raw = data;
    } catch (e) {
      return bad(e instanceof Error ? e.message : 'Unparsable body');
    }
  } else return { status: 415, statusText: 'Unsupported Media Type', body: null, headers: {} };
  if (raw.query == null) return bad('Missing query');
  if (typeof raw.query !== 'string') return bad('Invalid query');
  if (raw.variables != null && !isObject(raw.variables)) return bad('Invalid variables');
  if (raw.extensions != null && !isObject(raw.extensions)) return bad('Invalid extensions');
  return { query: raw.query, variables: (raw.variables as Record<string, unknown> | undefined) ?? null, operationName: typeof raw.operationName === 'string' ? raw.operationName : null };
}

/** A stream's body is delimited by the connection's close (no chunked framing), so each event is one socket write of the group's shared buffer. */
function openStream(res: http.ServerResponse): void {
  res.removeHeader('transfer-encoding');
  res.writeHead(200, 'OK', { connection: 'close', 'cache-control': 'no-cache', 'content-encoding': 'none', 'content-type': 'text/event-stream; charset=utf-8' });
}

/**
 * Writes the stream's payloads as they come, without an async step per event: the payload group
 * hands this stream its shared frame in one synchronous walk over its waiting members. A write the
 * socket cannot take at once pauses the stream until the response drains (its events wait in its
 * queue, none is dropped, up to SUBSCRIBER_MAX_QUEUED_EVENTS: past it the stream writes
 * SUBSCRIBER_TOO_SLOW and ends, and a socket that still does not flush is destroyed after a grace).
 * Resolves when the stream ends or the client goes.
 */
function pipe(res: http.ServerResponse, stream: PayloadStream): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const stop = () => void stream.return?.();
    const resume = () => stream.resume();
    res.once('close', stop);
    res.on('drain', resume);
    stream.drainInto({
      write: (value) => res.writable && res.write(nextFrame(value)),
      end: (error) => {
        res.off('close', stop);
        res.off('drain', resume);
        if (error === undefined) resolve();
        else reject(error);
      },
    });
    // A client gone while the operation opened has no close event left to end its stream.
    if (res.socket === null || res.socket.destroyed) stop();
  });
}

/**
 * graphql-sse's distinct connections mode (one operation per event stream, what its client uses
 * by default), served without per-connection protocol machinery: each payload is serialised once
 * per payload object, so the members of a group share one `next` frame, written as one buffer; one
 * timer keeps every stream alive. The protocol as graphql-sse's own handler speaks it: refusals
 * before anything subscribes (400 with the errors, 401 for the token, 413 for a body over the
 * gateway's limit), `next` events, `complete`.
 */
export function distinctSseStreams(verifier: CallerVerifier, opener: OperationOpener, bodyLimit: number): (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void> {
  const keepAlive = new KeepAlive();
  return async (req, res) => {
    const params = await paramsOf(req, bodyLimit);
    if ('status' in params) return sendRefusal(res, params);
    let subscriber;
    try {
      subscriber = await subscriberOf(verifier, req.headers.authorization, req);
    } catch (e) {
      if (e instanceof UnauthenticatedError) return sendRefusal(res, refusal(401, [{ message: e.message, extensions: { code: UNAUTHENTICATED } }]));
      throw e;
    }
    const lastEventId = req.headers['last-event-id'];
    const opened = await openOperation(opener, subscriber, params, typeof lastEventId === 'string' ? lastEventId : null);
    if (opened.kind === 'errors') return sendRefusal(res, refusal(400, opened.errors));
    openStream(res);
    keepAlive.add(res);
    let tooSlow = false;
    if (opened.kind === 'stream') opened.iterator.onTooSlow(() => ((tooSlow = true), opener.tooSlow?.inc({ transport: 'sse' })));
    try {
      if (opened.kind === 'single') res.write(nextFrame(await opened.result));
      else await pipe(res, opened.iterator);
    } finally {
      keepAlive.remove(res);
      if (tooSlow) endWithin(res, COMPLETE_FRAME);
      else if (res.writable) res.end(COMPLETE_FRAME);
    }
  };
}
