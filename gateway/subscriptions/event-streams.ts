import { GraphQLError, type DocumentNode, type ExecutionResult } from 'graphql';
import type { HazmatTransportEntry, WarningChangeEntry } from '../../schema/push/feed';
import { hazmatTransportMatcher, type HazmatTransportFilterInput } from './hazmat-filter';
import type { SubscriptionSlots } from './caller-limit';
import type { ChangePoller, WatchedFeed } from './change-poller';
import { badEventId, compareEventIds, isEventId, type BusEvent, type EventBus } from './event-bus';
import { EventIterator, type PayloadStream } from './event-iterator';
import { eventPayload } from './event-payload';
import { EventPosition, type ResolvedOwnFields } from './event-position';
import { keyQuery } from './key-query';
import { PayloadGroups, payloadGroupKey } from './payload-groups';
import { subscriberAttributes, tracedDelivery, tracedOpen } from './push-spans';
import { context } from '@opentelemetry/api';
import type { GatewayExecutor, Subscriber } from './subscriber';
import type { SubscriptionOperation } from './subscription-operation';
import { warningChangeMatcher, type EntryMatcher, type WarningChangeFilterInput } from './warning-filter';

export const WARNINGS_STREAM = 'warnings';
export const WAYBILLS_STREAM = 'waybills';

/** How one subscription field is served from the bus: its stream, how its filter reads, and how an event names its record. */
interface FieldSpec<E extends { key: string }> {
  stream: string;
  bus: EventBus<E>;
  poller: WatchedFeed;
  typeName: string;
  recordField: string;
  /** The Query field that reads the record by id. */
  rootField: string;
  matcher: (args: Record<string, unknown>, subscriber: Subscriber) => Promise<EntryMatcher<E>>;
  keyOf: (entry: E) => string;
  ownFields: (event: BusEvent<E>) => Record<string, unknown>;
  /** The event's own fields that depend on the subscriber (the catalog), by response name. */
  resolveOwn?: (op: SubscriptionOperation, entry: E, subscriber: Subscriber) => Promise<ResolvedOwnFields>;
}

export interface EventStreamsOptions {
  executor: GatewayExecutor;
  warnings: { bus: EventBus<WarningChangeEntry>; poller: ChangePoller<WarningChangeEntry> };
  waybills: { bus: EventBus<HazmatTransportEntry>; poller: WatchedFeed };
  /** The per-caller limit on concurrent subscriptions. */
  slots: SubscriptionSlots;
}

/**
 * Opens subscriptions: everything that can fail (filters, `after` and its retention window, the
 * per-caller limit) fails here, before anything subscribes; then a stream of payloads, each event
 * resolved by key through the gateway's executor under the subscriber's own token.
 */
export class EventStreams {
  private readonly specs: Record<string, FieldSpec<{ key: string }>>;
  private readonly groups = new PayloadGroups();
  /** Each prepared operation's key query, made once (operations are shared by subscribers sending the same). */
  private readonly keyQueries = new WeakMap<SubscriptionOperation, DocumentNode | null>();

  constructor(private readonly o: EventStreamsOptions) {
    const position = new EventPosition(o.executor);
    const warnings: FieldSpec<WarningChangeEntry> = {
      stream: WARNINGS_STREAM,
      ...o.warnings,
      typeName: 'WarningChange',
      recordField: 'warning',
      rootField: 'warning',
      matcher: async (args) => warningChangeMatcher(args.filter as WarningChangeFilterInput | null),
      keyOf: (e) => e.warningId,
      ownFields: (event) => ({ id: event.id, kind: event.entry.kind, at: event.entry.at }),
    };
    const waybills: FieldSpec<HazmatTransportEntry> = {
      stream: WAYBILLS_STREAM,
      ...o.waybills,
      typeName: 'HazmatTransportEvent',
      recordField: 'waybill',
      rootField: 'waybill',
      matcher: async (args) => hazmatTransportMatcher(args.filter as HazmatTransportFilterInput),
      keyOf: (e) => e.waybillId,
      ownFields: (event) => ({ id: event.id, kind: event.entry.kind, at: event.entry.at, province: event.entry.toward }),
      resolveOwn: (op, entry, subscriber) => position.resolve(op, entry, subscriber),
    };
    this.specs = { warningChanges: warnings as unknown as FieldSpec<{ key: string }>, hazmatTransportEvents: waybills as unknown as FieldSpec<{ key: string }> };
  }

