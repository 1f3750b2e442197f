import type http from 'node:http';
import type { Handler } from 'graphql-sse';
import { boundedBody, isRefusal, sendRefusal } from './sse-refusals';
import { tokenOf, type ReservedConnections } from './sse-reserved-connections';

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
 * connection told when the response holds back.
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
