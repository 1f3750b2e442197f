import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse, type GraphQLFormattedError } from 'graphql';
import { PROVINCE_CODES, type ProvinceCode } from '../../schema/model';
import { AnswerLifetime } from './cache-policy';
import { CreditCodeIndex } from './credit-code-index';
import { selectsCreditCodeReference } from './credit-code-route';
import { DocumentCache, rootFields } from './document';
import { executeEntities } from './entity-execution';
import type { FetchScope, SendToShard, ShardResult } from './fetch-scope';
import { isObject, stripRouterFields, type JsonObject } from './json';
import type { SortKeyComparatorFor } from './root-assembly';
import { executeRoot } from './root-execution';
import { planRootFields, routesByCreditCode } from './root-plan';
import { SelectionRewriter } from './selection';
import { operationText } from './operation-text';
import { isProvince, type ShardCode } from './shard-code';
import { ShardFailure, type ShardFetchMode, type ShardRequest, type ShardResponse, type ShardTransport } from './shard-transport';
import { ErrorCodes } from '../../schema/error-codes';

export interface ShardRouterOptions {
  transport: ShardTransport;
  /** How two edges of a connection compare by their sort keys (gateway/shard-router/orders.ts in service). */
  compareKeys: SortKeyComparatorFor;
  provinces?: readonly ProvinceCode[];
  /** Shards that are no province, which `transport` reaches too (CR: the credit subgraph, for removedRecords); default none. */
  otherShards?: readonly ShardCode[];
  /** Each province's deadline for one fetch. */
  timeoutMs?: number;
  /** The provinces subgraph SDL; otherwise learnt when the gateway loads the schema. */
  sdl?: string;
  maxFirst?: number;
  defaultFirst?: number;
  /** Which province holds which credit code; default learnt over `transport` from the province subgraphs. */
  creditCodes?: CreditCodeIndex;
}

type IncomingOptions = Extract<GraphQLDataSourceProcessOptions, { kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION }>;

/**
 * The data source of the logical `provinces` subgraph: routes or scatters each fetch the query
 * planner makes to the four province subgraphs and merges their answers into one, so that the
 * planner and the executor never know there are four. Routing is planned by root-plan (root
 * fields) and entity-execution (`_entities`) from the routing table; this class owns the schema,
 * the transport and the request's cache policy.
 */
export class ShardRouter implements GraphQLDataSource {
  private readonly documents = new DocumentCache();
  private readonly provinces: readonly ProvinceCode[];
  private readonly timeoutMs: number;
  private readonly maxFirst: number;
  private readonly defaultFirst: number;
  private loaded: Pick<FetchScope, 'schema' | 'rewriter'> | null = null;
  private readonly creditCodes: CreditCodeIndex;

  constructor(private readonly config: ShardRouterOptions) {
    this.provinces = config.provinces ?? PROVINCE_CODES;
    this.timeoutMs = config.timeoutMs ?? 10_000;
    this.creditCodes = config.creditCodes ?? new CreditCodeIndex({ transport: config.transport, provinces: this.provinces, timeoutMs: this.timeoutMs });
    this.maxFirst = config.maxFirst ?? 500;
    this.defaultFirst = config.defaultFirst ?? 50;
    if (config.sdl) this.useSdl(config.sdl);
  }

  /** Hook: headers to forward to every shard for this request (authorization, request id). */
  protected headersFor(options: IncomingOptions | null): Record<string, string> {
    const headers: Record<string, string> = {};
    const incoming = options?.request.http?.headers;
    if (incoming) {
      for (const name of ['authorization', 'x-request-id']) {
        const v = incoming.get(name);
        if (v) headers[name] = v;
      }
    }
    return headers;
  }

  /** Hook: each shard's answer to a caller's request, as it arrives. */
  protected received(_options: IncomingOptions, _response: ShardResponse): void {}