  /**
   * `lastEventId`: SSE's Last-Event-ID, used when the operation gives no `after`. `maxQueued`: the
   * live events the stream may hold back behind a consumer that does not take them (null: none, for
   * webhooks, whose deliveries are queued in their store). Traced: one span for the open, one per
   * delivered event under it.
   */
  async open(op: SubscriptionOperation, subscriber: Subscriber, lastEventId: string | null, maxQueued: number | null = null): Promise<PayloadStream | readonly GraphQLError[]> {
    const field = op.field.name.value;
    const after = (op.args.after as string | null | undefined) ?? lastEventId;
    const attributes = { 'yrd.subscription.field': field, ...(this.specs[field] ? { 'yrd.stream': this.specs[field].stream } : {}), ...(after ? { 'yrd.subscription.after': after } : {}), ...subscriberAttributes(subscriber) };
    return tracedOpen(attributes, () => this.openInSpan(op, subscriber, after, maxQueued), refusalCode);
  }

  private async openInSpan(op: SubscriptionOperation, subscriber: Subscriber, after: string | null, maxQueued: number | null): Promise<PayloadStream | readonly GraphQLError[]> {
    const spec = this.specs[op.field.name.value];
    if (!spec) return [new GraphQLError(`${op.field.name.value} is not served yet`, { extensions: { code: 'BAD_REQUEST' } })];
    if (after !== null && !isEventId(after)) return [badEventId(after)];
    let matcher: EntryMatcher<{ key: string }>;
    try {
      matcher = await spec.matcher(op.args, subscriber);
    } catch (e) {
      if (e instanceof GraphQLError) return [e];
      throw e;
    }
    const release = await this.o.slots.acquire(subscriber.limitKey);
    if (release instanceof GraphQLError) return [release];
    const live: BusEvent<{ key: string }>[] = [];
    let forward: (event: BusEvent<{ key: string }>) => void = (event) => live.push(event);
    let unlisten: () => void = () => undefined;
    let replay: BusEvent<{ key: string }>[];
    try {
      unlisten = await spec.bus.listen(spec.stream, (event) => forward(event));
      replay = after === null ? [] : await spec.bus.after(spec.stream, after);
    } catch (e) {
      unlisten();
      release();
      if (e instanceof GraphQLError) return [e];
      throw e;
    }
    const unwatch = spec.poller.watch();
    let query = this.keyQueries.get(op);
    if (query === undefined) this.keyQueries.set(op, (query = keyQuery(op, spec.recordField, spec.rootField)));
    const make = (event: BusEvent<{ key: string }>) => (): Promise<ExecutionResult | null> => this.payload(op, spec, query, event, subscriber);
    const group = this.groups.join(payloadGroupKey(op, subscriber));
    const opening = context.active();
    const spanned = (event: BusEvent<{ key: string }>, run: () => Promise<ExecutionResult | null>) =>
      tracedDelivery(opening, { 'yrd.stream': spec.stream, 'yrd.event.id': event.id, 'yrd.subscription.field': op.field.name.value, ...subscriberAttributes(subscriber) }, run);
    const deliver = (event: BusEvent<{ key: string }>) => spanned(event, () => group.payload(event.id, make(event)));
    const iterator = new EventIterator<{ key: string }>(
      {
        replay: [...replay, ...live],
        payload: (event) => (matcher(event.entry) ? deliver(event) : Promise.resolve(null)),
        // A drained stream (SSE) spends a delivery span only on the member that makes the group's payload.
        deliverInto: (event, waiter) => (matcher(event.entry) ? group.deliver(event.id, () => spanned(event, make(event)), waiter) : waiter.ready(null)),
        expiresAt: subscriber.expiresAt,
        maxQueued,
        onEnd: () => {
          group.leave();
          unlisten();
          unwatch();
          release();
        },
      },
      compareEventIds,
    );
    forward = iterator.push;
    return iterator;
  }

  private async payload(op: SubscriptionOperation, spec: FieldSpec<{ key: string }>, query: DocumentNode | null, event: BusEvent<{ key: string }>, subscriber: Subscriber): Promise<ExecutionResult> {
    const [answer, resolved] = await Promise.all([
      query ? this.o.executor.execute(query, { ...op.variables, __key: spec.keyOf(event.entry) }, subscriber, event.entry.key, op.origin) : null,
      spec.resolveOwn?.(op, event.entry, subscriber),
    ]);
    const unavailable = spec.poller.unavailable();
    return eventPayload(op, spec.typeName, spec.recordField, spec.ownFields(event), answer, { eventId: event.id, ...(unavailable.length > 0 ? { unavailableProvinces: unavailable } : {}) }, resolved);
  }
}

function refusalCode(result: PayloadStream | readonly GraphQLError[]): string | null {
  if (!Array.isArray(result)) return null;
  const code = (result as readonly GraphQLError[])[0]?.extensions.code;
  return typeof code === 'string' ? code : 'GRAPHQL_ERROR';
}
