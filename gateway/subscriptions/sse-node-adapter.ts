import http from 'node:http';
import { Socket } from 'node:net';
import type { Handler } from 'graphql-sse';
import { boundedBody, isRefusal, sendRefusal } from './sse-refusals';
import { TOKEN_HEADER, tokenOf, type ReservedConnections } from './sse-reserved-connections';

/** Resolves when the response takes writes again, or is gone. */
function drained(res: http.ServerResponse): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/**
 * graphql-sse's protocol handler on node:http, as its `use/http` adapter runs it, except that a
 * POST body is read up to the gateway's body limit first (that adapter buffers any body) and one
 * over it is refused 413 PAYLOAD_TOO_LARGE before the handler sees the request, and a stream's
 * frames are written as the response takes them (not one write callback at a time), its reserved
 * connection told when the response holds back. A reservation it answers (PUT, 201) is handed to
 * the reserved connections, which drop it if its stream does not open in time.
 */
export function onNodeHttp(handler: Handler<http.IncomingMessage, undefined>, bodyLimit: number, connections: ReservedConnections): (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void> {
  return async (req, res) => {
    let body: string | null = null;
    if (req.method === 'POST') {
      const read = await boundedBody(req, bodyLimit);
      if (isRefusal(read)) return sendRefusal(res, read);
      body = read;
    }
    const [answer, init] = await handler({
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      headers: {
        get: (key) => {
          const value = req.headers[key];
          return Array.isArray(value) ? value.join('\n') : value;
        },
      },
      body,
      raw: req,
      context: undefined,
    });
    if (req.method === 'PUT' && init.status === 201 && typeof answer === 'string') connections.reserve(answer);
    res.writeHead(init.status, init.statusText, init.headers);
    if (!answer || typeof answer === 'string') return void res.end(answer ?? undefined);
    const stop = () => void answer.return(undefined);
    res.once('close', stop);
    const token = tokenOf(req);
    const conn = token === null ? null : connections.attach(token, res, stop);
    try {
      for await (const chunk of answer) {
        if (res.writableEnded || res.destroyed) break;
        if (!res.write(chunk)) await (conn ? conn.writable() : drained(res));
      }
    } finally {
      conn?.detach();
      res.off('close', stop);
      if (!res.writableEnded) res.end();
    }
  };
}

/**
 * Ends graphql-sse's reservation of `token` if its event stream has not opened. graphql-sse frees a
 * reservation only when its stream ends, so the stream is opened here, as a client's GET would, and
 * ended at once: the reservation is deleted and its operations returned. False when the stream is
 * open already (graphql-sse answers 409) or the token is not reserved.
 */
export async function dropUnopened(handler: Handler<http.IncomingMessage, undefined>, token: string): Promise<boolean> {
  const headers: Record<string, string> = { accept: 'text/event-stream', [TOKEN_HEADER]: token };
  const raw = new http.IncomingMessage(new Socket());
  raw.method = 'GET';
  raw.url = '/graphql';
  raw.headers = headers;
  const [answer, init] = await handler({
    method: 'GET',
    url: raw.url,
    headers: { get: (key) => headers[key] },
    body: null,
    raw,
    context: undefined,
  });
  if (init.status !== 200 || !answer || typeof answer === 'string') return false;
  await answer.return(undefined);
  return true;
}
