import { GraphQLError, type ExecutionResult } from 'graphql';
import { UNAUTHENTICATED } from '../../schema/caller';
import type { BusEvent } from './event-bus';

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
}

const EXPIRED = Symbol('expired');

/**
 * A subscription's stream of payloads: replayed events, then live ones pushed by the bus, in bus
 * order and each once (a live event the replay already gave is skipped by id). Unlike an async
 * generator, `return()` ends it at once, even while it waits for the next event.
 */
export class EventIterator<E> implements AsyncIterableIterator<ExecutionResult> {
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
  };

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
        return { done: false, value: { errors: [new GraphQLError('the token has expired; subscribe again with a new one', { extensions: { code: UNAUTHENTICATED } })] } };
      }
      if (this.lastId !== null && this.compare(event.id, this.lastId) <= 0) continue;
      this.lastId = event.id;
      const value = await this.o.payload(event);
      if (value && !this.ended) return { done: false, value };
    }
    return { done: true, value: undefined };
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    if (this.timer) clearTimeout(this.timer);
    this.queue.length = 0;
    this.waiting?.();
    this.o.onEnd();
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
