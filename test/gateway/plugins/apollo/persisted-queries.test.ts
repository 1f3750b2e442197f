import { createHash } from 'node:crypto';
import { ApolloServer, type ApolloServerPlugin, type GraphQLRequestListener } from '@apollo/server';
import { Registry } from 'prom-client';
import type { GatewayContext } from '../../../../gateway/context';
import { OperationTypes } from '../../../../gateway/http/operation-types';
import { PersistedQueryStore, usePersistedQueries } from '../../../../gateway/plugins/apollo/persisted-queries';
import { InProcessCache } from '../../../../schema/cache/in-process-cache';
import type { RedisCache } from '../../../../schema/cache/redis-cache';
import { ResilientCache } from '../../../../schema/cache/resilient-cache';
import type { SharedCache } from '../../../../schema/cache/shared-cache';
import { metricSum } from '../../../support/metric-sum';

/** Automatic persisted queries over the shared cache (Redis behind memory when configured). */

const PERSISTED = { persistedQuery: { version: 1, sha256Hash: 'h' } };

async function listenerFor(plugin: ReturnType<typeof usePersistedQueries>['plugin'], extensions?: Record<string, unknown>) {
  return (await plugin.requestDidStart?.({ request: { extensions } } as never)) as GraphQLRequestListener<GatewayContext> | undefined;
}

describe('the persisted query store', () => {
  it('keeps queries under apq: in the shared cache, for the TTL asked or its default', async () => {
    const cache = new InProcessCache();
    const store = new PersistedQueryStore(cache, 60);
    await store.set('h', '{ a }');
    expect(await store.get('h')).toBe('{ a }');
    expect(await cache.get('apq:h')).toBe('{ a }');
    await store.delete('h');
    expect(await store.get('h')).toBeUndefined();
  });

  it('asks Redis again when a read or write missed its deadline while Redis is up: a registered hash is not told to another gateway as unknown', async () => {
    const stored = new Map<string, unknown>();
    const calls = { get: 0, set: 0 };
    const remote = {
      state: 'up',
      get: async (key: string) => {
        calls.get += 1;
        if (calls.get === 1) throw new Error('Command timed out');
        return stored.get(key);
      },
      set: async (key: string, value: unknown) => {
        calls.set += 1;
        if (calls.set === 1) return false;
        stored.set(key, value);
        return true;
      },
    } as unknown as RedisCache;
    await new PersistedQueryStore(new ResilientCache(remote), 60).set('h', '{ a }');
    expect(calls.set).toBe(2);
    expect(stored.get('apq:h')).toBe('{ a }');
    expect(await new PersistedQueryStore(new ResilientCache(remote), 60).get('h')).toBe('{ a }');
    expect(calls.get).toBe(2);
  });

  it('does not wait on a Redis that is down: memory answers at once', async () => {
    const calls = { get: 0, set: 0 };
    const remote = { state: 'down', get: async () => void (calls.get += 1), set: async () => Boolean((calls.set += 1)) } as unknown as RedisCache;
    const store = new PersistedQueryStore(new ResilientCache(remote), 60);
    await store.set('h', '{ a }');
    expect(await store.get('h')).toBe('{ a }');
    expect(await new PersistedQueryStore(new ResilientCache(remote), 60).get('h')).toBeUndefined();
    expect(calls).toEqual({ get: 0, set: 0 });
  });

  it('never throws: a lost shared cache only costs the client a registration', async () => {
    const failing = new Proxy({} as SharedCache, { get: () => () => Promise.reject(new Error('redis down')) });
    const store = new PersistedQueryStore(failing, 60);
    await expect(store.set('h', '{ a }')).resolves.toBeUndefined();
    await expect(store.get('h')).resolves.toBeUndefined();
    await expect(store.delete('h')).resolves.toBeUndefined();
  });
});

