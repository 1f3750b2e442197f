import type { Clock } from './clock';

/** A token as the system issued it. */
export interface IssuedToken {
  value: string;
  /** Epoch ms; null when the system states no lifetime we can trust: the token is kept until refused. */
  expiresAt: number | null;
}

/** An issued token and when the session asked for it (epoch ms, the session's clock). */
export interface Token extends IssuedToken {
  askedAt: number;
}

export interface TokenSessionOptions {
  clock: Clock;
  /** Logs in (or asks the token endpoint) once; throws when the system gives no token. */
  obtain: () => Promise<IssuedToken>;
  /** The most a token is renewed ahead of its expiry: what a long-lived token keeps in hand. */
  maxRenewAheadMs: number;
  /** The share of a token's life after which it is renewed, when that is later than maxRenewAheadMs before expiry. Default 0.8. */
  renewAtShare?: number;
}

/** What one call answered, and whether it was sent again with a renewed token. */
export interface SessionAnswer<A> {
  answer: A;
  renewed: boolean;
}

/**
 * A login token shared by every call of one client: obtained lazily, once for all callers waiting
 * at the same time; renewed ahead of its expiry by a share of its life (so a token that lives 3 s
 * serves calls for 2.4 s, one that lives 10 min is renewed maxRenewAheadMs before it dies); and
 * renewed once more when a call is refused for its token, that call being sent again once.
 */
export class TokenSession {
  private token: Token | null = null;
  private pending: Promise<Token> | null = null;
  private readonly share: number;

  constructor(private readonly options: TokenSessionOptions) {
    this.share = options.renewAtShare ?? 0.8;
  }

  /** Sends with a valid token; when the answer says the token was refused, renews it and sends once more. */
  async call<A>(send: (token: string) => Promise<A>, refused: (answer: A) => boolean): Promise<SessionAnswer<A>> {
    const token = await this.current();
    const answer = await send(token.value);
    if (!refused(answer)) return { answer, renewed: false };
    this.forget(token);
    const renewed = await this.current();
    return { answer: await send(renewed.value), renewed: true };
  }

  /** The token to send now: the one held while it is fresh, else the one a single login brings. */
  current(): Promise<Token> {
    const held = this.token;
    if (held && this.options.clock.now().getTime() < this.renewAt(held)) return Promise.resolve(held);
    if (!this.pending) {
      this.pending = this.login().finally(() => {
        this.pending = null;
      });
    }
    return this.pending;
  }

  /** Drops a token the system refused, unless another caller has already replaced it. */
  forget(token: Token): void {
    if (this.token === token) this.token = null;
  }

  private renewAt(token: Token): number {
    if (token.expiresAt === null) return Number.POSITIVE_INFINITY;
    const life = token.expiresAt - token.askedAt;
    return token.expiresAt - Math.min(this.options.maxRenewAheadMs, life * (1 - this.share));
  }

  private async login(): Promise<Token> {
    const askedAt = this.options.clock.now().getTime();
    const issued = await this.options.obtain();
    const token = { ...issued, askedAt };
    this.token = token;
    return token;
  }
}
