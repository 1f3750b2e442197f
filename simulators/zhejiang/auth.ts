import { randomBytes } from 'node:crypto';
import type { SimClock } from '../common/clock';
import type { SimRequest, SimResponse } from '../common/sim-server';
import { zjError, zjJson } from './respond';

/** OAuth2 client credentials with 600-second bearer tokens on the simulated clock. */

export const TOKEN_LIFETIME_S = 600;

export type TokenCheck = 'ok' | 'TOKEN_EXPIRED' | 'TOKEN_INVALID';

export class TokenIssuer {
  /** Every token ever issued, with when it stops working: an expired token is known, not unknown. */
  private readonly tokens = new Map<string, number>();

  constructor(
    private readonly credentials: { clientId: string; clientSecret: string },
    private readonly clock: SimClock,
  ) {}

  /** POST /zlj/open/oauth/token with form fields grant_type, client_id, client_secret. */
  issue(req: SimRequest): SimResponse {
    const form = new URLSearchParams(req.body.toString('utf8'));
    if (form.get('grant_type') !== 'client_credentials') {
      return zjError(400, 'INVALID', 'grant_type must be client_credentials');
    }
    const id = form.get('client_id');
    const secret = form.get('client_secret');
    if (id !== this.credentials.clientId || secret !== this.credentials.clientSecret) {
      return zjError(401, 'CLIENT_INVALID', 'client_id or client_secret is wrong');
    }
    const token = randomBytes(24).toString('base64url');
    this.tokens.set(token, this.clock.now().getTime() + TOKEN_LIFETIME_S * 1000);
    return zjJson(200, { access_token: token, token_type: 'Bearer', expires_in: TOKEN_LIFETIME_S });
  }

  check(req: SimRequest): TokenCheck {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(String(req.headers.authorization ?? ''));
    const expiresAt = m ? this.tokens.get(m[1]) : undefined;
    if (expiresAt === undefined) return 'TOKEN_INVALID';
    return this.clock.now().getTime() < expiresAt ? 'ok' : 'TOKEN_EXPIRED';
  }
}

export function refusal(check: Exclude<TokenCheck, 'ok'>): SimResponse {
  return zjError(401, check, check === 'TOKEN_EXPIRED' ? 'access token expired' : 'access token missing or unknown');
}
