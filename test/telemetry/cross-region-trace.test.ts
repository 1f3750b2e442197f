import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { loadLegacySystems } from '../../schema/config/legacy-config';
import { INCIDENT_AT, WRITE_ENDPOINT } from '../support/mutual-aid-store';
import { expectedInvalid } from '../support/oracle';
import { PROVINCE_CODES } from '../../schema/model';
import { startTelemetry, type Telemetry } from '../../schema/telemetry/start-telemetry';
import { startFederation, type Federation } from '../support/federation';
import { startOtlpReceiver, type AttributeValue, type OtlpReceiver, type ReceivedSpan } from '../support/otlp-receiver';
import { TEST_JWT_SECRET, bearer } from '../support/tokens';

/**
 * One cross-region query, sent with a client's `traceparent`, collected by an OTLP/HTTP receiver:
 * the whole federation runs in this process under one SDK, so every layer's spans arrive, each
 * named by its instrumentation scope (yrd-gateway, yrd-subgraph, yrd-adapter).
 */

const SERVER = 2;
const CLIENT = 3;

let receiver: OtlpReceiver;
let telemetry: Telemetry;
let fed: Federation;
const logLines: Record<string, unknown>[] = [];

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  process.env.OTEL_EXPORTER_OTLP_ENDPOINT = receiver.endpoint;
  telemetry = startTelemetry('yrd-federation-test', process.env);
  const logDestination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) logLines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  fed = await startFederation({ gatewayEnv: { LOG_LEVEL: 'info' }, logDestination });
}, 60_000);

afterAll(async () => {
  await fed?.close();
  await telemetry?.shutdown();
  await receiver?.close();
  delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
});

function hex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

