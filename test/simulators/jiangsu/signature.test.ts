import { APP, BASE, call, clock, setUp, sign, tearDown } from './harness';

beforeAll(setUp);
afterAll(tearDown);

describe('signature', () => {
  const op = 'HazardService/enterpriseList';
  const path = `${BASE}/${op}`;

  it('refuses a request without signature headers with code 401 签名错误 inside HTTP 200', async () => {
    const a = await call(op, {}, {});
    expect(a).toMatchObject({ status: 200, code: '401', message: '签名错误', rows: [] });
  });

  it('refuses a signature made with the wrong secret, or for another path', async () => {
    expect((await call(op, {}, sign(path, clock.now(), { ...APP, appSecret: 'guess' }))).code).toBe('401');
    expect((await call(op, {}, sign(`${BASE}/WarningService/list`))).code).toBe('401');
    expect((await call(op, {}, sign(path, clock.now(), { ...APP, appId: 'someone-else' }))).code).toBe('401');
  });

  it('signs the path without the query string', async () => {
    const a = await call(op, { offset: 0, limit: 5 }, sign(path));
    expect(a.code).toBe('0');
    expect(a.rows).toHaveLength(5);
  });

  it('accepts a timestamp within 300 s of the simulated clock and refuses one further away', async () => {
    const now = clock.now().getTime();
    expect((await call(op, {}, sign(path, new Date(now - 290_000)))).code).toBe('0');
    expect((await call(op, {}, sign(path, new Date(now + 290_000)))).code).toBe('0');
    expect((await call(op, {}, sign(path, new Date(now - 310_000)))).code).toBe('401');
    expect((await call(op, {}, sign(path, new Date(now + 310_000)))).code).toBe('401');
  });

  it('follows the simulated clock: a signature goes stale when the clock moves on', async () => {
    const headers = sign(path);
    expect((await call(op, {}, headers)).code).toBe('0');
    clock.advance(400_000);
    try {
      expect((await call(op, {}, headers)).code).toBe('401');
    } finally {
      clock.advance(-400_000);
    }
  });
});
