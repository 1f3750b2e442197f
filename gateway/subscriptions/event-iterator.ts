import { GraphQLError, type ExecutionResult } from 'graphql';
import { UNAUTHENTICATED } from '../../schema/caller';
import type { BusEvent } from './event-bus';
import type { PayloadWaiter } from './payload-groups';

/** The longest a timer can wait (setTimeout's limit); a later expiry is checked again then. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface EventIteratorOptions<E> {
  /** The events kept since `after`, delivered before the live ones. */
  replay: readonly BusEvent<E>[];
  /** Turns one event into its payload; null: the subscriber's filter does not want it. */
  payload: (event: BusEvent<E>) => Promise<ExecutionResult | null>;
  /** When the subscriber's token expires (ms since the epoch); the stream ends then with UNAUTHENTICATED. */
  expiresAt: number | null;
  /** Runs once when the stream ends, however it ends. */
  onEnd: () => void;
  /** `payload` for a stream drained into a sink: the event's payload (null: not wanted) handed to the waiter, at once or later. */
  deliverInto: (event: BusEvent<E>, waiter: PayloadWaiter) => void;
}

/** A subscription's payloads, iterated (graphql-ws, webhooks) or drained into a sink (SSE streams). */
export type PayloadStream = AsyncIterableIterator<ExecutionResult> & { drainInto(sink: PayloadSink): void; resume(): void };

/** Where a drained stream's payloads go: `write` answers false when the consumer must be resumed before the next; `end` once, when the stream ends. */
export interface PayloadSink {
  write(value: ExecutionResult): boolean;
  end(error?: unknown): void;
}

const EXPIRED = Symbol('expired');
const expired = (): ExecutionResult => ({ errors: [new GraphQLError('the token has expired; subscribe again with a new one', { extensions: { code: UNAUTHENTICATED } })] });

/**
 * A subscription's stream of payloads: replayed events, then live ones pushed by the bus, in bus
 * order and each once (a live event the replay already gave is skipped by id). Unlike an async
 * generator, `return()` ends it at once, even while it waits for the next event. Read as an async
 * iterator, or drained into a sink (`drainInto`): then no promise or async step is spent per event
 * and subscriber; the payload group hands each waiting stream its payload in one walk.
 */
export class EventIterator<E> implements AsyncIterableIterator<ExecutionResult>, PayloadWaiter {
  private sink: PayloadSink | null = null;
  /** Sink mode: an event's payload is awaited, the consumer asked to wait, or the queue is being walked. */
  private awaiting = false;
  private paused = false;
  private pumping = false;

  private readonly queue: (BusEvent<E> | typeof EXPIRED)[];
  private waiting: (() => void) | null = null;
  private ended = false;
  private lastId: string | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly o: EventIteratorOptions<E>,
    private readonly compare: (a: string, b: string) => number,
  ) {
    this.queue = [...o.replay];
    this.armExpiry();
  }

  private armExpiry(): void {
    if (this.o.expiresAt === null) return;
    const wait = this.o.expiresAt - Date.now();
    this.timer = setTimeout(() => (wait > MAX_TIMER_MS ? this.armExpiry() : this.push(EXPIRED)), Math.max(0, Math.min(wait, MAX_TIMER_MS)));
  }

  /** A live event from the bus. */
  readonly push = (event: BusEvent<E> | typeof EXPIRED): void => {
    if (this.ended) return;
    this.queue.push(event);
    this.waiting?.();
    if (this.sink) this.pump();
  };

  /** Hands every payload to `sink` from now on, instead of being iterated. */
  drainInto(sink: PayloadSink): void {
    this.sink = sink;
    this.pump();
  }

  /** The sink can take more after its `write` answered false. */
  resume(): void {
    this.paused = false;
    this.pump();
  }

  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (!this.ended && !this.awaiting && !this.paused) {
        const event = this.queue.shift();
        if (event === undefined) return;
        if (event === EXPIRED) {
          (this.sink as PayloadSink).write(expired());
          return this.end();
        }
        if (this.lastId !== null && this.compare(event.id, this.lastId) <= 0) continue;
        this.lastId = event.id;
        this.awaiting = true;
        this.o.deliverInto(event, this);
      }
    } finally {
      this.pumping = false;
    }
  }

  ready(value: ExecutionResult | null): void {
    this.awaiting = false;
    if (this.ended || !this.sink) return;
    if (value && !this.sink.write(value)) this.paused = true;
    this.pump();
  }

  failed(error: unknown): void {
    this.awaiting = false;
    this.end(error);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async next(): Promise<IteratorResult<ExecutionResult>> {
    while (!this.ended) {
      const event = this.queue.shift();
      if (event === undefined) {
        await new Promise<void>((resolve) => (this.waiting = resolve));
        this.waiting = null;
        continue;
      }
      if (event === EXPIRED) {
        this.end();
        return { done: false, value: expired() };
      }
      if (this.lastId !== null && this.compare(event.id, this.lastId) <= 0) continue;
      this.lastId = event.id;
      const value = await this.o.payload(event);
      if (value && !this.ended) return { done: false, value };
    }
    return { done: true, value: undefined };
  }

  private end(error?: unknown): void {
    if (this.ended) return;
    this.ended = true;
    if (this.timer) clearTimeout(this.timer);
    this.queue.length = 0;
    this.waiting?.();
    this.o.onEnd();
    const sink = this.sink;
    this.sink = null;
    sink?.end(error);
  }

  async return(): Promise<IteratorResult<ExecutionResult>> {
    this.end();
    return { done: true, value: undefined };
  }

  async throw(error: unknown): Promise<IteratorResult<ExecutionResult>> {
    this.end();
    throw error;
  }
}
