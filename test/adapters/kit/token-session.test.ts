import { TokenSession, type IssuedToken } from '../../../adapters/kit/token-session';
import { ManualClock } from '../../support/manual-clock';

const START = new Date('2026-07-12T08:00:00+08:00');

/** A system issuing tokens that live `lifetimeMs` (null: no stated lifetime), numbered t1, t2, … */
function issuer(clock: ManualClock, lifetimeMs: number | null) {
  let logins = 0;
  return {
    logins: () => logins,
    obtain: async (): Promise<IssuedToken> => {
      logins += 1;
      await Promise.resolve();
      return { value: `t${logins}`, expiresAt: lifetimeMs === null ? null : clock.now().getTime() + lifetimeMs };
    },
  };
}

const MARGIN_MS = 30_000;

describe('TokenSession', () => {
  it('logs in lazily, once for every caller waiting at the same time', async () => {
    const clock = new ManualClock(START);
    const system = issuer(clock, 600_000);
    const session = new TokenSession({ clock, obtain: system.obtain, maxRenewAheadMs: MARGIN_MS });
    expect(system.logins()).toBe(0);
    const tokens = await Promise.all([session.current(), session.current(), session.current()]);
    expect(tokens.map((t) => t.value)).toEqual(['t1', 't1', 't1']);
    expect(system.logins()).toBe(1);
  });

  it('serves many calls with one login of a token that lives 3 s, and renews it at 80 % of its life', async () => {
    const clock = new ManualClock(START);
    const system = issuer(clock, 3_000);
    const session = new TokenSession({ clock, obtain: system.obtain, maxRenewAheadMs: MARGIN_MS });
    const sent: string[] = [];
    for (let i = 0; i < 24; i++) {
      await session.call(async (token) => sent.push(token), () => false);
      clock.advance(100);
    }
    expect(sent).toEqual(Array(24).fill('t1'));
    expect(system.logins()).toBe(1);
    // 24 calls 100 ms apart: the clock now stands at 2.4 s, 80 % of the token's life.
    expect((await session.current()).value).toBe('t2');
    expect(system.logins()).toBe(2);
  });

  it('renews a long-lived token no earlier than maxRenewAheadMs before it expires', async () => {
    const clock = new ManualClock(START);
    const system = issuer(clock, 600_000);
    const session = new TokenSession({ clock, obtain: system.obtain, maxRenewAheadMs: MARGIN_MS });
    await session.current();
    clock.advance(600_000 - MARGIN_MS - 1);
    expect((await session.current()).value).toBe('t1');
    clock.advance(1);
    expect((await session.current()).value).toBe('t2');
  });

  it('keeps a token without a stated lifetime until the system refuses it', async () => {
    const clock = new ManualClock(START);
    const system = issuer(clock, null);
    const session = new TokenSession({ clock, obtain: system.obtain, maxRenewAheadMs: MARGIN_MS });
    await session.current();
    clock.advance(365 * 24 * 3600_000);
    expect((await session.current()).value).toBe('t1');
    expect(system.logins()).toBe(1);
  });

  it('renews a refused token and sends the call once more with the new one', async () => {
    const clock = new ManualClock(START);
    const system = issuer(clock, 600_000);
    const session = new TokenSession({ clock, obtain: system.obtain, maxRenewAheadMs: MARGIN_MS });
    await session.current();
    const sent: string[] = [];
    const result = await session.call(async (token) => (sent.push(token), token === 't1' ? 'expired' : 'ok'), (answer) => answer === 'expired');
    expect(result).toEqual({ answer: 'ok', renewed: true });
    expect(sent).toEqual(['t1', 't2']);
  });

  it('sends a call at most twice, answering the second refusal for the caller to report', async () => {
    const clock = new ManualClock(START);
    const system = issuer(clock, 600_000);
    const session = new TokenSession({ clock, obtain: system.obtain, maxRenewAheadMs: MARGIN_MS });
    let sends = 0;
    const result = await session.call(async () => (sends += 1, 'expired'), () => true);
    expect(result).toEqual({ answer: 'expired', renewed: true });
    expect(sends).toBe(2);
    expect(system.logins()).toBe(2);
  });

  it('keeps the token another caller renewed meanwhile when an older one is refused', async () => {
    const clock = new ManualClock(START);
    const system = issuer(clock, 600_000);
    const session = new TokenSession({ clock, obtain: system.obtain, maxRenewAheadMs: MARGIN_MS });
    const old = await session.current();
    session.forget(old);
    const fresh = await session.current();
    session.forget(old);
    expect(await session.current()).toBe(fresh);
    expect(system.logins()).toBe(2);
  });

  it('tries a new login on the next call after one failed', async () => {
    const clock = new ManualClock(START);
    let attempts = 0;
    const session = new TokenSession({
      clock,
      obtain: async () => {
        attempts += 1;
        if (attempts === 1) throw new Error('login refused');
        return { value: 'ok', expiresAt: null };
      },
      maxRenewAheadMs: MARGIN_MS,
    });
    await expect(session.current()).rejects.toThrow('login refused');
    expect((await session.current()).value).toBe('ok');
  });
});
