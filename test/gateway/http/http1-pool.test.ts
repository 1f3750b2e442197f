import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { Http1Error, Http1Pool } from '../../../gateway/http/http1-pool';
import { until } from '../../support/until';

/**
 * Http1Pool against real servers on 127.0.0.1: node:http for what servers usually send, and raw
 * TCP servers for the framings, splits and failures node:http does not produce on demand.
 */

const TEXT = '{"data":{"headline":"长三角暴雨橙色预警"}}';

interface Served {
  origin: string;
  /** Connections the server has accepted. */
  connections: number;
  bodies: string[];
  close(): Promise<void>;
}

/** A server's record, its origin known once it listens on 127.0.0.1. */
function record(close: () => Promise<void>): Served {
  return { origin: '', connections: 0, bodies: [], close };
}

async function listen(server: net.Server, served: Served): Promise<Served> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  served.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return served;
}

async function serveHttp(handle: (req: IncomingMessage, res: ServerResponse, body: string) => void, configure: (server: Server) => void = () => undefined): Promise<Served> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      served.bodies.push(body);
      handle(req, res, body);
    });
  });
  configure(server);
  server.on('connection', () => (served.connections += 1));
  const served = record(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return listen(server, served);
}

/** A TCP server that answers each request (read up to its head's end and content-length) with `answer`'s bytes, written as given. */
async function serveRaw(answer: (socket: net.Socket, request: string) => void): Promise<Served> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    served.connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let pending = '';
    socket.on('data', (chunk: Buffer) => {
      pending += chunk.toString('latin1');
      for (;;) {
        const end = pending.indexOf('\r\n\r\n');
        if (end < 0) return;
        const length = Number(/content-length: (\d+)/i.exec(pending.slice(0, end))?.[1] ?? 0);
        if (pending.length < end + 4 + length) return;
        const request = pending.slice(0, end + 4 + length);
        pending = pending.slice(end + 4 + length);
        served.bodies.push(Buffer.from(request.slice(end + 4), 'latin1').toString('utf8'));
        answer(socket, request);
      }
    });
    socket.on('error', () => undefined);
  });
  const served = record(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return listen(server, served);
}

