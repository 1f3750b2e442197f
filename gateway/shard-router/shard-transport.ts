import type { GraphQLFormattedError } from 'graphql';
import { Pool } from 'undici';
import { maxAgeOf } from '../../schema/cache/answer-validity';
import { rememberText } from '../http/answer-text';
import { Http1Pool } from '../http/http1-pool';
import { requestWhole, type WholeRequestOptions, type WholeResponse } from '../http/whole-response';
import { headerText } from '../http/operation-types';
import type { ShardCode } from './shard-code';
import { isObject, type JsonObject } from './json';
import { ErrorCodes, type ProvinceFailureCode } from '../../schema/error-codes';

export interface ShardRequest {
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
}

export interface ShardResponse {
  data?: JsonObject | null;
  errors?: GraphQLFormattedError[];
  /** How long (s) the shard says its answer holds (its Cache-Control max-age); absent: not to be reused. */
  maxAgeS?: number;
  /** What accompanies the data (legacy calls made; the time of the shard's copy of enterprises). */
  extensions?: JsonObject;
}

export interface ShardCall {
  province: ShardCode;
  /** Headers to forward (authorization, request id). */
  headers: Record<string, string>;
  /** The province's deadline for this fetch. */
  timeoutMs: number;
  /** Whether the answer stands alone (routed, the default) or is merged with other provinces' (for traces). */
  mode?: ShardFetchMode;
}

export type ShardFetchMode = 'routed' | 'merged';

/** A province's shard could not answer in time, or at all. */
export class ShardFailure extends Error {
  constructor(
    readonly province: ShardCode,
    readonly code: ProvinceFailureCode,
    message: string,
  ) {
    super(message);
    this.name = 'ShardFailure';
  }
}

/** Sends one GraphQL request to one province's subgraph. */
export interface ShardTransport {
  send(call: ShardCall, request: ShardRequest): Promise<ShardResponse>;
  close?(): Promise<void>;
}

export interface HttpShardTransportOptions {
  connectionsPerShard?: number;
  /**
   * Whether each answer's text is remembered beside it (answer-text.ts), for a de-duplicating
   * transport above to copy it for every request that shared the fetch (default true). Without
   * one, nobody reads it: the text would only be held as long as the answer.
   */
  keepTexts?: boolean;
}

/** A province's subgraph: its connections and the path requests go to. */
interface ShardTarget {
  send(request: { method: 'POST'; path: string; headers: Record<string, string>; body: string }, options: WholeRequestOptions): Promise<WholeResponse>;
  close(): Promise<void>;
  path: string;
}

/** Keep-alive connection pools, one per province subgraph (Http1Pool for http:, undici for https:). */
export class HttpShardTransport implements ShardTransport {
  private readonly pools = new Map<ShardCode, ShardTarget>();
  private readonly keepTexts: boolean;

  constructor(urls: Readonly<Partial<Record<ShardCode, string>>>, { connectionsPerShard = 32, keepTexts = true }: HttpShardTransportOptions = {}) {
    this.keepTexts = keepTexts;
    for (const [province, url] of Object.entries(urls) as [ShardCode, string][]) {
      const parsed = new URL(url);
      const path = parsed.pathname === '/' ? '/graphql' : parsed.pathname;
      if (parsed.protocol === 'http:') {
        const pool = new Http1Pool(parsed.origin, { connections: connectionsPerShard, keepAliveTimeoutMs: 30_000 });
        this.pools.set(province, { path, send: (request, options) => pool.request(request, options), close: () => pool.close() });
      } else {
        const pool = new Pool(parsed.origin, { connections: connectionsPerShard, pipelining: 1, keepAliveTimeout: 30_000 });
        this.pools.set(province, { path, send: (request, options) => requestWhole(pool, request, options), close: () => pool.close() });
      }
    }
  }

  async send(call: ShardCall, request: ShardRequest): Promise<ShardResponse> {
    const target = this.pools.get(call.province);
    if (!target) throw new ShardFailure(call.province, ErrorCodes.PROVINCE_UNAVAILABLE, `no subgraph configured for ${call.province}`);
    let res: WholeResponse;
    try {
      res = await target.send(
        { method: 'POST', path: target.path, headers: { ...call.headers, 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(request) },
        { deadline: { ms: call.timeoutMs, error: () => new ShardFailure(call.province, ErrorCodes.PROVINCE_TIMEOUT, `${call.province} did not answer within ${call.timeoutMs} ms`) } },
      );
    } catch (err) {
      if (err instanceof ShardFailure) throw err;
      throw new ShardFailure(call.province, ErrorCodes.PROVINCE_UNAVAILABLE, `${call.province} subgraph unreachable`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(res.text);
    } catch {
      throw new ShardFailure(call.province, ErrorCodes.PROVINCE_UNAVAILABLE, `${call.province} subgraph answered HTTP ${res.statusCode} without JSON`);
    }
    if (!isObject(parsed) || (!('data' in parsed) && !('errors' in parsed))) {
      throw new ShardFailure(call.province, ErrorCodes.PROVINCE_UNAVAILABLE, `${call.province} subgraph answered HTTP ${res.statusCode} without a GraphQL response`);
    }
    const maxAgeS = maxAgeOf(headerText(res.headers['cache-control']));
    const response = maxAgeS > 0 ? { ...(parsed as ShardResponse), maxAgeS } : (parsed as ShardResponse);
    return this.keepTexts ? rememberText(response, res.text) : response;
  }

  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((p) => p.close()));
  }
}
