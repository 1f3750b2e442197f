import { startTelemetry, type Telemetry } from '../../schema/telemetry/start-telemetry';
import { alertOf, disposeClients, feedMark, startPushFederation, subscribeWs, touch, WARNING_CHANGES, wsClient } from '../e2e/subscriptions/harness';
import type { Federation } from '../support/federation';
import { startOtlpReceiver, type AttributeValue, type OtlpReceiver, type ReceivedSpan } from '../support/otlp-receiver';
import { bearer } from '../support/tokens';

/**
 * Issue 20: subscriptions and change feeds traced (OTLP/HTTP, the federation in this process under
 * one SDK). A subscription's open is a span; each event delivered is a span under it, and the key
 * query that resolves the event continues that trace into the subgraphs. Each poll of a province's
 * change feed is a client span, continued by the province subgraph that answers it.
 */

const SERVER = 2;
const CLIENT = 3;

let receiver: OtlpReceiver;
let telemetry: Telemetry;
let fed: Federation;

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  process.env.OTEL_EXPORTER_OTLP_ENDPOINT = receiver.endpoint;
  telemetry = startTelemetry('yrd-push-trace-test', process.env);
  fed = await startPushFederation();
}, 60_000);

afterAll(async () => {
  await disposeClients();
  await fed?.close();
  await telemetry?.shutdown();
  await receiver?.close();
  delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
});

function flatValues(values: Iterable<AttributeValue>): string[] {
  return [...values].flatMap((v) => (Array.isArray(v) ? flatValues(v) : [String(v)]));
}

function descendsFrom(span: ReceivedSpan, ancestor: ReceivedSpan, byId: Map<string, ReceivedSpan>): boolean {
  for (let at = span.parentSpanId ? byId.get(span.parentSpanId) : undefined; at; at = at.parentSpanId ? byId.get(at.parentSpanId) : undefined) if (at.spanId === ancestor.spanId) return true;
  return false;
}

async function spansUntil(done: (spans: ReceivedSpan[]) => boolean): Promise<ReceivedSpan[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    await telemetry.flush();
    if (done(receiver.spans) || Date.now() > deadline) return receiver.spans;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('subscriptions and change feeds traced', () => {
  let spans: ReceivedSpan[];
  let byId: Map<string, ReceivedSpan>;
  let token: string;
  let eventId: string;
  const target = () => alertOf(fed, 'JS');

  beforeAll(async () => {
    const { authorization } = await bearer({ sub: 'duty-js', role: 'province', province: 'JS' });
    token = authorization.replace(/^Bearer /, '');
    const ws = wsClient(fed, authorization);
    const mark = await feedMark(fed);
    const got = subscribeWs(ws, WARNING_CHANGES, { filter: { provinces: ['JS'] } });
    await mark.positionsTaken([got]);
    await touch(fed, 'JS', target().sourceId, { headline: 'traced for the subscribers' });
    const [payload] = await got.count(1);
    got.dispose();
    await ws.dispose();
    expect(payload?.errors).toBeUndefined();
    eventId = (payload.extensions as { eventId: string }).eventId;
    spans = await spansUntil((all) => all.some((s) => s.name === 'subscription event' && s.attributes['yrd.event.id'] === eventId) && all.some((s) => s.name === 'change feed poll' && Number(s.attributes['yrd.feed.entries']) > 0));
    byId = new Map(spans.map((s) => [s.spanId, s]));
  }, 60_000);

  it('opens a subscription in a span naming the field, the stream and the subscriber’s role', () => {
    const opens = spans.filter((s) => s.name === 'subscription open' && s.attributes['yrd.subscription.field'] === 'warningChanges');
    expect(opens).toHaveLength(1);
    expect(opens[0]).toMatchObject({ scope: 'yrd-gateway', kind: SERVER, attributes: { 'yrd.stream': 'warnings', 'yrd.subscriber.role': 'province', 'yrd.subscriber.province': 'JS' } });
  });

  it('delivers the event in a span under the subscription’s, and resolves it in the same trace down to the Jiangsu subgraph', () => {
    const open = spans.find((s) => s.name === 'subscription open') as ReceivedSpan;
    const delivery = spans.find((s) => s.name === 'subscription event' && s.attributes['yrd.event.id'] === eventId) as ReceivedSpan;
    expect(delivery).toMatchObject({ traceId: open.traceId, parentSpanId: open.spanId, attributes: { 'yrd.stream': 'warnings', 'yrd.subscriber.role': 'province' } });
    const inSubgraph = spans.filter((s) => s.traceId === delivery.traceId && s.scope === 'yrd-subgraph' && s.kind === SERVER && descendsFrom(s, delivery, byId));
    expect(inSubgraph.map((s) => s.attributes['yrd.province'])).toContain('JS');
  });

  it('traces each poll of a change feed, continued by the province subgraph that answers it with the entries it listed', () => {
    const polls = spans.filter((s) => s.name === 'change feed poll' && s.attributes['yrd.stream'] === 'warnings' && s.attributes['yrd.province'] === 'JS');
    expect(polls.length).toBeGreaterThan(1);
    expect(polls.every((p) => p.kind === CLIENT && p.scope === 'yrd-gateway' && p.parentSpanId === null)).toBe(true);
    const listing = polls.find((p) => Number(p.attributes['yrd.feed.entries']) > 0) as ReceivedSpan;
    expect(listing).toBeDefined();
    const answer = spans.find((s) => s.parentSpanId === listing.spanId);
    expect(answer).toMatchObject({ traceId: listing.traceId, scope: 'yrd-subgraph', kind: SERVER, attributes: { 'yrd.province': 'JS', 'yrd.feed.entries': listing.attributes['yrd.feed.entries'] } });
  });

  it('puts no token in any attribute', () => {
    const values = flatValues(spans.flatMap((s) => [...Object.values(s.attributes), ...Object.values(s.resource)]));
    const [header, payload, signature] = token.split('.');
    expect(values.filter((v) => v.includes(signature) || v.includes(payload) || v.includes(header) || /bearer/i.test(v))).toEqual([]);
  });
});