/** Writes `bytes` one write at a time in pieces of `size` bytes, a pause between them (so that the client reads them apart). */
async function writeInPieces(socket: net.Socket, bytes: Buffer, size: number): Promise<void> {
  for (let at = 0; at < bytes.length; at += size) {
    socket.write(bytes.subarray(at, at + size));
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

async function withPool(served: Served, run: (pool: Http1Pool) => Promise<void>, options = {}): Promise<void> {
  const pool = new Http1Pool(served.origin, options);
  try {
    await run(pool);
  } finally {
    await pool.close();
    await served.close();
  }
}

const post = (body = '{"query":"{ a }"}', headers: Record<string, string> = { 'content-type': 'application/json' }) => ({ method: 'POST', path: '/graphql', headers, body });

describe('Http1Pool', () => {
  it('sends a POST with its headers and UTF-8 body, and reads node:http\'s chunked answer with its status and headers', async () => {
    const served = await serveHttp((req, res, body) => {
      res.writeHead(201, { 'content-type': 'application/json', 'cache-control': 'max-age=3', 'x-echo': `${req.headers['x-request-id']} ${req.headers.host}` });
      res.end(JSON.stringify({ body }));
    });
    await withPool(served, async (pool) => {
      const res = await pool.request(post('{"q":"暴雨"}', { 'content-type': 'application/json', 'X-Request-Id': 'r1' }));
      expect(res.statusCode).toBe(201);
      expect(res.headers['cache-control']).toBe('max-age=3');
      expect(res.headers['transfer-encoding']).toBe('chunked');
      expect(res.headers['x-echo']).toBe(`r1 ${new URL(served.origin).host}`);
      expect(JSON.parse(res.text)).toEqual({ body: '{"q":"暴雨"}' });
    });
  });

  it('reads a Content-Length body and a chunked body split at every byte, a character split between two reads', async () => {
    const body = Buffer.from(TEXT);
    const chunked = Buffer.concat([Buffer.from(`5;ext=1\r\n`), body.subarray(0, 5), Buffer.from('\r\n'), Buffer.from(`${(body.length - 5).toString(16)}\r\n`), body.subarray(5), Buffer.from('\r\n0\r\nx-trailer: t\r\n\r\n')]);
    const served = await serveRaw((socket, request) => {
      const head = request.includes('/length') ? `HTTP/1.1 200 OK\r\ncontent-length: ${body.length}\r\n\r\n` : 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n';
      void writeInPieces(socket, Buffer.concat([Buffer.from(head), request.includes('/length') ? body : chunked]), 1);
    });
    await withPool(served, async (pool) => {
      expect((await pool.request({ method: 'GET', path: '/length' })).text).toBe(TEXT);
      expect((await pool.request({ method: 'GET', path: '/chunked' })).text).toBe(TEXT);
      expect((await pool.request({ method: 'GET', path: '/length' })).text).toBe(TEXT);
      expect(served.connections).toBe(1);
    });
  });

  it('keeps connections alive and never opens more than it may: 20 requests at once over 3', async () => {
    const served = await serveHttp((_req, res, body) => setTimeout(() => res.end(body), 5));
    await withPool(
      served,
      async (pool) => {
        const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => pool.request(post(`{"n":${i}}`))));
        expect(answers.map((a) => a.text)).toEqual(Array.from({ length: 20 }, (_, i) => `{"n":${i}}`));
        expect(served.connections).toBe(3);
        await pool.request(post());
        expect(served.connections).toBe(3);
      },
      { connections: 3 },
    );
  });

  it('opens a new connection when the server has closed an idle one, or answered "Connection: close"', async () => {
    // The server ends each connection 100 ms after its last answer, and at once after one saying "close".
    const served = await serveRaw((socket, request) => {
      if (request.includes('/close')) return void socket.end('HTTP/1.1 200 OK\r\nconnection: close\r\ncontent-length: 2\r\n\r\nok');
      socket.write('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok');
      clearTimeout((socket as net.Socket & { idle?: NodeJS.Timeout }).idle);
      (socket as net.Socket & { idle?: NodeJS.Timeout }).idle = setTimeout(() => socket.end(), 100);
    });
    await withPool(served, async (pool) => {
      expect((await pool.request(post())).text).toBe('ok');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect((await pool.request(post())).text).toBe('ok');
      expect(served.connections).toBe(2);
      expect((await pool.request({ ...post(), path: '/close' })).text).toBe('ok');
      expect(served.connections).toBe(2);
      expect((await pool.request(post())).text).toBe('ok');
      expect(served.connections).toBe(3);
    });
  });

  it('gives up an idle connection a second before the server\'s Keep-Alive timeout', async () => {
    const served = await serveRaw((socket) => socket.write('HTTP/1.1 200 OK\r\nkeep-alive: timeout=1\r\ncontent-length: 2\r\n\r\nok'));
    await withPool(served, async (pool) => {
      await pool.request(post());
      await new Promise((resolve) => setTimeout(resolve, 50));
      // timeout=1: kept for 0 ms, so this one goes over a new connection.
      await pool.request(post());
      expect(served.connections).toBe(2);
    });
  });

  it('reads a body framed by the connection\'s end, and answers without a body (204, 304, HEAD)', async () => {
    const served = await serveRaw((socket, request) => {
      if (request.startsWith('HEAD')) socket.write('HTTP/1.1 200 OK\r\ncontent-length: 99\r\n\r\n');
      else if (request.includes('/204')) socket.write('HTTP/1.1 204 No Content\r\n\r\n');
      else if (request.includes('/304')) socket.write('HTTP/1.1 304 Not Modified\r\n\r\n');
      else socket.end(`HTTP/1.0 200 OK\r\ncontent-type: text/plain\r\n\r\n${TEXT}`);
    });
    await withPool(served, async (pool) => {
      expect((await pool.request({ method: 'HEAD', path: '/' })).text).toBe('');
      expect(await pool.request({ method: 'GET', path: '/204' })).toMatchObject({ statusCode: 204, text: '' });
      expect(await pool.request({ method: 'GET', path: '/304' })).toMatchObject({ statusCode: 304, text: '' });
      expect(served.connections).toBe(1);
      // The server ends the connection after each of these: the second goes over a new one.
      expect((await pool.request({ method: 'GET', path: '/close' })).text).toBe(TEXT);
      expect((await pool.request({ method: 'GET', path: '/close' })).text).toBe(TEXT);
      expect(served.connections).toBe(2);
    });
  });

  it('passes over an informational answer, and gives repeated headers as a list', async () => {
    const served = await serveRaw((socket) => socket.write('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nset-cookie: b=2\r\nContent-Length: 2\r\n\r\nok'));
    await withPool(served, async (pool) => {
      const res = await pool.request(post());
      expect(res).toMatchObject({ statusCode: 200, text: 'ok' });
      expect(res.headers['set-cookie']).toEqual(['a=1', 'b=2']);
    });
  });

  it('fails a request whose connection breaks or whose answer is not HTTP, and goes on with the next', async () => {
    let count = 0;
    const served = await serveRaw((socket) => {
      count += 1;
      if (count === 1) socket.destroy();
      else if (count === 2) socket.end('HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\nshort');
      else if (count === 3) socket.write('SMTP ready\r\n\r\n');
      else if (count === 4) socket.write('HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n');
      else socket.write('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok');
    });
    await withPool(served, async (pool) => {
      await expect(pool.request(post())).rejects.toMatchObject({ code: 'CONNECTION' });
      await expect(pool.request(post())).rejects.toMatchObject({ code: 'CONNECTION' });
      await expect(pool.request(post())).rejects.toMatchObject({ code: 'PROTOCOL', message: 'not an HTTP/1.x response' });
      await expect(pool.request(post())).rejects.toMatchObject({ code: 'PROTOCOL', message: 'invalid chunk size' });
      expect((await pool.request(post())).text).toBe('ok');
    });
  });

  it('fails when nothing listens', async () => {
    const served = await serveRaw(() => undefined);
    await served.close();
    const pool = new Http1Pool(served.origin);
    await expect(pool.request(post())).rejects.toMatchObject({ code: 'CONNECTION' });
    await pool.close();
  });

  it('gives up at its deadline or on its signal, waiting for the answer or queued behind another, and never sends a queued one', async () => {
    const served = await serveHttp((_req, res) => setTimeout(() => res.end('late'), 600));
    await withPool(
      served,
      async (pool) => {
        // Long enough for the first to reach the server on a loaded machine, shorter than its answer takes.
        const first = pool.request(post('{"n":1}'), { deadline: { ms: 250, error: () => new Error('deadline 1') } });
        const controller = new AbortController();
        const queued = pool.request(post('{"n":2}'), { signal: controller.signal });
        controller.abort(new Error('aborted 2'));
        await Promise.all([expect(first).rejects.toThrow('deadline 1'), expect(queued).rejects.toThrow('aborted 2')]);
        const aborted = new AbortController();
        aborted.abort(new Error('before'));
        await expect(pool.request(post(), { signal: aborted.signal })).rejects.toThrow('before');
        expect((await pool.request(post('{"n":3}'))).text).toBe('late');
        expect(served.bodies).toEqual(['{"n":1}', '{"n":3}']);
      },
      { connections: 1 },
    );
  });

  it('refuses a header that would split the message or frame the connection, and a path with spaces', async () => {
    const served = await serveHttp((_req, res) => res.end('ok'));
    await withPool(served, async (pool) => {
      await expect(pool.request(post('{}', { 'x-a': 'v\r\nx-injected: 1' }))).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
      await expect(pool.request(post('{}', { 'bad name': 'v' }))).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
      await expect(pool.request(post('{}', { connection: 'close' }))).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
      await expect(pool.request({ method: 'GET', path: '/a b' })).rejects.toBeInstanceOf(Http1Error);
      // A caller's content-length gives way to the body's.
      expect((await pool.request(post('{"a":1}', { 'content-length': '1' }))).text).toBe('ok');
      expect(served.bodies).toEqual(['{"a":1}']);
    });
  });

  it('once closed, refuses new requests and those waiting, and lets the one on a connection finish', async () => {
    const served = await serveHttp((_req, res) => setTimeout(() => res.end('done'), 100));
    const pool = new Http1Pool(served.origin, { connections: 1 });
    const running = pool.request(post());
    const waiting = pool.request(post());
    await until(() => served.bodies.length === 1);
    const closed = pool.close();
    await expect(waiting).rejects.toMatchObject({ code: 'CLOSED' });
    await expect(pool.request(post())).rejects.toMatchObject({ code: 'CLOSED' });
    expect((await running).text).toBe('done');
    await closed;
    await served.close();
  });

  it('serves http: origins only', () => {
    expect(() => new Http1Pool('https://127.0.0.1:1')).toThrow(Http1Error);
  });
});
