import { call, clock, form, LISTS, setUp, tearDown, token, tokenFor } from './harness';

beforeAll(setUp);
afterAll(tearDown);

describe('authentication (OAuth2 client credentials)', () => {
  it('issues a Bearer token that expires in 600 s', async () => {
    const a = await tokenFor();
    expect(a.status).toBe(200);
    expect(a.json).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 600 });
  });

  it('refuses wrong client credentials with 401 CLIENT_INVALID', async () => {
    const a = await tokenFor({ clientId: 'demo-zj-client', clientSecret: 'wrong' });
    expect(a.status).toBe(401);
    expect(a.json.code).toBe('CLIENT_INVALID');
  });

  it('answers an unsupported grant type with 400 INVALID', async () => {
    const a = await call('POST', '/zlj/open/oauth/token', { type: 'application/x-www-form-urlencoded', body: form({ grant_type: 'password' }) });
    expect(a.status).toBe(400);
    expect(a.json).toEqual({ code: 'INVALID', message: expect.any(String) });
  });

  it('refuses a missing or unknown token with 401 TOKEN_INVALID', async () => {
    expect((await call('GET', `${LISTS.warnings}?limit=1`)).json.code).toBe('TOKEN_INVALID');
    const unknown = await call('GET', `${LISTS.warnings}?limit=1`, { token: 'not-a-token' });
    expect(unknown.status).toBe(401);
    expect(unknown.json.code).toBe('TOKEN_INVALID');
  });

  it('refuses a token 600 s after issue with 401 TOKEN_EXPIRED, and accepts it until then', async () => {
    const t = await token();
    clock.advance(599_000);
    expect((await call('GET', `${LISTS.warnings}?limit=1`, { token: t })).status).toBe(200);
    clock.advance(2_000);
    const expired = await call('GET', `${LISTS.warnings}?limit=1`, { token: t });
    expect(expired.status).toBe(401);
    expect(expired.json.code).toBe('TOKEN_EXPIRED');
  });
});
