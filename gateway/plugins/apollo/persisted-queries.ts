import { createHash } from 'node:crypto';
import type { ApolloServerPlugin, PersistedQueryOptions } from '@apollo/server';
import { Counter, type Registry } from 'prom-client';
import { readKey } from '../../../schema/cache/key-read';
import { retryWhileUp } from '../../../schema/cache/retry-while-up';
import type { SharedCache } from '../../../schema/cache/shared-cache';
import type { GatewayContext } from '../../context';
import type { OperationTypes } from '../../http/operation-types';
import { ErrorCodes } from '../../../schema/error-codes';

type ApqCache = NonNullable<PersistedQueryOptions['cache']>;

/** A read or write that Redis did not answer in time is tried this many times in all, the waits doubling from 50 ms, while Redis is up. */
const RETRY = { attempts: 4, retryMs: 50 };

export interface PersistedQueriesOptions {
  /** Redis behind memory when REDIS_URL is set (shared by every gateway), memory otherwise. */
  cache: SharedCache;
  /** How long a registered query is kept. */
  ttlSeconds: number;
  registry: Registry;
  /** Told the query behind each hash Apollo Server resolves, so that requests by hash alone can be shared and cached. */
  operationTypes?: OperationTypes;
}

/**
 * Apollo's KeyValueCache over the shared cache; never throws, so a lost Redis only costs a
 * re-registration. Apollo Server does not await a registration's write, so the store keeps each
 * write in flight until `written` is asked: the plugin holds the answer until the hash is shared.
 * Writes in flight are known by the query's SHA-256, the hash the client sent and Apollo Server
 * checked, because the key Apollo Server hands over carries a prefix of its own.
 */
export class PersistedQueryStore implements ApqCache {
  private readonly writes = new Map<string, Promise<boolean>>();

  constructor(
    private readonly cache: SharedCache,
    private readonly defaultTtlSeconds: number,
  ) {}

  /** A hash Redis did not answer for (a busy machine, a cluster's extra hop) is asked again rather than told to the client as unknown. */
  async get(key: string): Promise<string | undefined> {
    const read = () => readKey<string>(this.cache, `apq:${key}`).catch(() => ({ state: 'unanswered' }) as const);
    const found = await retryWhileUp(this.cache, await read(), read, (r) => r.state !== 'unanswered', RETRY);
    return found.state === 'found' && typeof found.value === 'string' ? found.value : undefined;
  }

  set(key: string, value: string, options?: { ttl?: number | null }): Promise<void> {
    const ttl = options?.ttl ?? this.defaultTtlSeconds;
    const put = (): Promise<boolean> => this.cache.set(`apq:${key}`, value, ttl * 1000).catch(() => false);
    const write = put().then((first) => retryWhileUp(this.cache, first, put, (taken) => taken, RETRY));
    const hash = createHash('sha256').update(value).digest('hex');
    this.writes.set(hash, write);
    void write.then(() => {
      if (this.writes.get(hash) === write) this.writes.delete(hash);
    });
    return write.then(() => undefined);
  }

  /**
   * Resolves once the registration of the query with this SHA-256 (if one is under way) has been
   * written or given up: false when it did not reach the shared cache (Redis down, or past its
   * deadline on every try), so that other gateway instances will not find it.
   */
  async written(queryHash: string): Promise<boolean> {
    return (await this.writes.get(queryHash)) ?? true;
  }

  async delete(key: string): Promise<void> {
    await this.cache.delete(`apq:${key}`).catch(() => undefined);
  }
}

/**
 * Automatic persisted queries: the options for ApolloServer's `persistedQueries`, and a plugin
 * that counts hits (the hash was known), misses (PERSISTED_QUERY_NOT_FOUND) and registrations, and
 * tells `operationTypes` each hash's query once Apollo Server has checked the hash against it. A
 * registration's answer leaves only once the query is in the shared cache.
 */
export function usePersistedQueries(options: PersistedQueriesOptions): { persistedQueries: PersistedQueryOptions; plugin: ApolloServerPlugin<GatewayContext> } {
  const requests = new Counter({
    name: 'gateway_apq_requests_total',
    help: 'Requests with an automatic persisted query: hit (served by hash), miss (hash unknown, client must register), register (query and hash sent)',
    labelNames: ['outcome'],
    registers: [options.registry],
  });
  for (const outcome of ['hit', 'miss', 'register']) requests.inc({ outcome }, 0);
  const unshared = new Counter({
    name: 'gateway_apq_unshared_registrations_total',
    help: 'Registrations answered whose query did not reach the shared cache (Redis down, or past its deadline on every try): other gateway instances will ask the client to register again',
    registers: [options.registry],
  });
  const store = new PersistedQueryStore(options.cache, options.ttlSeconds);
  return {
    persistedQueries: { cache: store, ttl: options.ttlSeconds },
    plugin: {
      async requestDidStart({ request }) {
        if (!request.extensions?.persistedQuery) return;
        return {
          async didResolveSource({ queryHash, source }) {
            options.operationTypes?.learnPersisted(queryHash, source);
          },
          async willSendResponse({ metrics, response, queryHash }) {
            // A registration answered is a registration every gateway instance finds by hash.
            if (metrics.persistedQueryRegister && queryHash && !(await store.written(queryHash))) unshared.inc();
            const result = response.body.kind === 'single' ? response.body.singleResult : response.body.initialResult;
            if (metrics.persistedQueryHit) requests.inc({ outcome: 'hit' });
            else if (metrics.persistedQueryRegister) requests.inc({ outcome: 'register' });
            else if (result.errors?.some((e) => e.extensions?.code === ErrorCodes.PERSISTED_QUERY_NOT_FOUND)) requests.inc({ outcome: 'miss' });
          },
        };
      },
    },
  };
}
