import { context, trace, type Attributes, type Context, type Span } from '@opentelemetry/api';
import { inSpan, SpanKind, tracer } from '../../schema/telemetry/spans';
import type { Subscriber } from './subscriber';

/** What a push span says of its subscriber: the role (and province), never the token or the subject. */
export function subscriberAttributes(subscriber: Subscriber): Attributes {
  return { 'yrd.subscriber.role': subscriber.caller.role ?? 'anonymous', ...(subscriber.caller.province ? { 'yrd.subscriber.province': subscriber.caller.province } : {}) };
}

/**
 * Opens a subscription inside its span, `open` seeing the span's context: the context it keeps
 * for later deliveries (each a child of the subscription it serves). `refusal`: the error code of a
 * result that refused the subscription.
 */
export function tracedOpen<T>(attributes: Attributes, open: () => Promise<T>, refusal: (result: T) => string | null): Promise<T> {
  return inSpan(tracer('yrd-gateway'), 'subscription open', { kind: SpanKind.SERVER, attributes }, async (span) => {
    const result = await open();
    const code = refusal(result);
    if (code) span.setAttribute('error.type', code);
    return result;
  });
}

/** One event delivered to one subscriber, as a child of `parent` (its subscription's context). */
export function tracedDelivery<T>(parent: Context, attributes: Attributes, deliver: () => Promise<T>): Promise<T> {
  return context.with(parent, () => inSpan(tracer('yrd-gateway'), 'subscription event', { kind: SpanKind.PRODUCER, attributes }, deliver));
}

/** One ask of a province's change feed: a client span whose context the request carries to the subgraph. */
export function tracedPoll<T>(attributes: Attributes, poll: (span: Span) => Promise<T>): Promise<T> {
  return context.with(trace.deleteSpan(context.active()), () => inSpan(tracer('yrd-gateway'), 'change feed poll', { kind: SpanKind.CLIENT, attributes }, poll));
}
