import type http from 'node:http';
import type { ExecutionResult } from 'graphql';
import type { Counter } from 'prom-client';
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
 */
class ReservedConnection {
  private res: http.ServerResponse | null = null;
  private dispose: (() => void) | null = null;
  private waiters: (() => void)[] = [];
  readonly operations = new Set<Operation>();
  closed = false;

  constructor(
    private readonly bound: number,
    private readonly tooSlow: Counter<'transport'> | undefined,
    private readonly forget: () => void,
  ) {}

  /** The stream's response opened: `dispose` ends graphql-sse's stream (and its reservation). */
  attach(res: http.ServerResponse, dispose: () => void): void {
    this.res = res;
    this.dispose = dispose;
    res.on('drain', this.wake);
    res.once('close', this.detach);
  }

  /** Whether the response holds back what it was given: the client does not read. */
  blocked(): boolean {
    return !this.closed && this.res !== null && this.res.writableNeedDrain;
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
    if (this.res === null && this.operations.size === 0) this.forget();
  }

  /** An operation fell past the bound: closes the connection and every operation on it, once. */
  closeTooSlow(): void {
    if (this.closed) return;
    this.closed = true;
    this.tooSlow?.inc({ transport: 'sse' });
    const payload = tooSlowPayload(this.bound);
    const ops = [...this.operations];
    const last = ops.map((op) => frame('next', op.opId, payload) + frame('complete', op.opId)).join('');
    const { res, dispose } = this;
    for (const op of ops) void op.stream.return?.();
    if (res) endWithin(res, Buffer.from(last));
    this.wake();
    dispose?.();
  }
}

/**
 * The reserved streams of graphql-sse's single connection mode, by token: what binds an operation
 * (POSTed with the token) to the response that carries its events (the stream opened with it).
 */
export class ReservedConnections {
  private readonly byToken = new Map<string, ReservedConnection>();

  constructor(
    private readonly bound: number | null,
    private readonly tooSlow?: Counter<'transport'>,
  ) {}

  private of(token: string): ReservedConnection {
    let conn = this.byToken.get(token);
    // A connection closed as too slow is done with, though its last operations may still be ending: the token may be reserved again.
    if (!conn || conn.closed) {
      const made = new ReservedConnection(this.bound ?? 0, this.tooSlow, () => this.byToken.get(token) === made && this.byToken.delete(token));
      this.byToken.set(token, (conn = made));
    }
    return conn;
  }

  /** The stream's response for `token` opened; returns what to call when it is done. */
  attach(token: string, res: http.ServerResponse, dispose: () => void): ReservedConnection {
    const conn = this.of(token);
    conn.attach(res, dispose);
    return conn;
  }

  /**
   * The operation's payloads as graphql-sse will iterate them: read only while the connection
   * takes writes. Without a bound, or without a token, the stream as it is.
   */
  gate(token: string | null, opId: string | null, stream: PayloadStream): AsyncIterableIterator<ExecutionResult> {
    if (this.bound === null || token === null) return stream;
    const conn = this.of(token);
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
        // Closed as too slow: the connection wrote this operation's last frames itself.
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
