import { print, type ExecutionResult } from 'graphql';
import type { Subscriber } from './subscriber';
import type { SubscriptionOperation } from './subscription-operation';

/** How many of a group's latest events keep their payload: enough for every member to take it, however late its turn comes. */
export const EVENTS_KEPT_PER_GROUP = 64;

/** How many waiting streams are handed an event's payload before the walk yields to the event loop. */
export const DELIVERY_SLICE = 500;

/** A stream waiting for one event's payload (it has one outstanding at a time: its events go out in order). */
export interface PayloadWaiter {
  ready(value: ExecutionResult | null): void;
  failed(error: unknown): void;
}

interface Group {
  members: number;
  /** Payloads by event id, oldest first (a Map keeps insertion order). */
  payloads: Map<string, Promise<ExecutionResult | null>>;
  /** The same payloads once made, for a stream that asks after that. */
  settled: Map<string, ExecutionResult | null>;
  /** The streams waiting for a payload being made, by event id. */
  waiting: Map<string, PayloadWaiter[]>;
}

function keepLatest<V>(map: Map<string, V>, key: string, value: V): void {
  map.set(key, value);
  if (map.size > EVENTS_KEPT_PER_GROUP) map.delete(map.keys().next().value as string);
}

/** Calls `hand` for each waiter, in slices that yield to the event loop between them, so that one group's walk does not hold every other stream. */
function handOut(waiters: readonly PayloadWaiter[], hand: (waiter: PayloadWaiter) => void): void {
  let i = 0;
  const slice = (): void => {
    for (const end = Math.min(waiters.length, i + DELIVERY_SLICE); i < end; i++) {
      try {
        hand(waiters[i]);
      } catch {
        // one stream's failure to write is its own; the walk goes on
      }
    }
    if (i < waiters.length) setImmediate(slice);
  };
  slice();
}

export interface GroupMembership {
  payload: (eventId: string, make: () => Promise<ExecutionResult | null>) => Promise<ExecutionResult | null>;
  /**
   * The payload handed to `waiter` (at once if it is made): one promise reaction per group and
   * event however many members wait, then one synchronous call per member.
   */
  deliver: (eventId: string, make: () => Promise<ExecutionResult | null>, waiter: PayloadWaiter) => void;
  leave: () => void;
}

/**
 * The subscriptions that would make the same payload of any event, grouped: the same field,
 * document, variables and caller (subject, role, province, catalog) under the same token. Each
 * event's payload is made once per group and handed to every member, so one event to ten
 * thousand subscribers of one operation costs one key query, one payload object and one
 * serialisation of it per protocol write, not ten thousand of each. A group lives while it has
 * members; a payload while it is among the group's latest events, so that a member whose turn
 * comes late still finds it (one that falls further behind makes it again, with the same result).
 */
export class PayloadGroups {
  private readonly groups = new Map<string, Group>();

  /** Joins the group; the function returned makes (or finds) an event's payload, and `leave` ends the membership. */
  join(key: string): GroupMembership {
    let group = this.groups.get(key);
    if (!group) this.groups.set(key, (group = { members: 0, payloads: new Map(), settled: new Map(), waiting: new Map() }));
    group.members += 1;
    const joined = group;
    let left = false;
    const payload = (eventId: string, make: () => Promise<ExecutionResult | null>): Promise<ExecutionResult | null> => {
      const held = joined.payloads.get(eventId);
      if (held) return held;
      const made = make();
      keepLatest(joined.payloads, eventId, made);
      made.catch(() => joined.payloads.delete(eventId));
      return made;
    };
    return {
      payload,
      deliver: (eventId, make, waiter) => {
        if (joined.settled.has(eventId)) return waiter.ready(joined.settled.get(eventId) ?? null);
        const already = joined.waiting.get(eventId);
        if (already) return void already.push(waiter);
        const waiters = [waiter];
        joined.waiting.set(eventId, waiters);
        payload(eventId, make).then(
          (value) => {
            keepLatest(joined.settled, eventId, value);
            joined.waiting.delete(eventId);
            handOut(waiters, (w) => w.ready(value));
          },
          (error: unknown) => {
            joined.waiting.delete(eventId);
            handOut(waiters, (w) => w.failed(error));
          },
        );
      },
      leave: () => {
        if (left) return;
        left = true;
        joined.members -= 1;
        if (joined.members === 0 && this.groups.get(key) === joined) this.groups.delete(key);
      },
    };
  }

  /** How many groups have members (for tests and metrics). */
  get size(): number {
    return this.groups.size;
  }
}

/**
 * What makes two subscriptions' payloads of one event the same: field, document, operation,
 * variables, caller and token. A subscriber with its own access recorder (a webhook's) is a group
 * of its own, so that each event's access record reaches it.
 */
export function payloadGroupKey(op: SubscriptionOperation, subscriber: Subscriber): string {
  const text = op.document.loc?.source.body ?? print(op.document);
  const ownRecorder = subscriber.onAccess ? subscriber.limitKey : null;
  return JSON.stringify([op.field.name.value, text, op.operation.name?.value ?? null, op.variables, subscriber.caller, subscriber.authorization ?? null, ownRecorder]);
}
