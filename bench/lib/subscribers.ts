import { readSse, readWs, type PayloadSink } from './protocol-readers';

/**
 * Many subscribers of one subscription, over graphql-sse (one HTTP stream each) or graphql-ws
 * (one WebSocket each), in this process, read at the protocol level (protocol-readers.ts): each
 * notes when the payload naming a key arrived.
 */
export class Subscribers {
  /** Per subscriber: when each key arrived (ms, this process's clock). */
  private readonly arrivals: Map<string, number>[] = [];
  private readonly closers: (() => unknown)[] = [];
  /** How many subscribers received each key. */
  private readonly received = new Map<string, number>();
  errors = 0;
  /** Set once `close` ran: the streams it ends are not errors. */
  private closed = false;
  /** The first few errors, as the clients reported them. */
  readonly errorSamples: string[] = [];

  constructor(
    private readonly url: string,
    private readonly query: string,
    private readonly authorization: string,
    /** The key a payload names (e.g. its warning's id), or null. */
    private readonly keyOf: (data: unknown) => string | null,
  ) {}

  get size(): number {
    return this.arrivals.length;
  }

  private sink(): PayloadSink {
    const seen = new Map<string, number>();
    this.arrivals.push(seen);
    return {
      next: (value) => {
        const key = this.keyOf(value.data);
        if (key === null || seen.has(key)) return;
        seen.set(key, Date.now());
        this.received.set(key, (this.received.get(key) ?? 0) + 1);
      },
      error: (e: unknown) => {
        if (this.closed) return;
        this.errors += 1;
        if (this.errorSamples.length < 5) this.errorSamples.push(e instanceof Error ? `${e.name}: ${e.message}${e.cause instanceof Error ? ` (${e.cause.message})` : ''}` : JSON.stringify(e));
      },
    };
  }

  /** Opens `n` SSE streams, `batch` at a time, each answered before the next batch (a connection refused under the load of opening is an error, not retried). */
  async openSse(n: number, batch = 200): Promise<void> {
    for (let i = 0; i < n; i += batch) {
      const answered: Promise<void>[] = [];
      for (let j = i; j < Math.min(n, i + batch); j++) answered.push(new Promise<void>((resolve) => this.closers.push(readSse(this.url, this.query, this.authorization, this.sink(), resolve))));
      await Promise.race([Promise.all(answered), new Promise((r) => setTimeout(r, 10_000))]);
    }
  }

  /** Opens `n` WebSockets with one subscription each, `batch` at a time, each acknowledged before the next batch. */
  async openWs(n: number, batch = 100): Promise<void> {
    for (let i = 0; i < n; i += batch) {
      const acknowledged: Promise<void>[] = [];
      for (let j = i; j < Math.min(n, i + batch); j++) acknowledged.push(new Promise<void>((resolve) => this.closers.push(readWs(this.url, this.query, this.authorization, this.sink(), resolve))));
      await Promise.race([Promise.all(acknowledged), new Promise((r) => setTimeout(r, 10_000))]);
    }
  }

  /** When each subscriber received `key` (undefined: not yet). */
  arrivalsOf(key: string): (number | undefined)[] {
    return this.arrivals.map((a) => a.get(key));
  }

  /** Waits until every subscriber received `key`, or `ms` passed. */
  async waitForAll(key: string, ms: number): Promise<void> {
    const until = Date.now() + ms;
    while (Date.now() < until && (this.received.get(key) ?? 0) < this.size) await new Promise((r) => setTimeout(r, 20));
  }

  close(): void {
    this.closed = true;
    for (const close of this.closers.splice(0)) {
      try {
        close();
      } catch {
        // already closed
      }
    }
  }
}
