import { print, type ExecutionResult } from 'graphql';
import type { Subscriber } from './subscriber';
import type { SubscriptionOperation } from './subscription-operation';

/** How many of a group's latest events keep their payload: enough for every member to take it, however late its turn comes. */
export const EVENTS_KEPT_PER_GROUP = 64;

interface Group {
  members: number;
  /** Payloads by event id, oldest first (a Map keeps insertion order). */
  payloads: Map<string, Promise<ExecutionResult | null>>;
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
  join(key: string): { payload: (eventId: string, make: () => Promise<ExecutionResult | null>) => Promise<ExecutionResult | null>; leave: () => void } {
    let group = this.groups.get(key);
    if (!group) this.groups.set(key, (group = { members: 0, payloads: new Map() }));
    group.members += 1;
    const joined = group;
    let left = false;
    return {
      payload: (eventId, make) => {
        const held = joined.payloads.get(eventId);
        if (held) return held;
        const made = make();
        joined.payloads.set(eventId, made);
        made.catch(() => joined.payloads.delete(eventId));
        if (joined.payloads.size > EVENTS_KEPT_PER_GROUP) joined.payloads.delete(joined.payloads.keys().next().value as string);
        return made;
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