/** The spans of `traceId`, once the receiver has them all (the server spans end after the answer is sent). */
async function traceOf(traceId: string, done: (spans: ReceivedSpan[]) => boolean): Promise<ReceivedSpan[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    await telemetry.flush();
    const spans = receiver.spans.filter((s) => s.traceId === traceId);
    if (done(spans) || Date.now() > deadline) return spans;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function ancestry(span: ReceivedSpan, byId: Map<string, ReceivedSpan>): ReceivedSpan[] {
  const chain: ReceivedSpan[] = [];
  for (let at = span.parentSpanId ? byId.get(span.parentSpanId) : undefined; at; at = at.parentSpanId ? byId.get(at.parentSpanId) : undefined) chain.push(at);
  return chain;
}

function flatValues(values: Iterable<AttributeValue>): string[] {
  return [...values].flatMap((v) => (Array.isArray(v) ? flatValues(v) : [String(v)]));
}

describe('a cross-region query traced end to end (OTLP/HTTP)', () => {
  let spans: ReceivedSpan[];
  let byId: Map<string, ReceivedSpan>;
  let token: string;
  const traceId = hex(16);
  const clientSpanId = hex(8);

  beforeAll(async () => {
    const ds = fed.dataset;
    const provincesOf = new Map<string, Set<string>>();
    for (const p of ds.trackPoints) provincesOf.set(p.plate, (provincesOf.get(p.plate) ?? new Set()).add(p.province));
    const plate = [...provincesOf.entries()].find(([, s]) => s.size >= 3)?.[0];
    if (!plate) throw new Error('no vehicle crossed three provinces');
    token = await fed.token({ role: 'exchange', catalog: ['VEHICLE_TRACK'] });
    const answer = await fed.query<{ vehicle: { plate: string; track: { province: string }[] } }>(
      `query VehicleAcrossTheRegion($plate: ID!, $from: DateTime!, $to: DateTime!) { vehicle(plate: $plate) { plate track(from: $from, to: $to) { at province } waybills { id } } }`,
      { plate, from: new Date(ds.options.now.getTime() - 40 * 86_400_000).toISOString(), to: ds.options.now.toISOString() },
      { authorization: `Bearer ${token}`, traceparent: `00-${traceId}-${clientSpanId}-01` },
    );
    expect(answer.errors).toBeUndefined();
    expect(new Set(answer.data?.vehicle.track.map((p) => p.province)).size).toBeGreaterThanOrEqual(3);
    const legacyOf = (all: ReceivedSpan[], p: string) => all.some((s) => s.scope === 'yrd-adapter' && s.attributes['yrd.legacy.system'] === p);
    spans = await traceOf(traceId, (all) => all.some((s) => s.parentSpanId === clientSpanId) && PROVINCE_CODES.every((p) => legacyOf(all, p)));
    byId = new Map(spans.map((s) => [s.spanId, s]));
  }, 60_000);

  it("continues the client's traceparent: the gateway's request span is its child, named for the operation, with the caller's role", () => {
    const roots = spans.filter((s) => s.parentSpanId === clientSpanId);
    expect(roots).toHaveLength(1);
    const [request] = roots;
    expect(request).toMatchObject({ scope: 'yrd-gateway', kind: SERVER, name: 'query VehicleAcrossTheRegion' });
    expect(request.attributes).toMatchObject({ 'graphql.operation.name': 'VehicleAcrossTheRegion', 'graphql.operation.type': 'query', 'yrd.caller.role': 'exchange', 'http.response.status_code': 200 });
  });

  it('links every span to a parent in the same trace, back to the client', () => {
    expect(spans.length).toBeGreaterThan(10);
    for (const span of spans) {
      if (span.parentSpanId === clientSpanId) continue;
      expect(byId.has(span.parentSpanId ?? 'none')).toBe(true);
      expect(ancestry(span, byId).at(-1)?.parentSpanId).toBe(clientSpanId);
    }
  });

  it('goes gateway → plan fetch (@apollo/gateway) → shard fetch per province (merged) → subgraph request → province subgraph → cache reads, re-syncs and legacy calls', () => {
    const [request] = spans.filter((s) => s.parentSpanId === clientSpanId);
    // The query plan's fetches are @apollo/gateway's own spans (gateway.request › gateway.execute › gateway.fetch).
    const planFetch = spans.find((s) => s.scope === 'apollo/gateway-js' && s.name === 'gateway.fetch' && s.attributes.service === 'provinces');
    expect(planFetch).toBeDefined();
    expect(ancestry(planFetch as ReceivedSpan, byId)).toContain(request);
    for (const province of PROVINCE_CODES) {
      const shardFetches = spans.filter((s) => s.name === `shard fetch ${province}` && ancestry(s, byId).includes(planFetch as ReceivedSpan));
      expect(shardFetches.length).toBeGreaterThanOrEqual(1);
      expect(shardFetches.map((s) => s.attributes['yrd.shard.mode'])).toContain('merged');
      const sent = spans.filter((s) => s.scope === 'yrd-gateway' && s.kind === CLIENT && s.attributes['yrd.subgraph'] === `provinces/${province}` && shardFetches.some((f) => f.spanId === s.parentSpanId));
      expect(sent.length).toBeGreaterThanOrEqual(1);
      const target = new URL(fed.provinceUrls[province]);
      for (const s of sent) expect(s.attributes).toMatchObject({ 'http.request.method': 'POST', 'server.address': target.hostname, 'server.port': Number(target.port) });
      const served = spans.filter((s) => s.scope === 'yrd-subgraph' && s.kind === SERVER && s.attributes['yrd.province'] === province);
      expect(served.length).toBeGreaterThanOrEqual(1);
      for (const s of served) expect(spans.find((c) => c.spanId === s.parentSpanId)).toMatchObject({ scope: 'yrd-gateway', kind: CLIENT, attributes: { 'yrd.subgraph': `provinces/${province}` } });
      const under = (s: ReceivedSpan) => ancestry(s, byId).some((a) => served.includes(a));
      expect(spans.filter((s) => s.name === 'cache read tracks' && under(s)).map((s) => s.attributes['yrd.cache.outcome'])).toEqual(['miss']);
      expect(spans.filter((s) => s.name === 're-sync waybills' && under(s)).map((s) => [s.attributes['yrd.province'], s.attributes['yrd.sync.kind']])).toEqual([[province, 'first']]);
      const legacy = spans.filter((s) => s.scope === 'yrd-adapter' && s.attributes['yrd.legacy.system'] === province);
      expect(legacy.length).toBeGreaterThanOrEqual(1);
      for (const call of legacy) {
        expect(ancestry(call, byId).some((a) => served.includes(a))).toBe(true);
        expect(call.kind).toBe(CLIENT);
        expect(call.attributes).toMatchObject({ 'yrd.legacy.attempt': expect.any(Number), 'yrd.legacy.outcome': 'ok', 'yrd.legacy.rate_limit_wait_ms': expect.any(Number) });
        expect(String(call.attributes['yrd.legacy.endpoint'])).toMatch(/^(GET|POST) \//);
      }
    }
  });

  it('puts no token or credential in any attribute', () => {
    const legacy = loadLegacySystems({});
    const secrets = [token, TEST_JWT_SECRET, ...PROVINCE_CODES.flatMap((p) => Object.values(legacy[p].credentials) as string[])].filter((s) => s.length >= 6);
    const everything = receiver.spans.flatMap((s) => [...flatValues(Object.values(s.attributes)), ...flatValues(Object.values(s.resource)), s.name]);
    expect(everything.length).toBeGreaterThan(100);
    for (const secret of secrets) expect(everything.filter((v) => v.includes(secret))).toEqual([]);
    expect(everything.filter((v) => /Bearer|eyJ[\w-]{10,}\./.test(v))).toEqual([]);
    const keys = receiver.spans.flatMap((s) => Object.keys(s.attributes));
    expect(keys.filter((k) => /authorization|token|password|secret|api.?key/i.test(k))).toEqual([]);
  });

  it("writes the request's log line with its trace id and span id", () => {
    const [request] = spans.filter((s) => s.parentSpanId === clientSpanId);
    const line = logLines.find((l) => l.msg === 'request' && l.operationName === 'VehicleAcrossTheRegion');
    expect(line).toMatchObject({ trace_id: traceId, span_id: request.spanId });
  });
});

describe('a mutual-aid request traced step by step', () => {
  it("Anhui's exactly-once path (no idempotency): request › lookup › submit, each with its legacy calls, in the caller's trace", async () => {
    const invalid = expectedInvalid(fed.dataset, 'bases', ['AH']);
    const base = fed.dataset.bases.find((b) => b.province === 'AH' && !invalid.has(b.sourceId) && !invalid.has(b.id) && b.teams.length >= 1 && b.materials.length >= 1);
    if (!base) throw new Error('no valid Anhui base');
    const traceId = hex(16);
    const clientSpanId = hex(8);
    const clientRequestId = `trace-${Date.now()}`;
    const input = {
      clientRequestId,
      baseId: base.id,
      fromProvince: 'SH',
      incident: { title: '危化品槽车泄漏', location: INCIDENT_AT.AH, occurredAt: '2026-07-12T11:30:00+08:00' },
      teamIds: [base.teams[0].id],
      materials: [{ code: base.materials[0].code, quantity: 1 }],
      contact: '联络员 13800000000',
    };
    const answer = await fed.query(`mutation Ask($input: MutualAidRequestInput!) { requestMutualAid(input: $input) { id } }`, { input }, {
      ...(await bearer({ role: 'province', province: 'SH' })),
      traceparent: `00-${traceId}-${clientSpanId}-01`,
    });
    expect(answer.errors).toBeUndefined();
    const spans = await traceOf(traceId, (all) => all.some((s) => s.name === 'mutual-aid submit') && all.some((s) => s.parentSpanId === clientSpanId));
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    const step = (name: string) => spans.find((s) => s.name === `mutual-aid ${name}`);
    const [request, lookup, submit] = [step('request'), step('lookup'), step('submit')];
    expect(request?.attributes).toMatchObject({ 'yrd.province': 'AH', 'yrd.mutual_aid.step': 'request', 'yrd.mutual_aid.client_request_id': clientRequestId });
    expect(ancestry(request as ReceivedSpan, byId).at(-1)?.parentSpanId).toBe(clientSpanId);
    expect(lookup?.parentSpanId).toBe(request?.spanId);
    expect(submit?.parentSpanId).toBe(request?.spanId);
    const legacyUnder = (s: ReceivedSpan | undefined) => spans.filter((c) => c.scope === 'yrd-adapter' && c.name.startsWith('legacy ') && ancestry(c, byId).includes(s as ReceivedSpan));
    expect(legacyUnder(lookup).length).toBeGreaterThanOrEqual(1);
    expect(legacyUnder(submit).map((c) => c.attributes['yrd.legacy.endpoint'])).toContain(WRITE_ENDPOINT.AH);
  });
});
