import iconv from 'iconv-lite';
import { afterEachTest, ah, all, API, call, clock, dataset, forgetTokens, login, send, setUp, tearDown } from './harness';

beforeAll(setUp);
afterAll(tearDown);
afterEach(afterEachTest);

describe('authentication', () => {
  it('logs in with form fields user and pwd and answers a token with its expiry in Beijing time, two hours on', async () => {
    const a = await send('POST', `${API}/login`, {}, { user: 'demo', pwd: 'demo-ah-password' });
    expect(a.status).toBe(200);
    expect(a.body).toEqual({ code: 0, msg: '成功', data: { token: expect.stringMatching(/^[0-9a-f]{32}$/), expire: expect.any(String) } });
    const expire = (a.body.data as { expire: string }).expire;
    const expected = new Date(clock.now().getTime() + 2 * 3600_000 + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 19);
    expect(Math.abs(Date.parse(expire.replace(' ', 'T') + 'Z') - Date.parse(expected.replace(' ', 'T') + 'Z'))).toBeLessThanOrEqual(1000);
  });

  it('refuses a wrong password with 1001 and missing fields with 1002, inside HTTP 200', async () => {
    const wrong = await send('POST', `${API}/login`, {}, { user: 'demo', pwd: 'nope' });
    expect(wrong.status).toBe(200);
    expect(wrong.body).toMatchObject({ code: 1001, data: null });
    const missing = await send('POST', `${API}/login`, {}, { user: 'demo' });
    expect(missing.body).toMatchObject({ code: 1002, data: null });
  });

  it('answers 1001 令牌无效 in HTTP 200 for a missing, wrong or expired token', async () => {
    const none = await send('GET', `${API}/yjxx/list`);
    expect(none.status).toBe(200);
    expect(none.body).toEqual({ code: 1001, msg: '令牌无效', data: null });
    expect((await send('GET', `${API}/yjxx/list`, { token: 'f'.repeat(32) })).body.code).toBe(1001);

    const token = await login();
    expect((await send('GET', `${API}/yjxx/list`, { token })).body.code).toBe(0);
    clock.advance(2 * 3600_000 - 60_000);
    expect((await send('GET', `${API}/yjxx/list`, { token })).body.code).toBe(0);
    clock.advance(61_000);
    expect((await send('GET', `${API}/yjxx/list`, { token })).body).toEqual({ code: 1001, msg: '令牌无效', data: null });
    forgetTokens();
  });
});

describe('encoding and envelope', () => {
  it('sends GBK-encoded JSON that is garbage when read as UTF-8', async () => {
    const a = await call('/jydw/jdxx/list', { pageSize: 50 });
    expect(a.headers.get('content-type')).toBe('application/json; charset=GBK');
    expect(a.body).toMatchObject({ code: 0, msg: '成功', data: { total: expect.any(Number), rows: expect.any(Array) } });
    expect(a.raw.toString('utf8')).not.toContain('成功');
    expect(a.raw.includes(iconv.encode('成功', 'gbk'))).toBe(true);
  });

  it('keeps names with characters outside GB2312 but inside GBK (堃, 喆) intact', async () => {
    const { rows } = await all('/jydw/jdxx/list');
    const names = rows.map((r) => String(r.JDMC ?? ''));
    for (const ch of ['堃', '喆']) {
      const canonical = ah(dataset.bases).filter((b) => b.name.includes(ch)).map((b) => b.name);
      expect(canonical.length).toBeGreaterThan(0);
      for (const name of canonical) expect(names.map((n) => n.trim())).toContain(name);
    }
    // GB2312 rows start at 0xA1: these two live in GBK's extension, below it.
    for (const ch of ['堃', '喆']) expect(iconv.encode(ch, 'gbk')[0]).toBeLessThan(0xa1);
  });
});
