import type { IncomingMessage } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import { LRUCache } from 'lru-cache';
import { Counter, Gauge, type Registry } from 'prom-client';
import { onlyRepeatableErrors } from '../../../schema/cache/answer-validity';
import type { Caller } from '../../../schema/sharing-catalog';
import { handOffTrace, type GatewayContext, type RequestTrace } from '../../context';
import type { CompleteAnswer, ShareInFlight } from '../../../schema/http/graphql-handler';
import { phaseClockOf } from '../../../schema/http/server-timing';
import { OperationTypes, headerText } from '../../http/operation-types';

/**
 * Whole answers to queries, reused while every part of them still holds. Each subgraph and
 * province shard says in its Cache-Control how long its answer stays what it would answer again
 * (the freshness left in the copies it read; reference geography for long), Apollo's gateway keeps
 * the shortest of them as the request's cache policy, and the answer is kept that long. Nothing is
 * kept when any part may not be reused: a subgraph that says no-store or nothing, a province that
 * failed or served a stale copy, an error a repeat might not meet.
 *
 * The key is the request's bytes and what the caller may see (role, province, catalog entries), not
 * the token: callers who see the same share answers. A request with `Cache-Control: no-cache` is
 * executed afresh (and its answer kept), one with `no-store` neither reads nor writes. In process,
 * bounded by size, emptied whenever the supergraph or the sharing catalog changes.
 */

export interface ResponseCacheOptions {
  /** The bound on the answers kept, in bytes of their bodies. */
  maxBytes: number;
  registry: Registry;
  contextOf(req: IncomingMessage): GatewayContext | undefined;
  /** Shared with the persisted-queries plugin, which teaches it the queries behind hashes. */
  operationTypes?: OperationTypes;
  /** The live sharing catalog's hash: an answer kept under one catalog is never handed out under another. */
  catalogHash?: () => string;
}

interface Kept {
  answer: CompleteAnswer;
  trace: RequestTrace;
}

/** What decides which fields a caller sees, and nothing else. */
export function visibilityOf(caller: Caller | undefined): string {
  if (!caller || caller.role === null) return 'anonymous';
  return [caller.role, caller.province ?? '', [...caller.catalog].sort().join(',')].join('|');
}

export class ResponseCache {
  private readonly answers: LRUCache<string, Kept>;
  private readonly operationTypes: OperationTypes;
  private readonly lookups: Counter<'outcome'>;
  /**
   * How long (s) each executed request's answer holds, by the request's trace: Apollo Server runs
   * each operation on a shallow copy of the context, so the trace object is what the plugin and
   * the HTTP layer both hold of one request.
   */
  private readonly validFor = new WeakMap<RequestTrace, number>();

  constructor(private readonly options: ResponseCacheOptions) {
    this.operationTypes = options.operationTypes ?? new OperationTypes();
    this.answers = new LRUCache<string, Kept>({ maxSize: options.maxBytes, sizeCalculation: (kept, key) => kept.answer.body.length + key.length, ttlAutopurge: false });
    this.lookups = new Counter({
      name: 'gateway_response_cache_lookups_total',
      help: 'Requests by what the response cache did: hit (answered from it), miss (executed, then kept if reusable), bypass (not a query, or asked not to)',
      labelNames: ['outcome'],
      registers: [options.registry],
    });
    for (const outcome of ['hit', 'miss', 'bypass']) this.lookups.inc({ outcome }, 0);
    const answers = this.answers;
    new Gauge({
      name: 'gateway_response_cache_bytes',
      help: 'Bytes of the answers the response cache holds',
      registers: [options.registry],
      collect() {
        this.set(answers.calculatedSize);
      },
    });
  }

  /** Empties the cache (the supergraph changed). */
  clear(): void {
    this.answers.clear();
  }

  /** Records how long (s) the answer of the request `context` belongs to holds; 0 when it must not be reused. */
  answerHolds(context: Pick<GatewayContext, 'trace'>, seconds: number): void {
    this.validFor.set(context.trace, seconds);
  }

  /** The execution plugin: how long each answer holds, from the request's cache policy. */
  readonly plugin: ApolloServerPlugin<GatewayContext> = {
    requestDidStart: async () => ({
      willSendResponse: async ({ contextValue, overallCachePolicy, operation, response }) => {
        const reusable = operation?.operation === 'query' && response.body.kind === 'single' && onlyRepeatableErrors(response.body.singleResult.errors);
        this.answerHolds(contextValue, reusable ? (overallCachePolicy.policyIfCacheable()?.maxAge ?? 0) : 0);
      },
    }),
  };

  /** The GraphQL handler's `share` option: answers from the cache, or from `next` (then kept when reusable). */
  share(next: ShareInFlight): ShareInFlight {
    return async (req, request, execute) => {
      const context = this.options.contextOf(req);
      const directives = headerText(req.headers['cache-control']).toLowerCase();
      const catalogHash = this.options.catalogHash?.() ?? '';
      const key = context ? this.operationTypes.sharingKey(request, `${visibilityOf(context.caller)}|${catalogHash}`) : null;
      if (key === null || directives.includes('no-store')) {
        this.lookups.inc({ outcome: 'bypass' });
        return next(req, request, execute);
      }
      const kept = directives.includes('no-cache') ? undefined : this.answers.get(key);
      phaseClockOf(req)?.mark('cache');
      if (kept && context) {
        this.lookups.inc({ outcome: 'hit' });
        handOffTrace(kept.trace, context.trace);
        return kept.answer;
      }
      this.lookups.inc({ outcome: 'miss' });
      const answer = await next(req, request, execute);
      const validForS = context ? (this.validFor.get(context.trace) ?? 0) : 0;
      // A shard that has not followed (or has passed) the gateway's catalog yet answered by another one.
      const sameCatalog = [...(context?.trace.catalogHashes ?? [])].every((h) => h === catalogHash || !this.options.catalogHash);
      if (context && answer.status === 200 && validForS > 0 && sameCatalog) {
        this.answers.set(key, { answer, trace: handOffTrace(context.trace) }, { ttl: validForS * 1000 });
      }
      return answer;
    };
  }
}
