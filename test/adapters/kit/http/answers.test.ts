import { performance } from 'node:perf_hooks';
import type { CallInfo } from '../../../../adapters/kit/http';
import { afterEachTest, beforeEachTest, client, failure, get, legacy, post } from './harness';

beforeEach(beforeEachTest);
afterEach(afterEachTest);

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

describe('non-idempotent requests', () => {
  it.each([500, 503])('are never retried: a %i gives PROVINCE_UNAVAILABLE after one attempt, which may have been acted on', async (status) => {
    legacy.answerInTurn({ status, headers: { 'Retry-After': '0' } });
    const err = await failure(client({ retries: 5 }).request(post()));
    expect(err.code).toBe('PROVINCE_UNAVAILABLE');
    expect(err.message).toBe(`AH POST /ahyj/api/jydw/zyqq/add: HTTP ${status} after 1 attempt`);
    expect(err.delivery).toBe('answered');
    expect(legacy.arrivals).toHaveLength(1);
  });

  it('are sent again after a 429 (declined unprocessed), as late as its Retry-After says', async () => {
    legacy.answerInTurn({ status: 429, headers: { 'Retry-After': '1' } });
    const res = await client({ retries: 5 }).request(post());
    expect(res.status).toBe(200);
    expect(legacy.arrivals).toHaveLength(2);
    expect(legacy.arrivals[1].at - legacy.arrivals[0].at).toBeGreaterThanOrEqual(1000);
  });

  it('report 429s that outlast the retries as not acted on', async () => {
    legacy.answerInTurn(...Array.from({ length: 4 }, () => ({ status: 429, headers: { 'Retry-After': '0' } })));
    const err = await failure(client({ retries: 3 }).request(post()));
    expect(err.message).toBe('AH POST /ahyj/api/jydw/zyqq/add: HTTP 429 after 4 attempts');
    expect(err.delivery).toBe('not-sent');
    expect(legacy.arrivals).toHaveLength(4);
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
