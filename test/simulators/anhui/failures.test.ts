import iconv from 'iconv-lite';
import { admin, afterEachTest, ah, all, API, call, dataset, fillTokenPool, login, send, setUp, tearDown } from './harness';

beforeAll(setUp);
beforeAll(fillTokenPool);
afterAll(tearDown);
afterEach(afterEachTest);

describe('what goes wrong', () => {
  it('answers an unknown path with 1004 in its own envelope', async () => {
    const a = await send('GET', `${API}/nothing/here`);
    expect(a.status).toBe(200);
    expect(a.headers.get('content-type')).toBe('application/json; charset=GBK');
    expect(a.body).toMatchObject({ code: 1004, data: null });
  });

  it('limits each token to 5 requests a second: HTTP 429 with Retry-After: 1', async () => {
    const token = await login();
    const before = ((await admin('/__sim/throttled')) as { total: number }).total;
    const answers = await Promise.all(Array.from({ length: 8 }, () => send('GET', `${API}/yjxx/list`, { token })));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(5);
    const refused = answers.filter((a) => a.status === 429);
    expect(refused).toHaveLength(3);
    expect(refused[0].headers.get('retry-after')).toBe('1');
    expect(((await admin('/__sim/throttled')) as { total: number }).total - before).toBe(3);
    await new Promise((r) => setTimeout(r, 1050));
    expect((await send('GET', `${API}/yjxx/list`, { token })).status).toBe(200);
  });

  it('answers injected errors with its HTML 503 page, malformed bodies that do not parse, and drops connections when down', async () => {
    await admin('/__sim/faults', { errorRate: 1 });
    const error = await call('/yjxx/list');
    expect(error.status).toBe(503);
    expect(error.headers.get('content-type')).toMatch(/^text\/html/);
    expect(iconv.decode(error.raw, 'gbk')).toMatch(/<html>.*503/);

    await admin('/__sim/faults', { errorRate: 0, malformedRate: 1 });
    const malformed = await call('/yjxx/list');
    expect(malformed.status).toBe(200);
    expect(() => JSON.parse(iconv.decode(malformed.raw, 'gbk'))).toThrow();

    await admin('/__sim/faults', { malformedRate: 0, down: true });
    await expect(call('/yjxx/list')).rejects.toThrow();
  });

  it('counts calls per endpoint', async () => {
    await admin('/__sim/calls/reset', {});
    await call('/whp/qyxx/detail', { qybh: ah(dataset.enterprises)[0].sourceId });
    await call('/whp/qyxx/detail', { qybh: ah(dataset.enterprises)[1].sourceId });
    await call('/whp/qyxx/list');
    const calls = (await admin('/__sim/calls')) as { total: number; calls: Record<string, number> };
    expect(calls.calls).toEqual({ 'GET /ahyj/api/whp/qyxx/detail': 2, 'GET /ahyj/api/whp/qyxx/list': 1 });
  });

  it('changes a record through /__sim/touch: it moves to the end of the list with a new GXSJ', async () => {
    const record = ah(dataset.enterprises)[0];
    await admin('/__sim/touch', { collection: 'enterprises', sourceId: record.sourceId, patch: { contactPhone: '0551-12345678' } });
    const { rows } = await all('/whp/qyxx/list');
    expect(rows[rows.length - 1]).toMatchObject({ QYBH: record.sourceId, LXDH: '0551-12345678' });
  });
});
