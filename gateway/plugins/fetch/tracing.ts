import type { RemoteGraphQLDataSource } from '@apollo/gateway';
import type { Attributes } from '@opentelemetry/api';
import { SpanKind, inSpan, tracer, withTraceContext } from '../../../schema/telemetry/spans';
import type { ShardCall, ShardRequest, ShardResponse, ShardTransport } from '../../shard-router/shard-transport';

/**
 * The gateway's spans below the query plan's fetches (those are @apollo/gateway's own
 * `gateway.fetch` spans): one per shard fetch of the router (province; routed to one or merged
 * with others), and one per HTTP request to a subgraph, which carries the trace on to it in
 * `traceparent`. A de-duplicated shard fetch has its own span but shares the one subgraph request
 * of the fetch it joined.
 */

/** A span per shard fetch of the router. */
export class TracedShardTransport implements ShardTransport {
  constructor(private readonly inner: ShardTransport) {}

  send(call: ShardCall, request: ShardRequest): Promise<ShardResponse> {
    const attributes = { 'yrd.subgraph': 'provinces', 'yrd.province': call.province, 'yrd.shard.mode': call.mode ?? 'routed' };
    return inSpan(tracer('yrd-gateway'), `shard fetch ${call.province}`, { attributes }, async (span) => {
      const response = await this.inner.send(call, request);
      if (response.errors?.length) span.setAttribute('yrd.graphql.error_count', response.errors.length);
      return response;
    });
  }

  async close(): Promise<void> {
    await this.inner.close?.();
  }
}

/** A client span per HTTP request to a province subgraph, its trace context in the request's headers. */
export class PropagatingShardTransport implements ShardTransport {
  /** Each province's span attributes, from its URL parsed once. */
  private readonly attributes = new Map<string, Attributes>();

  constructor(
    private readonly inner: ShardTransport,
    private readonly urls: Readonly<Record<string, string>>,
  ) {}

  send(call: ShardCall, request: ShardRequest): Promise<ShardResponse> {
    return inSpan(tracer('yrd-gateway'), 'POST', { kind: SpanKind.CLIENT, attributes: this.attributesOf(call.province) }, () =>
      this.inner.send({ ...call, headers: withTraceContext(call.headers) }, request),
    );
  }

  private attributesOf(province: string): Attributes {
    let attributes = this.attributes.get(province);
    if (!attributes) {
      attributes = clientAttributes(this.urls[province] ?? 'http://unknown.invalid/', 'POST', `provinces/${province}`);
      this.attributes.set(province, attributes);
    }
    return attributes;
  }

  async close(): Promise<void> {
    await this.inner.close?.();
  }
}

type Fetcher = RemoteGraphQLDataSource['fetcher'];

/** A client span's attributes for a request to `url`. */
function clientAttributes(url: string, method: string, subgraph: string): Attributes {
  const target = new URL(url);
  return { 'http.request.method': method, 'server.address': target.hostname, 'server.port': Number(target.port || 80), 'yrd.subgraph': subgraph };
}

/** The subgraph data sources' fetcher, with a client span per request and the trace context in its headers. */
export function propagatingFetcher(subgraph: string, fetcher: Fetcher): Fetcher {
  // A data source fetches from one URL: its attributes are made once (again if the URL changes).
  let kept: { url: string; method: string; attributes: Attributes } | null = null;
  return (url, init = {}) => {
    const method = init.method ?? 'POST';
    if (kept?.url !== url || kept.method !== method) kept = { url, method, attributes: clientAttributes(url, method, subgraph) };
    return inSpan(tracer('yrd-gateway'), method, { kind: SpanKind.CLIENT, attributes: kept.attributes }, async (span) => {
      const headers = withTraceContext(Object.fromEntries(Object.entries((init.headers ?? {}) as Record<string, string>)));
      const response = await fetcher(url, { ...init, headers });
      span.setAttribute('http.response.status_code', response.status);
      return response;
    });
  };
}
