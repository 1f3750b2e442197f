import { GraphQLError } from 'graphql';
import { ErrorCodes } from '../../schema/error-codes';

/** Concurrent subscriptions per caller: acquire before subscribing, the returned release when the stream ends. */
export class CallerLimit {
  private readonly held = new Map<string, number>();

  constructor(private readonly perCaller: number) {}

  acquire(key: string): (() => void) | GraphQLError {
    const n = this.held.get(key) ?? 0;
    if (n >= this.perCaller) {
      return new GraphQLError(`this caller already holds ${this.perCaller} subscriptions, the most allowed at once`, { extensions: { code: ErrorCodes.TOO_MANY_SUBSCRIPTIONS, limit: this.perCaller } });
    }
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
}
