import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, Pool } from 'undici';
import { requestWhole } from '../../../gateway/http/whole-response';
import { HttpShardTransport, ShardFailure } from '../../../gateway/shard-router/shard-transport';
import { ErrorCodes } from '../../../schema/error-codes';
import { until } from '../../support/until';

/**
 * One request read whole through undici's dispatch: against a real server on 127.0.0.1, the body
 * whatever its chunks, and a deadline or an abort signal that gives the request up wherever it is
 * (queued behind another, or waiting for the answer).
 */

interface Served {
  origin: string;
  /** Requests the server has begun to read. */
  received: string[];
  /** Requests whose connection closed before the server answered. */
  closedEarly: number;
  close(): Promise<void>;
}

async function serve(handle: (req: IncomingMessage, res: ServerResponse) => void): Promise<Served> {
  const server: Server = createServer((req, res) => {
    served.received.push(req.url ?? '');
    res.on('close', () => {
      if (!res.writableEnded) served.closedEarly += 1;
    });
    handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const served: Served = {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received: [],
    closedEarly: 0,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return served;
}

/** `run` against a server answering with `handle`, through an undici pool to it; both closed after. */
async function withPool(handle: (req: IncomingMessage, res: ServerResponse) => void, run: (served: Served, pool: Pool) => Promise<void>, options: Pool.Options = {}): Promise<void> {
  const served = await serve(handle);
  const pool = new Pool(served.origin, options);
  try {
    await run(served, pool);
  } finally {
    await pool.close();
    await served.close();
  }
}

const TEXT = '{"data":{"headline":"长三角暴雨橙色预警"}}';

describe('requestWhole', () => {
  it('reads a body sent in many chunks, a character split between two, with its status and headers', async () => {
    const bytes = Buffer.from(TEXT, 'utf8');
    await withPool((_req, res) => {
      res.writeHead(203, { 'content-type': 'application/json', 'cache-control': 'max-age=5' });
      for (let i = 0; i < bytes.length; i += 5) res.write(bytes.subarray(i, i + 5));
      res.end();
    }, async (served, pool) => {
      const answer = await requestWhole(pool, { method: 'POST', path: '/graphql', body: '{}' });
      expect(answer).toEqual({ statusCode: 203, headers: expect.objectContaining({ 'cache-control': 'max-age=5' }), text: TEXT });
      const agent = new Agent();
      const empty = await requestWhole(agent, { origin: served.origin, method: 'GET', path: '/' });
      expect(empty.statusCode).toBe(203);
      await agent.close();
    });
  });

  it('gives up at its deadline with the deadline error and closes the connection', async () => {
    await withPool(() => undefined, async (served, pool) => {
      const started = Date.now();
      await expect(requestWhole(pool, { method: 'GET', path: '/slow' }, { deadline: { ms: 150, error: () => new Error('too late') } })).rejects.toThrow('too late');
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
      await until(() => served.closedEarly === 1);
    });
  });

  it('gives up one queued behind another at its deadline, and never sends it', async () => {
    let release: () => void = () => undefined;
    await withPool((req, res) => {
      if (req.url === '/first') release = () => res.end('first');
      else res.end('second');
    }, async (served, pool) => {
      const first = requestWhole(pool, { method: 'GET', path: '/first' });
      await until(() => served.received.length === 1);
      await expect(requestWhole(pool, { method: 'GET', path: '/second' }, { deadline: { ms: 50, error: () => new Error('queued too long') } })).rejects.toThrow('queued too long');
      release();
      expect((await first).text).toBe('first');
      const third = await requestWhole(pool, { method: 'GET', path: '/third' });
      expect(third.text).toBe('second');
      expect(served.received).toEqual(['/first', '/third']);
    }, { connections: 1 });
  });

  it('rejects with the abort reason of a signal, aborted before or while it waits', async () => {
    await withPool(() => undefined, async (served, pool) => {
      const before = new AbortController();
      before.abort(new Error('not wanted'));
      await expect(requestWhole(pool, { method: 'GET', path: '/before' }, { signal: before.signal })).rejects.toThrow('not wanted');
      const during = new AbortController();
      const waiting = requestWhole(pool, { method: 'GET', path: '/during' }, { signal: during.signal });
      await until(() => served.received.includes('/during'));
      during.abort(new Error('no longer wanted'));
      await expect(waiting).rejects.toThrow('no longer wanted');
      expect(served.received).toEqual(['/during']);
    });
  });

  it('rejects with undici\'s error when nothing listens', async () => {
    const served = await serve(() => undefined);
    const origin = served.origin;
    await served.close();
    const pool = new Pool(origin);
    try {
      await expect(requestWhole(pool, { method: 'GET', path: '/' })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    } finally {
      await pool.close();
    }
  });
});

describe('HttpShardTransport over requestWhole', () => {
  it('answers a province\'s JSON with its max-age, and names a timeout, a refusal and a non-JSON answer', async () => {
    const served = await serve((req, res) => {
      if (req.url === '/slow/graphql') return;
      if (req.url === '/html/graphql') return void res.writeHead(502, { 'content-type': 'text/html' }).end('<html>bad gateway</html>');
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=7' }).end(TEXT);
    });
    const transport = new HttpShardTransport({ SH: `${served.origin}/graphql`, JS: `${served.origin}/slow/graphql`, ZJ: `${served.origin}/html/graphql`, AH: 'http://127.0.0.1:9/graphql' });
    const call = (province: 'SH' | 'JS' | 'ZJ' | 'AH') => transport.send({ province, headers: {}, timeoutMs: 200 }, { query: '{ a }' });
    try {
      expect(await call('SH')).toEqual({ data: { headline: '长三角暴雨橙色预警' }, maxAgeS: 7 });
      await expect(call('JS')).rejects.toMatchObject({ code: ErrorCodes.PROVINCE_TIMEOUT, message: 'JS did not answer within 200 ms' });
      await expect(call('ZJ')).rejects.toMatchObject({ code: ErrorCodes.PROVINCE_UNAVAILABLE, message: 'ZJ subgraph answered HTTP 502 without JSON' });
      const refused = call('AH');
      await expect(refused).rejects.toBeInstanceOf(ShardFailure);
      await expect(refused).rejects.toMatchObject({ code: ErrorCodes.PROVINCE_UNAVAILABLE, message: 'AH subgraph unreachable' });
    } finally {
      await transport.close();
      await served.close();
    }
  });
});