describe('the persisted queries plugin', () => {
  it('tells the operation classifier the query behind each hash Apollo Server has checked', async () => {
    const operationTypes = new OperationTypes();
    const { plugin } = usePersistedQueries({ cache: new InProcessCache(), ttlSeconds: 60, registry: new Registry(), operationTypes });
    const byHash = { extensions: PERSISTED };
    expect(operationTypes.of(byHash)).toBe('unknown');
    await (await listenerFor(plugin, PERSISTED))?.didResolveSource?.({ queryHash: 'h', source: 'mutation { b }' } as never);
    expect(operationTypes.of(byHash)).toBe('mutation');
  });

  it('counts hits, registrations and misses, and ignores requests without a persisted query', async () => {
    const registry = new Registry();
    const { plugin, persistedQueries } = usePersistedQueries({ cache: new InProcessCache(), ttlSeconds: 60, registry });
    expect(persistedQueries.ttl).toBe(60);
    expect(await listenerFor(plugin)).toBeUndefined();
    const single = (errors?: unknown[]) => ({ body: { kind: 'single', singleResult: { errors } } });
    await (await listenerFor(plugin, PERSISTED))?.willSendResponse?.({ metrics: { persistedQueryHit: true }, response: single() } as never);
    await (await listenerFor(plugin, PERSISTED))?.willSendResponse?.({ metrics: { persistedQueryRegister: true }, response: single() } as never);
    await (await listenerFor(plugin, PERSISTED))?.willSendResponse?.({ metrics: {}, response: single([{ message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }]) } as never);
    const text = await registry.metrics();
    for (const outcome of ['hit', 'register', 'miss']) expect(metricSum(text, 'gateway_apq_requests_total', { outcome })).toBe(1);
  });

  it("holds a registration's answer, through Apollo Server, until the query is in the shared cache (Apollo Server does not await the write)", async () => {
    const slow = new InProcessCache();
    const set = slow.set.bind(slow);
    slow.set = (key, value, ttlMs) => new Promise<boolean>((resolve) => setTimeout(() => resolve(set(key, value, ttlMs)), 200));
    const registry = new Registry();
    await withApqServer({ cache: slow, ttlSeconds: 60, registry }, async (server) => {
      const query = '{ a }';
      const answer = await server.executeOperation({ query, extensions: persistedQuery(query) });
      expect(answer.body).toEqual({ kind: 'single', singleResult: { data: { a: 1 } } });
      expect(await new PersistedQueryStore(slow, 60).get(`apq:${sha256(query)}`)).toBe(query);
      expect(metricSum(await registry.metrics(), 'gateway_apq_unshared_registrations_total')).toBe(0);
    });
  });

  it('counts a registration whose write never reached Redis while it was up, and still answers it', async () => {
    const remote = { state: 'up', get: async () => undefined, set: async () => false } as unknown as RedisCache;
    const registry = new Registry();
    await withApqServer({ cache: new ResilientCache(remote), ttlSeconds: 60, registry }, async (server) => {
      const query = '{ a }';
      const answer = await server.executeOperation({ query, extensions: persistedQuery(query) });
      expect(answer.body).toEqual({ kind: 'single', singleResult: { data: { a: 1 } } });
      expect(metricSum(await registry.metrics(), 'gateway_apq_unshared_registrations_total')).toBe(1);
      expect(metricSum(await registry.metrics(), 'gateway_apq_requests_total', { outcome: 'register' })).toBe(1);
    });
  });
});

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
const persistedQuery = (query: string) => ({ persistedQuery: { version: 1, sha256Hash: sha256(query) } });

/** A real Apollo Server with the plugin and its store, as the gateway wires them. */
async function withApqServer(options: Parameters<typeof usePersistedQueries>[0], use: (server: ApolloServer) => Promise<void>): Promise<void> {
  const { plugin, persistedQueries } = usePersistedQueries(options);
  const server = new ApolloServer({ typeDefs: 'type Query { a: Int }', resolvers: { Query: { a: () => 1 } }, persistedQueries, plugins: [plugin as ApolloServerPlugin] });
  await server.start();
  try {
    await use(server);
  } finally {
    await server.stop();
  }
}
