import { createClient as createSseClient } from 'graphql-sse';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import WebSocket from 'ws';

/**
 * Many subscribers of one subscription, over graphql-sse (one HTTP stream each) or graphql-ws
 * (one WebSocket each), in this process: each notes when the payload naming a key arrived.
 */
export class Subscribers {
  /** Per subscriber: when each key arrived (ms, this process's clock). */
  private readonly arrivals: Map<string, number>[] = [];
  private readonly closers: (() => unknown)[] = [];
  errors = 0;
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

  private sink(): { next: (v: { data?: unknown }) => void; error: (e: unknown) => void; complete: () => void } {
    const seen = new Map<string, number>();
    this.arrivals.push(seen);
    return {
      next: (value) => {
        const key = this.keyOf(value.data);
        if (key !== null && !seen.has(key)) seen.set(key, Date.now());
      },
      error: (e: unknown) => {
        this.errors += 1;
        if (this.errorSamples.length < 5) this.errorSamples.push(e instanceof Error ? `${e.name}: ${e.message}${e.cause instanceof Error ? ` (${e.cause.message})` : ''}` : JSON.stringify(e));
      },
      complete: () => undefined,
    };
  }

  /** Opens `n` SSE streams, `batch` at a time, `pauseMs` apart (gently: a connection refused under the load of opening is an error, not retried). */
  async openSse(n: number, batch = 200, pauseMs = 250): Promise<void> {
    const client = createSseClient({ url: this.url, headers: { authorization: this.authorization }, retryAttempts: 0 });
    this.closers.push(() => client.dispose());
    for (let i = 0; i < n; i += batch) {
      for (let j = i; j < Math.min(n, i + batch); j++) this.closers.push(client.subscribe({ query: this.query }, this.sink()));
      await new Promise((r) => setTimeout(r, pauseMs));
    }
  }

  /** Opens `n` WebSockets with one subscription each, `batch` at a time, each connected before the next batch. */
  async openWs(n: number, batch = 100): Promise<void> {
    for (let i = 0; i < n; i += batch) {
      const clients: Promise<void>[] = [];
      for (let j = i; j < Math.min(n, i + batch); j++) {
        let connected: () => void = () => undefined;
        const ready = new Promise<void>((resolve) => (connected = resolve));
        const client: WsClient = createWsClient({ url: this.url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, connectionParams: { authorization: this.authorization }, retryAttempts: 0, on: { connected: () => connected() } });
        this.closers.push(client.subscribe({ query: this.query }, this.sink()), () => client.dispose());
        clients.push(ready);
      }
      await Promise.race([Promise.all(clients), new Promise((r) => setTimeout(r, 10_000))]);
    }
  }

  /** When each subscriber received `key` (undefined: not yet). */
  arrivalsOf(key: string): (number | undefined)[] {
    return this.arrivals.map((a) => a.get(key));
  }

  /** Waits until every subscriber received `key`, or `ms` passed. */
  async waitForAll(key: string, ms: number): Promise<void> {
    const until = Date.now() + ms;
    while (Date.now() < until && this.arrivalsOf(key).some((t) => t === undefined)) await new Promise((r) => setTimeout(r, 20));
  }

  close(): void {
    for (const close of this.closers.splice(0)) {
      try {
        close();
      } catch {
        // already closed
      }
    }
  }
}
