import { GraphQLError, type ExecutionResult } from 'graphql';
import { UNAUTHENTICATED } from '../../schema/caller';
import type { BusEvent } from './event-bus';
import type { PayloadWaiter } from './payload-groups';
import { tooSlowPayload } from './slow-subscribers';

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
  /** Live events the stream may hold back while its consumer does not take them; past it the stream ends as too slow (null: no bound). */
  maxQueued: number | null;
}

/** A subscription's payloads, iterated (graphql-ws, webhooks) or drained into a sink (SSE streams). */
export type PayloadStream = AsyncIterableIterator<ExecutionResult> & { drainInto(sink: PayloadSink): void; resume(): void; onTooSlow(listener: () => void, stalled?: () => boolean): void };

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
  /** How many of the queue's first events are the replay (not counted against `maxQueued`). */
  private replayLeft: number;
  /** The payload an iterated stream still owes its consumer after it ended (too slow). */
  private last: ExecutionResult | null = null;
  private tooSlowListener: (() => void) | null = null;
  /** Whether an iterated stream's consumer is held up by its connection (a drained one: its sink asked to wait). */
  private stalled: () => boolean = () => true;

  constructor(
    private readonly o: EventIteratorOptions<E>,
    private readonly compare: (a: string, b: string) => number,
  ) {
    this.queue = [...o.replay];
    this.replayLeft = this.queue.length;
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
    if (this.o.maxQueued !== null && this.queue.length - this.replayLeft > this.o.maxQueued && (this.sink ? this.paused : this.stalled())) return this.tooSlow(this.o.maxQueued);
    this.waiting?.();
    if (this.sink) this.pump();
  };

  /**
   * `listener` runs once if the stream ends because its consumer fell more than `maxQueued` events
   * behind while its connection did not take them (the transport closes the connection). Events
   * queued while their payloads are made (a burst) do not count: a drained stream counts only while
   * its sink asks it to wait, an iterated one while `stalled` says so (by default, always).
   */
  onTooSlow(listener: () => void, stalled?: () => boolean): void {
    this.tooSlowListener = listener;
    if (stalled) this.stalled = stalled;
  }

  /**
   * Ends a stream whose consumer stopped taking its events: a drained one writes the error as its
   * last payload; an iterated one owes it to the next `next()`. Its queue, bus listener, group
   * membership and slot are released at once; the bus keeps the events for a resume.
   */
  private tooSlow(bound: number): void {
    const payload = tooSlowPayload(bound);
    if (this.sink) this.sink.write(payload);
    else this.last = payload;
    this.end();
    this.tooSlowListener?.();
  }

  private shift(): BusEvent<E> | typeof EXPIRED | undefined {
    if (this.replayLeft > 0) this.replayLeft -= 1;
    return this.queue.shift();
  }

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
        const event = this.shift();
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
      const event = this.shift();
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
    const last = this.last;
    this.last = null;
    return last ? { done: false, value: last } : { done: true, value: undefined };
  }

  private end(error?: unknown): void {
    if (this.ended) return;
    this.ended = true;
    if (this.timer) clearTimeout(this.timer);
    this.queue.length = 0;
    this.replayLeft = 0;
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
