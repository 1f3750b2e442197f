import type http from 'node:http';
import type { ExecutionResult } from 'graphql';
import { Counter, type Registry } from 'prom-client';
import type { PayloadStream } from './event-iterator';
import { endWithin, tooSlowPayload } from './slow-subscribers';

/** graphql-sse's header and query parameter naming a single connection's reserved stream. */
export const TOKEN_HEADER = 'x-graphql-event-stream-token';

/** The reservation token a graphql-sse request names, as graphql-sse's handler reads it (header first, then `?token=`). */
export function tokenOf(req: http.IncomingMessage): string | null {
  const header = req.headers[TOKEN_HEADER];
  if (header) return Array.isArray(header) ? header.join('') : header;
  return new URLSearchParams((req.url ?? '').split('?')[1]).get('token');
}

/** An operation's frame on a single connection's stream, as graphql-sse prints it (`id` and `payload`; a stream of its own has no id). */
function frame(event: 'next' | 'complete', opId: string | null, payload?: ExecutionResult): string {
  const data = opId === null ? (payload ?? null) : event === 'next' ? { id: opId, payload } : { id: opId };
  return `event: ${event}\ndata:${data ? ` ${JSON.stringify(data)}` : ''}\n\n`;
}

interface Operation {
  opId: string | null;
  stream: PayloadStream;
}

/**
 * One reserved stream of graphql-sse's single connection mode and the operations sent to it. Its
 * operations are iterated by graphql-sse, which queues their frames without bound behind the
 * response; so each operation is only read while the response takes writes, its events wait in its
 * own queue meanwhile, and the first to fall more than SUBSCRIBER_MAX_QUEUED_EVENTS behind closes
 * the whole connection: every operation on it gets SUBSCRIBER_TOO_SLOW and `complete`, the response
 * ends (its socket destroyed if it does not flush within the grace), the reservation is released.
 * A reservation whose stream never opens is ended after SSE_RESERVATION_TTL_MS (`expire`).
 */
class ReservedConnection {
  private res: http.ServerResponse | null = null;
  private dispose: (() => void) | null = null;
  private waiters: (() => void)[] = [];
  private timer: NodeJS.Timeout | null = null;
  readonly operations = new Set<Operation>();
  /** Whether its stream opened: until then graphql-sse holds the reservation whatever its operations do. */
  opened = false;
  closed = false;

  constructor(
    private readonly bound: number | null,
    private readonly tooSlow: Counter<'transport'> | undefined,
    private readonly forget: () => void,
  ) {}

  /** Calls `expire` once `ms` pass without the stream opening. */
  expireAfter(ms: number, expire: () => void): void {
    this.timer = setTimeout(expire, ms);
    this.timer.unref();
  }

  /** The stream's response opened: `dispose` ends graphql-sse's stream (and its reservation). */
  attach(res: http.ServerResponse, dispose: () => void): void {
    this.opened = true;
    if (this.timer) clearTimeout(this.timer);
    this.res = res;
    this.dispose = dispose;
    res.on('drain', this.wake);
    res.once('close', this.detach);
  }

  /** Whether the response holds back what it was given: the client does not read. */
  blocked(): boolean {
    return this.bound !== null && !this.closed && this.res !== null && this.res.writableNeedDrain;
  }