  async process(options: GraphQLDataSourceProcessOptions): Promise<GatewayGraphQLResponse> {
    if (options.kind !== GraphQLDataSourceRequestKind.INCOMING_OPERATION) return this.processAdministrative(options.request.query ?? '');
    const { operation } = this.documents.get(options.request.query ?? '', options.request.operationName);
    const variables = definedOnly(options.request.variables ?? {});
    const lifetime = new AnswerLifetime();
    const scope = await this.scopeFor(options, lifetime);
    // Loads the index while the shards answer, rather than after them: their references will need it.
    if (selectsCreditCodeReference(scope.schema, operation)) setImmediate(() => void scope.creditCodes());
    const errors: GraphQLFormattedError[] = [];
    const roots = rootFields(operation.selectionSet.selections);
    let data: JsonObject;
    if (roots.length === 1 && roots[0].name.value === '_entities') {
      data = await executeEntities(scope, operation, roots[0], variables, errors);
    } else {
      const rootType = operation.operation === 'mutation' ? scope.schema.getMutationType() : scope.schema.getQueryType();
      if (!rootType) throw new Error(`provinces subgraph has no ${operation.operation} type`);
      const creditCodes = routesByCreditCode(roots) ? await scope.creditCodes() : null;
      const limits = { provinces: this.provinces, otherShards: this.config.otherShards, maxFirst: this.maxFirst, defaultFirst: this.defaultFirst, creditCodes };
      const planning = planRootFields(roots, rootType, variables, scope.rewriter, limits);
      data = await executeRoot(scope, operation, planning, variables, this.config.compareKeys, errors);
    }
    stripRouterFields(data);
    lifetime.restrict(options.incomingRequestContext.overallCachePolicy);
    return errors.length > 0 ? { data, errors } : { data };
  }

  /** Schema loading and health checks go to every shard; all must serve the same SDL. */
  private async processAdministrative(query: string): Promise<GatewayGraphQLResponse> {
    const results = await Promise.all(this.provinces.map(async (province) => ({ province, result: await this.send(province, { query }, this.headersFor(null)) })));
    const failed = results.filter((r) => !r.result.ok);
    if (failed.length > 0) {
      throw new Error(`provinces subgraph: ${failed.map((f) => f.province).join(', ')} unreachable`);
    }
    const responses = results.map((r) => ({ province: r.province, response: (r.result as Extract<ShardResult, { ok: true }>).response }));
    const sdls = responses.map((r) => {
      const service = r.response.data?._service;
      return isObject(service) && typeof service.sdl === 'string' ? service.sdl : null;
    });
    if (sdls[0] !== null) {
      const drift = responses.filter((_, i) => sdls[i] !== sdls[0]).map((r) => r.province);
      if (drift.length > 0) throw new Error(`shard identity check failed: ${drift.join(', ')} serve a different SDL from ${responses[0].province}`);
      this.useSdl(sdls[0]);
    }
    return responses[0].response as GatewayGraphQLResponse;
  }

  private useSdl(sdl: string): void {
    const schema = buildSubgraphSchema(parse(sdl));
    this.loaded = { schema, rewriter: new SelectionRewriter(schema) };
  }

  private async scopeFor(options: IncomingOptions, lifetime: AnswerLifetime): Promise<FetchScope> {
    if (!this.loaded) await this.processAdministrative('query __ApolloGetServiceDefinition__ { _service { sdl } }');
    if (!this.loaded) throw new Error('provinces subgraph schema not loaded');
    const headers = this.headersFor(options);
    const send: SendToShard = async (province, document, variables, mode) => {
      const result = await this.send(province, { query: operationText(document), variables }, headers, lifetime, mode);
      if (result.ok) this.received(options, result.response);
      return result;
    };
    return { ...this.loaded, provinces: this.provinces, send, creditCodes: () => this.creditCodes.view(headers) };
  }

  /** One request to one province; a failure becomes a result, and every answer narrows the request's lifetime. */
  private async send(province: ShardCode, request: ShardRequest, headers: Record<string, string>, lifetime?: AnswerLifetime, mode?: ShardFetchMode): Promise<ShardResult> {
    try {
      const response = await this.config.transport.send({ province, headers, timeoutMs: this.timeoutMs, ...(mode ? { mode } : {}) }, request);
      if (isProvince(province)) this.creditCodes.observe(province, response, headers);
      lifetime?.answered(response.maxAgeS);
      return { ok: true, response };
    } catch (e) {
      lifetime?.failed();
      return { ok: false, failure: e instanceof ShardFailure ? e : new ShardFailure(province, ErrorCodes.PROVINCE_UNAVAILABLE, `${province} subgraph failed`) };
    }
  }
}

function definedOnly(variables: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(variables)) if (v !== undefined) out[k] = v;
  return out;
}
