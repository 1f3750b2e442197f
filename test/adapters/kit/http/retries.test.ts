import { performance } from 'node:perf_hooks';
import type { CallInfo, RetryInfo } from '../../../../adapters/kit/http';
import { afterEachTest, beforeEachTest, client, failure, FakeLegacy, get, legacy, replaceLegacy } from './harness';

beforeEach(beforeEachTest);
afterEach(afterEachTest);

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
    replaceLegacy(new FakeLegacy());
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
