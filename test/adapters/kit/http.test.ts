import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { ProvinceUnavailableError } from '../../../adapters/kit/errors';
import {
  LegacyHttpClient,
  type BreakerState,
  type CallInfo,
  type LegacyHttpClientOptions,
  type RetryInfo,
} from '../../../adapters/kit/http';

interface Arrival {
  at: number;
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, arrival: Arrival) => void;

/** A legacy system on 127.0.0.1 whose answers each test scripts, recording every request it sees. */
class FakeLegacy {
  readonly arrivals: Arrival[] = [];
  connections = 0;
  inFlight = 0;
  maxInFlight = 0;
  handler: Handler = (_req, res) => res.end('ok');
  private readonly server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const arrival = { at: performance.now(), method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
      this.arrivals.push(arrival);
      this.inFlight++;
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
      res.on('close', () => this.inFlight--);
      this.handler(req, res, arrival);
    });
  });

  constructor() {
    this.server.on('connection', () => this.connections++);
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Answers each request with the next of `statuses`, then 200 "ok". */
  answerInTurn(...statuses: (number | { status: number; headers: Record<string, string> })[]): void {
    let i = 0;
    this.handler = (_req, res) => {
      const next = statuses[i++] ?? 200;
      const { status, headers } = typeof next === 'number' ? { status: next, headers: {} } : next;
      res.writeHead(status, headers).end(status === 200 ? 'ok' : `status ${status}`);
    };
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

let legacy: FakeLegacy;
let baseUrl: string;
const clients: LegacyHttpClient[] = [];

function client(options: Partial<LegacyHttpClientOptions> = {}): LegacyHttpClient {
  const c = new LegacyHttpClient({ province: 'AH', baseUrl, backoff: { initialMs: 20, maxMs: 50 }, ...options });
  clients.push(c);
  return c;
}

const get = (path = '/ahyj/api/yjxx/list') => ({ method: 'GET' as const, path, idempotent: true, endpoint: `GET ${path}` });
const post = (path = '/ahyj/api/jydw/zyqq/add', body = 'jdbh=AHJD0009') => ({
  method: 'POST' as const, path, body, idempotent: false, endpoint: `POST ${path}`,
});

/** The rejection of `promise`, which must reject. */
async function failure(promise: Promise<unknown>): Promise<ProvinceUnavailableError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(ProvinceUnavailableError);
    return err as ProvinceUnavailableError;
  }
  throw new Error('expected the request to fail');
}

beforeEach(async () => {
  legacy = new FakeLegacy();
  baseUrl = await legacy.start();
});

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await legacy.stop();
});

