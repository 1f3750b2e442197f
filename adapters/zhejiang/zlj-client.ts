import type { Clock } from '../kit/clock';
import { ProvinceUnavailableError } from '../kit/errors';
import type { LegacyHttpClient, LegacyRequest } from '../kit/http';
import { TokenSession, type IssuedToken } from '../kit/token-session';

/**
 * 浙里急 calls with a client-credentials bearer token held in a TokenSession: fetched lazily and
 * once for all concurrent callers, renewed ahead of its expiry by the adapter's clock, and renewed
 * once more when the system still answers 401 TOKEN_EXPIRED / TOKEN_INVALID.
 */

export const TOKEN_PATH = '/zlj/open/oauth/token';
/** The most a token is renewed ahead of the system's stated expiry (short-lived ones by a share of their life). */
const RENEW_AHEAD_MS = 30_000;

export interface ZljAnswer {
  status: number;
  /** The parsed JSON body. */
  json: unknown;
  /** The error envelope's code, when the body is {"code": …}. */
  code: string | null;
  message: string | null;
}

export type ZljRequest = Omit<LegacyRequest, 'headers' | 'body'> & { json?: unknown };

const unavailable = (message: string, endpoint?: string): ProvinceUnavailableError =>
  ProvinceUnavailableError.unavailable('ZJ', `ZJ ${message}`, endpoint);

function parse(body: Buffer, status: number, endpoint: string): ZljAnswer {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    throw unavailable(`${endpoint}: malformed JSON body (HTTP ${status})`, endpoint);
  }
  const envelope = typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : {};
  return {
    status,
    json,
    code: typeof envelope.code === 'string' ? envelope.code : null,
    message: typeof envelope.message === 'string' ? envelope.message : null,
  };
}

export class ZljClient {
  private readonly session: TokenSession;

  constructor(
    private readonly http: LegacyHttpClient,
    private readonly credentials: { clientId: string; clientSecret: string },
    clock: Clock,
  ) {
    this.session = new TokenSession({ clock, obtain: () => this.fetchToken(clock), maxRenewAheadMs: RENEW_AHEAD_MS });
  }

  async call(req: ZljRequest): Promise<ZljAnswer> {
    const tokenRefused = (a: ZljAnswer): boolean => a.status === 401 && (a.code === 'TOKEN_EXPIRED' || a.code === 'TOKEN_INVALID');
    const { answer, renewed } = await this.session.call((token) => this.send(req, token), tokenRefused);
    if (renewed && answer.status === 401) throw unavailable(`${req.endpoint}: refused a freshly issued token (${answer.code ?? 'HTTP 401'})`, req.endpoint);
    if (answer.status === 401) throw unavailable(`${req.endpoint}: refused (${answer.code ?? 'HTTP 401'})`, req.endpoint);
    return answer;
  }

  private async send(req: ZljRequest, token: string): Promise<ZljAnswer> {
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
    let body: string | undefined;
    if (req.json !== undefined) {
      headers['content-type'] = 'application/json;charset=UTF-8';
      body = JSON.stringify(req.json);
    }
    const { json: _json, ...plain } = req;
    const res = await this.http.request({ ...plain, headers, body });
    return parse(res.body, res.status, req.endpoint);
  }

  private async fetchToken(clock: Clock): Promise<IssuedToken> {
    const endpoint = `POST ${TOKEN_PATH}`;
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: this.credentials.clientId,
      client_secret: this.credentials.clientSecret,
    });
    const asked = clock.now().getTime();
    const res = await this.http.request({
      method: 'POST',
      path: TOKEN_PATH,
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form.toString(),
      idempotent: true,
      endpoint,
    });
    const answer = parse(res.body, res.status, endpoint);
    if (answer.status === 401 && answer.code === 'CLIENT_INVALID') {
      throw unavailable(`${endpoint}: client credentials refused (CLIENT_INVALID); check LEGACY_ZJ_CLIENT_ID and LEGACY_ZJ_CLIENT_SECRET`, endpoint);
    }
    const body = answer.json as { access_token?: unknown; expires_in?: unknown };
    if (answer.status !== 200 || typeof body.access_token !== 'string' || body.access_token === '') {
      throw unavailable(`${endpoint}: no token (HTTP ${answer.status}${answer.code ? ` ${answer.code}` : ''})`, endpoint);
    }
    // Without a stated lifetime the token is kept until the system refuses it (401 TOKEN_EXPIRED).
    const lifetimeMs = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in * 1000 : null;
    return { value: body.access_token, expiresAt: lifetimeMs === null ? null : asked + lifetimeMs };
  }
}
