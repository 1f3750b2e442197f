import type { Clock } from '../kit/clock';
import { parseBeijingTime } from '../kit/beijing-time';
import { LegacyDataInvalidError, ProvinceUnavailableError } from '../kit/errors';
import type { LegacyHttpClient } from '../kit/http';
import { TokenSession, type IssuedToken } from '../kit/token-session';
import { decodeBody, encodeGbkForm, GBK_FORM_CONTENT_TYPE } from './gbk-form';

/**
 * ahyj's transport: a login token in the query string, held in a TokenSession (obtained lazily and
 * shared by concurrent calls, renewed ahead of its stated expiry and once when the system answers
 * 1001); GBK JSON envelopes whose non-zero codes come inside HTTP 200.
 */

export const AH_API = '/ahyj/api';
/** The most a login is renewed ahead of its stated expiry (short-lived ones by a share of their life). */
const RENEW_BEFORE_EXPIRY_MS = 60_000;

export interface AhEnvelope {
  code: number;
  msg: string;
  data: unknown;
}

/** A non-zero envelope code other than 1001: the caller decides what it means for its operation. */
export class AhyjRefusal extends Error {
  constructor(
    readonly code: number,
    readonly msg: string,
    readonly endpoint: string,
  ) {
    super(`${endpoint}: code ${code} ${msg}`);
    this.name = 'AhyjRefusal';
  }
}

export interface AhyjCall {
  method: 'GET' | 'POST';
  /** Below /ahyj/api, e.g. "/yjxx/list". */
  path: string;
  query?: Record<string, string | number | undefined>;
  form?: Record<string, string>;
  idempotent: boolean;
}

export class AhyjClient {
  private readonly session: TokenSession;

  constructor(
    private readonly http: LegacyHttpClient,
    private readonly credentials: { user: string; password: string },
    private readonly clock: Clock,
  ) {
    this.session = new TokenSession({ clock, obtain: () => this.login(), maxRenewAheadMs: RENEW_BEFORE_EXPIRY_MS });
  }

  /** The envelope's data for code 0; throws AhyjRefusal for other codes, ProvinceUnavailableError when the system cannot answer. */
  async call(call: AhyjCall): Promise<unknown> {
    const { answer: envelope, renewed } = await this.session.call((token) => this.send(call, token), (e) => e.code === 1001);
    if (renewed && envelope.code === 1001) throw this.unavailable(call.path, `token refused right after a new login (${envelope.msg})`);
    if (envelope.code !== 0) throw new AhyjRefusal(envelope.code, envelope.msg, `${call.method} ${AH_API}${call.path}`);
    return envelope.data;
  }

  private async login(): Promise<IssuedToken> {
    const path = `${AH_API}/login`;
    const res = await this.http.request({
      method: 'POST',
      path,
      headers: { 'content-type': GBK_FORM_CONTENT_TYPE },
      body: encodeGbkForm({ user: this.credentials.user, pwd: this.credentials.password }),
      idempotent: true,
      endpoint: `POST ${path}`,
      unmetered: true,
    });
    const envelope = this.envelope('/login', res.status, res.headers['content-type'], res.body);
    const data = envelope.data as { token?: unknown; expire?: unknown } | null;
    if (envelope.code !== 0 || !data || typeof data.token !== 'string' || data.token === '') {
      throw this.unavailable('/login', `login refused: code ${envelope.code} ${envelope.msg}`);
    }
    return { value: data.token, expiresAt: this.expiryOf(data.expire) };
  }

  /** An expiry already past by our clock means the clocks disagree: rely on 1001 alone then. */
  private expiryOf(expire: unknown): number | null {
    if (typeof expire !== 'string') return null;
    try {
      const at = Date.parse(parseBeijingTime(expire));
      return at > this.clock.now().getTime() ? at : null;
    } catch (err) {
      if (err instanceof LegacyDataInvalidError) return null;
      throw err;
    }
  }

  private async send(call: AhyjCall, token: string): Promise<AhEnvelope> {
    const path = `${AH_API}${call.path}`;
    const res = await this.http.request({
      method: call.method,
      path,
      query: { ...call.query, token },
      headers: call.form ? { 'content-type': GBK_FORM_CONTENT_TYPE } : undefined,
      body: call.form ? encodeGbkForm(call.form) : undefined,
      idempotent: call.idempotent,
      endpoint: `${call.method} ${path}`,
    });
    return this.envelope(call.path, res.status, res.headers['content-type'], res.body);
  }

  private envelope(path: string, status: number, contentType: string | undefined, body: Buffer): AhEnvelope {
    if (status !== 200) throw this.unavailable(path, `HTTP ${status}`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(decodeBody(body, contentType));
    } catch {
      throw this.unavailable(path, 'malformed body: not JSON');
    }
    if (!parsed || typeof parsed !== 'object' || typeof (parsed as AhEnvelope).code !== 'number') {
      throw this.unavailable(path, 'malformed body: no {code, msg, data} envelope');
    }
    const e = parsed as Partial<AhEnvelope>;
    return { code: e.code as number, msg: typeof e.msg === 'string' ? e.msg : '', data: e.data ?? null };
  }

  private unavailable(path: string, detail: string): ProvinceUnavailableError {
    return ProvinceUnavailableError.unavailable('AH', `AH ${AH_API}${path}: ${detail}`, `${AH_API}${path}`);
  }
}