describe('a request that gets an answer', () => {
  it('sends method, path, encoded query and headers, and returns status, headers and the raw body', async () => {
    const gbk = Buffer.from([0xb0, 0xb2, 0xbb, 0xd5]); // 安徽 in GBK: must not be decoded on the way
    legacy.handler = (_req, res) => res.writeHead(200, { 'Content-Type': 'application/json; charset=GBK', 'X-Total': '7' }).end(gbk);
    const res = await client().request({
      ...get(),
      query: { kssj: '2026-07-12 08:30:00', pageNo: 1, unused: undefined },
      headers: { 'X-Api-Key': 'demo' },
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=GBK');
    expect(res.headers['x-total']).toBe('7');
    expect(Buffer.isBuffer(res.body)).toBe(true);
    expect(res.body.equals(gbk)).toBe(true);
    expect(legacy.arrivals[0].url).toBe('/ahyj/api/yjxx/list?kssj=2026-07-12%2008%3A30%3A00&pageNo=1');
    expect(legacy.arrivals[0].headers['x-api-key']).toBe('demo');
  });

  it('sends a body given as a string (UTF-8) or as bytes', async () => {
    const c = client();
    await c.request({ ...post(), body: '<Request><LXR>张三</LXR></Request>', headers: { 'Content-Type': 'application/xml; charset=UTF-8' } });
    await c.request({ ...post(), body: Buffer.from([0xd5, 0xc5]) });
    expect(legacy.arrivals[0].method).toBe('POST');
    expect(legacy.arrivals[0].body.toString('utf8')).toBe('<Request><LXR>张三</LXR></Request>');
    expect(legacy.arrivals[0].headers['content-type']).toBe('application/xml; charset=UTF-8');
    expect(legacy.arrivals[1].body.equals(Buffer.from([0xd5, 0xc5]))).toBe(true);
  });

  it.each([400, 401, 404, 422])('returns a %i to the adapter without retrying', async (status) => {
    legacy.answerInTurn(status);
    const res = await client().request(get());
    expect(res.status).toBe(status);
    expect(res.body.toString()).toBe(`status ${status}`);
    expect(legacy.arrivals).toHaveLength(1);
  });

  it('keeps the connection alive between requests', async () => {
    const c = client();
    for (let i = 0; i < 3; i++) await c.request(get());
    expect(legacy.arrivals).toHaveLength(3);
    expect(legacy.connections).toBe(1);
  });
});

describe('retries of idempotent requests', () => {
  it('retries a 500 and returns the answer that follows', async () => {
    legacy.answerInTurn(500, 502);
    const calls: CallInfo[] = [];
    const retries: RetryInfo[] = [];
    const res = await client({ onCall: (i) => calls.push(i), onRetry: (i) => retries.push(i) }).request(get());
    expect(res.status).toBe(200);
    expect(legacy.arrivals).toHaveLength(3);
    expect(calls.map((c) => [c.status, c.attempt])).toEqual([[500, 1], [502, 2], [200, 3]]);
    expect(calls.every((c) => c.province === 'AH' && c.endpoint === 'GET /ahyj/api/yjxx/list' && c.ms >= 0)).toBe(true);
    expect(retries.map((r) => [r.attempt, r.reason])).toEqual([[1, 'HTTP 500'], [2, 'HTTP 502']]);
    expect(retries.every((r) => r.delayMs >= 0 && r.delayMs <= 50)).toBe(true);
  });

  it('gives up after `retries` more attempts with PROVINCE_UNAVAILABLE', async () => {
    legacy.answerInTurn(503, 503, 503, 503, 503);
    const err = await failure(client({ retries: 3 }).request(get()));
    expect(err.code).toBe('PROVINCE_UNAVAILABLE');
    expect(err.province).toBe('AH');
    expect(err.endpoint).toBe('GET /ahyj/api/yjxx/list');
    expect(err.message).toBe('AH GET /ahyj/api/yjxx/list: HTTP 503 after 4 attempts');
    expect(legacy.arrivals).toHaveLength(4);
  });

  it('retries a dropped connection', async () => {
    let first = true;
    legacy.handler = (req, res) => {
      if (first) {
        first = false;
        req.socket.destroy();
        return;
      }
      res.end('ok');
    };
    const calls: CallInfo[] = [];
    const res = await client({ onCall: (i) => calls.push(i) }).request(get());
    expect(res.body.toString()).toBe('ok');
    expect(calls.map((c) => c.status)).toEqual(['error', 200]);
  });

  it('retries a refused connection, then reports the system unavailable', async () => {
    await legacy.stop();
    const calls: CallInfo[] = [];
    const err = await failure(client({ retries: 1, onCall: (i) => calls.push(i) }).request(get()));
    expect(err.code).toBe('PROVINCE_UNAVAILABLE');
    expect(err.message).toBe('AH GET /ahyj/api/yjxx/list: connection failed (ECONNREFUSED) after 2 attempts');
    expect(calls.map((c) => c.status)).toEqual(['error', 'error']);
    legacy = new FakeLegacy();
    await legacy.start();
  });

  it('waits as long as a 429 Retry-After: 1 says before trying again', async () => {
    legacy.answerInTurn({ status: 429, headers: { 'Retry-After': '1' } });
    const retries: RetryInfo[] = [];
    const res = await client({ onRetry: (i) => retries.push(i) }).request(get());
    expect(res.status).toBe(200);
    expect(legacy.arrivals).toHaveLength(2);
    expect(legacy.arrivals[1].at - legacy.arrivals[0].at).toBeGreaterThanOrEqual(1000);
    expect(retries[0].delayMs).toBe(1000);
  });

  it('honours a Retry-After given as an HTTP date on a 503', async () => {
    let wanted = 0;
    let i = 0;
    legacy.handler = (_req, res) => {
      if (i++ > 0) return void res.end('ok');
      const until = new Date(Date.now() + 1500).toUTCString();
      wanted = Date.parse(until) - Date.now();
      res.writeHead(503, { 'Retry-After': until }).end('<html>overloaded</html>');
    };
    const res = await client().request(get());
    expect(res.status).toBe(200);
    expect(wanted).toBeGreaterThan(400);
    expect(legacy.arrivals[1].at - legacy.arrivals[0].at).toBeGreaterThanOrEqual(wanted - 20);
  });

  it('does not wait for a Retry-After longer than maxRetryAfterMs', async () => {
    legacy.answerInTurn({ status: 503, headers: { 'Retry-After': '1800' } });
    const started = performance.now();
    const err = await failure(client({ maxRetryAfterMs: 5000 }).request(get()));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(err.code).toBe('PROVINCE_UNAVAILABLE');
    expect(err.message).toContain('Retry-After 1800 s is too long to wait');
    expect(legacy.arrivals).toHaveLength(1);
  });
});

describe('non-idempotent requests', () => {
  it.each([500, 503, 429])('are never retried: a %i gives PROVINCE_UNAVAILABLE after one attempt', async (status) => {
    legacy.answerInTurn({ status, headers: { 'Retry-After': '0' } });
    const err = await failure(client({ retries: 5 }).request(post()));
    expect(err.code).toBe('PROVINCE_UNAVAILABLE');
    expect(err.message).toBe(`AH POST /ahyj/api/jydw/zyqq/add: HTTP ${status} after 1 attempt`);
    expect(legacy.arrivals).toHaveLength(1);
  });

  it('are never retried after a dropped connection', async () => {
    legacy.handler = (req) => req.socket.destroy();
    const err = await failure(client({ retries: 5 }).request(post()));
    expect(err.code).toBe('PROVINCE_UNAVAILABLE');
    expect(legacy.arrivals).toHaveLength(1);
  });

  it('report a timeout as PROVINCE_TIMEOUT after one attempt, so that the caller reconciles', async () => {
    legacy.handler = () => undefined;
    const calls: CallInfo[] = [];
    const started = performance.now();
    const err = await failure(client({ timeoutMs: 200, retries: 5, onCall: (i) => calls.push(i) }).request(post()));
    expect(err.code).toBe('PROVINCE_TIMEOUT');
    expect(err.message).toBe('AH POST /ahyj/api/jydw/zyqq/add: no answer within 200 ms after 1 attempt');
    expect(performance.now() - started).toBeLessThan(1000);
    expect(legacy.arrivals).toHaveLength(1);
    expect(calls.map((c) => c.status)).toEqual(['timeout']);
  });
});

describe('timeouts', () => {
  it('bound each attempt of a read, which is retried, then PROVINCE_TIMEOUT', async () => {
    legacy.handler = () => undefined;
    const calls: CallInfo[] = [];
    const started = performance.now();
    const err = await failure(client({ timeoutMs: 150, retries: 1, onCall: (i) => calls.push(i) }).request(get()));
    const elapsed = performance.now() - started;
    expect(err.code).toBe('PROVINCE_TIMEOUT');
    expect(legacy.arrivals).toHaveLength(2);
    expect(calls.map((c) => c.status)).toEqual(['timeout', 'timeout']);
    expect(calls.every((c) => c.ms >= 145 && c.ms < 600)).toBe(true);
    expect(elapsed).toBeGreaterThanOrEqual(300);
    expect(elapsed).toBeLessThan(1500);
  });

  it('cover the whole answer, not just its first byte', async () => {
    legacy.handler = (_req, res) => {
      res.writeHead(200);
      res.write('partial');
    };
    const err = await failure(client({ timeoutMs: 150, retries: 0 }).request(get()));
    expect(err.code).toBe('PROVINCE_TIMEOUT');
  });
});

describe('circuit breaker', () => {
  it('opens after N consecutive failures and fails fast without calling, then half-opens and closes', async () => {
    legacy.answerInTurn(500, 500, 500);
    const states: BreakerState[] = [];
    const c = client({ retries: 0, breaker: { consecutiveFailures: 3, halfOpenAfterMs: 300 }, onBreakerStateChange: (s) => states.push(s) });
    for (let i = 0; i < 3; i++) expect((await failure(c.request(get()))).message).toContain('HTTP 500');
    expect(c.breakerState).toBe('OPEN');

    const started = performance.now();
    const fast = await failure(c.request(get()));
    expect(performance.now() - started).toBeLessThan(50);
    expect(fast.code).toBe('PROVINCE_UNAVAILABLE');
    expect(fast.message).toBe('AH GET /ahyj/api/yjxx/list: circuit open after repeated failures, not called');
    await failure(c.request(post()));
    expect(legacy.arrivals).toHaveLength(3);

    await sleep(350);
    expect((await c.request(get())).status).toBe(200);
    expect(c.breakerState).toBe('CLOSED');
    expect((await c.request(get())).status).toBe(200);
    expect(legacy.arrivals).toHaveLength(5);
    expect(states).toEqual(['OPEN', 'HALF_OPEN', 'CLOSED']);
  });

  it('opens again when the trial call fails', async () => {
    legacy.answerInTurn(500, 500, 500);
    const c = client({ retries: 0, breaker: { consecutiveFailures: 2, halfOpenAfterMs: 200 } });
    await failure(c.request(get()));
    await failure(c.request(get()));
    await sleep(250);
    expect((await failure(c.request(get()))).message).toContain('HTTP 500');
    expect(c.breakerState).toBe('OPEN');
    expect((await failure(c.request(get()))).message).toContain('circuit open');
    expect(legacy.arrivals).toHaveLength(3);
  });

  it('stops a read retrying once the breaker opens', async () => {
    legacy.answerInTurn(500, 500, 500, 500, 500);
    const c = client({ retries: 4, breaker: { consecutiveFailures: 2, halfOpenAfterMs: 10_000 } });
    expect((await failure(c.request(get()))).message).toContain('circuit open');
    expect(legacy.arrivals).toHaveLength(2);
  });

  it('does not count 429s: a throttling system is up', async () => {
    legacy.answerInTurn(429, 429, 429, 429);
    const c = client({ retries: 0, breaker: { consecutiveFailures: 2 } });
    for (let i = 0; i < 4; i++) expect((await failure(c.request(get()))).message).toContain('HTTP 429');
    expect(legacy.arrivals).toHaveLength(4);
    expect(c.breakerState).toBe('CLOSED');
  });

  it('does not count answers the adapter interprets (4xx)', async () => {
    legacy.answerInTurn(404, 404, 404);
    const c = client({ retries: 0, breaker: { consecutiveFailures: 2 } });
    for (let i = 0; i < 3; i++) expect((await c.request(get())).status).toBe(404);
    expect(c.breakerState).toBe('CLOSED');
  });
});

describe('rate and concurrency limits', () => {
  it('never lets more than perSecond requests reach the system in any one-second window', async () => {
    const c = client({ rateLimit: { perSecond: 5, concurrency: 5 } });
    const answers = await Promise.all(Array.from({ length: 12 }, () => c.request(get())));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    const at = legacy.arrivals.map((a) => a.at).sort((a, b) => a - b);
    expect(at).toHaveLength(12);
    for (let i = 0; i + 5 < at.length; i++) expect(at[i + 5] - at[i]).toBeGreaterThanOrEqual(1000);
    expect(at[11] - at[0]).toBeLessThan(4000);
  });

  it('never has more than `concurrency` requests in flight', async () => {
    legacy.handler = (_req, res) => void setTimeout(() => res.end('ok'), 100);
    const c = client({ rateLimit: { perSecond: 100, concurrency: 2 } });
    await Promise.all(Array.from({ length: 6 }, () => c.request(get())));
    expect(legacy.arrivals).toHaveLength(6);
    expect(legacy.maxInFlight).toBe(2);
  });

  it('does not count unmetered requests (a login) against the rate limit, only against concurrency', async () => {
    const c = client({ rateLimit: { perSecond: 2, concurrency: 5 } });
    const answers = await Promise.all([c.request({ ...get(), unmetered: true }), c.request({ ...get(), unmetered: true }), c.request(get()), c.request(get())]);
    expect(answers.every((a) => a.status === 200)).toBe(true);
    const at = legacy.arrivals.map((a) => a.at).sort((a, b) => a - b);
    expect(at).toHaveLength(4);
    expect(at[3] - at[0]).toBeLessThan(500);
  });

  it('paces starts over the window it is given', async () => {
    const c = client({ rateLimit: { perSecond: 2, concurrency: 5, windowMs: 1300 } });
    await Promise.all(Array.from({ length: 3 }, () => c.request(get())));
    const at = legacy.arrivals.map((a) => a.at).sort((a, b) => a - b);
    expect(at[2] - at[0]).toBeGreaterThanOrEqual(1290);
  });

  it('sends retries through the limit too', async () => {
    legacy.answerInTurn(500, 500, 500);
    const c = client({ rateLimit: { perSecond: 5, concurrency: 5 }, retries: 3, backoff: { initialMs: 1, maxMs: 1 } });
    await Promise.all(Array.from({ length: 4 }, () => c.request(get())));
    const at = legacy.arrivals.map((a) => a.at).sort((a, b) => a - b);
    expect(at).toHaveLength(7);
    for (let i = 0; i + 5 < at.length; i++) expect(at[i + 5] - at[i]).toBeGreaterThanOrEqual(1000);
  });
});

describe('credentials stay out of errors', () => {
  it('never puts a query-string token in an error', async () => {
    legacy.answerInTurn(500, 500, 500);
    const err = await failure(client().request({ ...get(), query: { token: 's3cr3t-token', pageNo: 1 } }));
    expect(err.message).not.toContain('s3cr3t');
    expect(JSON.stringify(err)).not.toContain('s3cr3t');
    expect(String(err.stack)).not.toContain('s3cr3t');
    expect(legacy.arrivals[0].url).toContain('token=s3cr3t-token');
  });

  it('redacts a token even where an endpoint name carries one by mistake', async () => {
    legacy.answerInTurn(500);
    const err = await failure(client({ retries: 0 }).request({ ...get(), endpoint: 'GET /ahyj/api/yjxx/list?token=abc123' }));
    expect(err.message).not.toContain('abc123');
    expect(err.endpoint).toBe('GET /ahyj/api/yjxx/list?token=***');
  });
});
