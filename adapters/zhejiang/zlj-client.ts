import type { Clock } from '../kit/clock';
import { ProvinceUnavailableError } from '../kit/errors';
import type { LegacyHttpClient, LegacyRequest } from '../kit/http';

/**
 * 浙里急 calls with a client-credentials bearer token for the life of the process: fetched lazily
 * and once for all concurrent callers, renewed before it expires by the adapter's clock, and
 * renewed once more when the system still answers 401 TOKEN_EXPIRED / TOKEN_INVALID.
 */

export const TOKEN_PATH = '/zlj/open/oauth/token';
/** Renew this long before the system's stated expiry, so a call never leaves with a token about to die. */
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

interface Token {
  value: string;
  expiresAt: number;
}

const unavailable = (message: string, endpoint?: string): ProvinceUnavailableError =>
  new ProvinceUnavailableError('ZJ', 'PROVINCE_UNAVAILABLE', `ZJ ${message}`, endpoint);

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
  private token: Token | null = null;
  private fetching: Promise<Token> | null = null;

  constructor(
    private readonly http: LegacyHttpClient,
    private readonly credentials: { clientId: string; clientSecret: string },
    private readonly clock: Clock,
  ) {}

  async call(req: ZljRequest): Promise<ZljAnswer> {
    const first = await this.validToken();
    const answer = await this.send(req, first);
    if (answer.status !== 401 || (answer.code !== 'TOKEN_EXPIRED' && answer.code !== 'TOKEN_INVALID')) return this.checked(answer, req.endpoint);
    this.forget(first);
    const renewed = await this.validToken();
    const again = await this.send(req, renewed);
    if (again.status === 401) throw unavailable(`${req.endpoint}: refused a freshly issued token (${again.code ?? 'HTTP 401'})`, req.endpoint);
    return this.checked(again, req.endpoint);
  }

  private checked(answer: ZljAnswer, endpoint: string): ZljAnswer {
    if (answer.status === 401) throw unavailable(`${endpoint}: refused (${answer.code ?? 'HTTP 401'})`, endpoint);
    return answer;
  }

  private async send(req: ZljRequest, token: Token): Promise<ZljAnswer> {
    const headers: Record<string, string> = { authorization: `Bearer ${token.value}`, accept: 'application/json' };
    let body: string | undefined;
    if (req.json !== undefined) {
      headers['content-type'] = 'application/json;charset=UTF-8';
      body = JSON.stringify(req.json);
    }
    const { json: _json, ...plain } = req;
    const res = await this.http.request({ ...plain, headers, body });
    return parse(res.body, res.status, req.endpoint);
  }

  private async validToken(): Promise<Token> {
    const now = this.clock.now().getTime();
    if (this.token && now < this.token.expiresAt - RENEW_AHEAD_MS) return this.token;
    if (!this.fetching) {
      this.fetching = this.fetchToken().finally(() => {
        this.fetching = null;
      });
    }
    return this.fetching;
  }

  /** Drops the token a call was refused with, unless another caller has already replaced it. */
  private forget(refused: Token): void {
    if (this.token?.value === refused.value) this.token = null;
  }

  private async fetchToken(): Promise<Token> {
    const endpoint = `POST ${TOKEN_PATH}`;
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: this.credentials.clientId,
      client_secret: this.credentials.clientSecret,
    });
    const asked = this.clock.now().getTime();
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
    const lifetimeMs = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in * 1000 : Infinity;
    const token = { value: body.access_token, expiresAt: asked + lifetimeMs };
    this.token = token;
    return token;
  }
}
