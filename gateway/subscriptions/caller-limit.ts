import { GraphQLError } from 'graphql';
import { ErrorCodes } from '../../schema/error-codes';

/** Concurrent subscriptions per caller: acquire before subscribing, call the returned release when the stream ends. */
export interface SubscriptionSlots {
  acquire(key: string): Promise<(() => void) | GraphQLError>;
  close(): Promise<void>;
}

export function tooManySubscriptions(perCaller: number): GraphQLError {
  return new GraphQLError(`this caller already holds ${perCaller} subscriptions, the most allowed at once`, { extensions: { code: ErrorCodes.TOO_MANY_SUBSCRIPTIONS, limit: perCaller } });
}

/** The slots of one gateway process (without Redis). */
export class CallerLimit implements SubscriptionSlots {
  private readonly held = new Map<string, number>();

  constructor(private readonly perCaller: number) {}

  async acquire(key: string): Promise<(() => void) | GraphQLError> {
    return this.take(key);
  }

  /** Takes a slot now, or answers the refusal. */
  take(key: string): (() => void) | GraphQLError {
    const n = this.held.get(key) ?? 0;
    if (n >= this.perCaller) return tooManySubscriptions(this.perCaller);
    this.held.set(key, n + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.held.get(key) ?? 1) - 1;
      if (left === 0) this.held.delete(key);
      else this.held.set(key, left);
    };
  }

  async close(): Promise<void> {}
}