  /** Resolves when the response takes writes again, or the connection is gone. */
  writable(): Promise<void> {
    if (!this.blocked()) return Promise.resolve();
    return new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  private readonly wake = (): void => {
    for (const resolve of this.waiters.splice(0)) resolve();
  };

  readonly detach = (): void => {
    if (this.res) {
      this.res.off('drain', this.wake);
      this.res.off('close', this.detach);
    }
    this.res = null;
    this.dispose = null;
    this.wake();
    this.forgetIfIdle();
  };

  remove(op: Operation): void {
    this.operations.delete(op);
    this.forgetIfIdle();
  }

  private forgetIfIdle(): void {
    if (this.opened && this.res === null && this.operations.size === 0) this.forget();
  }

  /** graphql-sse dropped the reservation unopened: its operations end (their slots released), nothing is written. */
  expire(): void {
    if (this.closed) return;
    this.closed = true;
    for (const op of this.operations) void op.stream.return?.();
    this.wake();
    this.forget();
  }

  /** An operation fell past the bound: closes the connection and every operation on it, once. */
  closeTooSlow(): void {
    if (this.closed) return;
    this.closed = true;
    this.tooSlow?.inc({ transport: 'sse' });
    const payload = tooSlowPayload(this.bound ?? 0);
    const ops = [...this.operations];
    const last = ops.map((op) => frame('next', op.opId, payload) + frame('complete', op.opId)).join('');
    const { res, dispose } = this;
    for (const op of ops) void op.stream.return?.();
    if (res) endWithin(res, Buffer.from(last));
    this.wake();
    dispose?.();
  }
}

export interface ReservedConnectionsOptions {
  /** SUBSCRIBER_MAX_QUEUED_EVENTS; null: the operations are read as fast as graphql-sse asks. */
  bound: number | null;
  tooSlow?: Counter<'transport'>;
  /** SSE_RESERVATION_TTL_MS: how long a reservation waits for its stream to open. */
  unopenedTtlMs: number;
  /** Counts the reservations dropped unopened. */
  expired?: Counter;
  /** Ends graphql-sse's reservation of the token if its stream has not opened; false when it has. */
  dropUnopened: (token: string) => Promise<boolean>;
}

/** Counts the graphql-sse reservations dropped because no event stream opened them in time. */
export function expiredReservationCounter(registry: Registry | null): Counter {
  return new Counter({
    name: 'gateway_sse_reservations_expired_total',
    help: 'graphql-sse single-connection reservations dropped because their event stream did not open within SSE_RESERVATION_TTL_MS',
    registers: registry ? [registry] : [],
  });
}

/** An operation's payloads once its reservation is gone: none. */
function ended(stream: PayloadStream): AsyncIterableIterator<ExecutionResult> {
  void stream.return?.();
  const none: AsyncIterableIterator<ExecutionResult> = {
    [Symbol.asyncIterator]: () => none,
    next: async () => ({ done: true, value: undefined }),
    return: async () => ({ done: true, value: undefined }),
  };
  return none;
}

/**
 * The reserved streams of graphql-sse's single connection mode, by token: what binds an operation
 * (POSTed with the token) to the response that carries its events (the stream opened with it), and
 * what ends a reservation whose stream does not open in time, with the operations sent to it.
 */
export class ReservedConnections {
  private readonly byToken = new Map<string, ReservedConnection>();

  constructor(private readonly o: ReservedConnectionsOptions) {}

  private made(token: string): ReservedConnection {
    const made: ReservedConnection = new ReservedConnection(this.o.bound, this.o.tooSlow, () => this.byToken.get(token) === made && this.byToken.delete(token));
    this.byToken.set(token, made);
    return made;
  }

  /** graphql-sse reserved `token` (a PUT answered 201): dropped unless its stream opens within the TTL. */
  reserve(token: string): void {
    const conn = this.made(token);
    conn.expireAfter(this.o.unopenedTtlMs, () => void this.expire(token, conn).catch(() => undefined));
  }

  private async expire(token: string, conn: ReservedConnection): Promise<void> {
    if (conn.opened || conn.closed || this.byToken.get(token) !== conn) return;
    // graphql-sse decides: a stream opening at this moment keeps the reservation.
    if (!(await this.o.dropUnopened(token))) return;
    conn.expire();
    this.o.expired?.inc();
  }

  /** Whether `token` names a reservation graphql-sse holds (one closed as too slow, or dropped, does not). */
  holds(token: string): boolean {
    const conn = this.byToken.get(token);
    return conn !== undefined && !conn.closed;
  }

  /** The stream's response for `token` opened; returns what to call when it is done. */
  attach(token: string, res: http.ServerResponse, dispose: () => void): ReservedConnection {
    const held = this.byToken.get(token);
    const conn = held && !held.closed ? held : this.made(token);
    conn.attach(res, dispose);
    return conn;
  }

  /**
   * The operation's payloads as graphql-sse will iterate them: read only while the connection
   * takes writes (with a bound), and ended with the reservation. Without a token, the stream as it is.
   */
  gate(token: string | null, opId: string | null, stream: PayloadStream): AsyncIterableIterator<ExecutionResult> {
    if (token === null) return stream;
    const conn = this.byToken.get(token);
    // The reservation ended (dropped unopened, or closed as too slow) while the operation was opened.
    if (!conn || conn.closed) return ended(stream);
    const op: Operation = { opId, stream };
    conn.operations.add(op);
    stream.onTooSlow(() => conn.closeTooSlow(), () => conn.blocked());
    const done = async (): Promise<IteratorResult<ExecutionResult>> => {
      conn.remove(op);
      await stream.return?.();
      return { done: true, value: undefined };
    };
    const gated: AsyncIterableIterator<ExecutionResult> = {
      [Symbol.asyncIterator]: () => gated,
      next: async () => {
        await conn.writable();
        // Closed as too slow: the connection wrote this operation's last frames itself; dropped unopened: nothing to write to.
        if (conn.closed) return done();
        const result = await stream.next();
        if (result.done || conn.closed) return done();
        return result;
      },
      return: done,
      throw: async (error: unknown) => {
        await done();
        throw error;
      },
    };
    return gated;
  }

  /** How many reserved connections are held (for tests). */
  get size(): number {
    return this.byToken.size;
  }
}
