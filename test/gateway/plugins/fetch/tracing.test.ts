import { context, propagation, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { RemoteGraphQLDataSource } from '@apollo/gateway';
import { PropagatingShardTransport, propagatingFetcher } from '../../../../gateway/plugins/fetch/tracing';
import type { ShardCall, ShardRequest, ShardResponse, ShardTransport } from '../../../../gateway/shard-router/shard-transport';

/** The client spans of subgraph and shard requests: their target from each URL (parsed once), and the trace context in the request's headers. */

type Fetcher = RemoteGraphQLDataSource['fetcher'];

const exporter = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });

beforeAll(() => provider.register());
afterAll(async () => {
  await provider.shutdown();
  trace.disable();
  context.disable();
  propagation.disable();
});
beforeEach(() => exporter.reset());

const clientSpans = () => exporter.getFinishedSpans().map((s) => ({ name: s.name, attributes: s.attributes }));

describe('client spans of subgraph requests', () => {
  it('names each request target from its URL, also after the URL changes, and sends the trace on', async () => {
    const seen: Record<string, string>[] = [];
    const inner = (async (_url: string, init: { headers?: unknown } = {}) => {
      seen.push(init.headers as Record<string, string>);
      return { status: 200 };
    }) as unknown as Fetcher;
    const fetch = propagatingFetcher('region', inner);
    await fetch('http://127.0.0.1:4101/graphql', { method: 'POST', headers: { authorization: 'Bearer a' } });
    await fetch('http://127.0.0.1:4101/graphql', { method: 'POST', headers: { authorization: 'Bearer b' } });
    await fetch('http://localhost:4102/graphql', { method: 'POST', headers: {} });
    expect(clientSpans()).toEqual([
      { name: 'POST', attributes: { 'http.request.method': 'POST', 'server.address': '127.0.0.1', 'server.port': 4101, 'yrd.subgraph': 'region', 'http.response.status_code': 200 } },
      { name: 'POST', attributes: { 'http.request.method': 'POST', 'server.address': '127.0.0.1', 'server.port': 4101, 'yrd.subgraph': 'region', 'http.response.status_code': 200 } },
      { name: 'POST', attributes: { 'http.request.method': 'POST', 'server.address': 'localhost', 'server.port': 4102, 'yrd.subgraph': 'region', 'http.response.status_code': 200 } },
    ]);
    expect(seen.map((h) => h.authorization)).toEqual(['Bearer a', 'Bearer b', undefined]);
    const spanIds = exporter.getFinishedSpans().map((s) => s.spanContext().spanId);
    expect(seen.map((h) => h.traceparent?.split('-')[2])).toEqual(spanIds);
  });
});

describe('client spans of shard requests', () => {
  it("names each province's target from its URL and sends the trace on", async () => {
    const calls: ShardCall[] = [];
    const inner: ShardTransport = {
      send: async (call: ShardCall, _request: ShardRequest): Promise<ShardResponse> => {
        calls.push(call);
        return { data: {} };
      },
    };
    const transport = new PropagatingShardTransport(inner, { SH: 'http://127.0.0.1:4201/graphql', JS: 'http://127.0.0.1:4202/graphql' });
    for (const province of ['SH', 'JS', 'SH'] as const) await transport.send({ province, headers: { authorization: 'Bearer x' }, timeoutMs: 1000 }, { query: '{ a }' });
    expect(clientSpans().map((s) => [s.attributes['server.port'], s.attributes['yrd.subgraph']])).toEqual([
      [4201, 'provinces/SH'],
      [4202, 'provinces/JS'],
      [4201, 'provinces/SH'],
    ]);
    expect(calls.map((c) => c.headers.authorization)).toEqual(['Bearer x', 'Bearer x', 'Bearer x']);
    expect(calls.map((c) => c.headers.traceparent?.split('-')[2])).toEqual(exporter.getFinishedSpans().map((s) => s.spanContext().spanId));
  });
});
