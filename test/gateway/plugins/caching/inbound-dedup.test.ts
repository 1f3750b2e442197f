import { loadGatewayConfig } from '../../../../gateway/config';
import { OperationTypes } from '../../../../gateway/http/operation-types';
import { InboundDedup } from '../../../../gateway/plugins/caching/inbound-dedup';
import { startGateway, type RunningGateway } from '../../../../gateway/server';
import { dedupFollowers, inFlightTogether as sharedInFlight, startSlowSubgraph, supergraphFile, type Counter } from '../../../support/slow-subgraph';
import { TEST_AUTH_ENV, mintToken } from '../../../support/tokens';

/**
 * Inbound in-flight request de-duplication, through the real gateway on 127.0.0.1: identical
 * queries in flight share one execution; anything that differs, mutations, and requests after
 * the execution has answered run on their own.
 */

interface Answer {
  status: number;
  requestId: string | null;
  body: { data?: { slow?: { number: number; tag: string | null; caller: string | null }; bump?: { number: number } }; errors?: unknown[] };
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, requestId: res.headers.get('x-request-id'), body: (await res.json()) as Answer['body'] };
}

const SLOW = { query: 'query Slow($tag: String) { slow(tag: $tag) { number tag caller } }', variables: { tag: 'a' } };

describe('inbound in-flight request de-duplication', () => {
  const counter: Counter = { executions: 0 };
  let subgraph: { url: string; stop(): Promise<void> };
  let gateway: RunningGateway;
  let withoutDedup: RunningGateway;
  let tokens: string[];

  beforeAll(async () => {
    subgraph = await startSlowSubgraph(counter, 300);
    const file = supergraphFile(subgraph.url);
    // Subgraph fetch de-duplication off: it would share the subgraph fetches of identical requests too.
    const env = { ...TEST_AUTH_ENV, GATEWAY_PORT: '0', LOG_LEVEL: 'silent', SUBGRAPH_DEDUP: 'false' };
    gateway = await startGateway(loadGatewayConfig(env, ['--supergraph', file]));
    withoutDedup = await startGateway(loadGatewayConfig({ ...env, GATEWAY_INBOUND_DEDUP: 'false' }, ['--supergraph', file]));
    tokens = [await mintToken({ role: 'app', sub: 'one' }), await mintToken({ role: 'app', sub: 'two' })];
  });
  afterAll(async () => {
    await gateway?.close();
    await withoutDedup?.close();
    await subgraph?.stop();
  });
  beforeEach(() => {
    counter.executions = 0;
  });

  const followers = (): Promise<number> => dedupFollowers(gateway.url);
  const inFlightTogether = (requests: () => Promise<Answer>[], joined: number): Promise<Answer[]> => sharedInFlight(counter, gateway.url, requests, joined);

  test('identical queries in flight share one execution, and each answer keeps its own request id', async () => {
    const answers = await inFlightTogether(() => Array.from({ length: 20 }, () => post(gateway.url, SLOW)), 19);
    expect(counter.executions).toBe(1);
    for (const a of answers) {
      expect(a.status).toBe(200);
      expect(a.body).toEqual({ data: { slow: { number: 1, tag: 'a', caller: null } } });
    }
    expect(new Set(answers.map((a) => a.requestId)).size).toBe(20);
  });

  test('a query after the shared execution has answered runs again: nothing is cached', async () => {
    await inFlightTogether(() => [post(gateway.url, SLOW), post(gateway.url, SLOW)], 1);
    const later = await post(gateway.url, SLOW);
    expect(counter.executions).toBe(2);
    expect(later.body.data?.slow?.number).toBe(2);
  });

  test('queries that differ in variables never share', async () => {
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => post(gateway.url, { ...SLOW, variables: { tag: `t${i}` } })));
    expect(counter.executions).toBe(10);
    expect(answers.map((a) => a.body.data?.slow?.tag)).toEqual(Array.from({ length: 10 }, (_, i) => `t${i}`));
  });

  test('queries from different callers (Authorization) never share', async () => {
    const callers = [tokens[0], tokens[1], tokens[0]].map((t) => `Bearer ${t}`);
    const answers = await inFlightTogether(() => callers.map((authorization) => post(gateway.url, SLOW, { authorization })), 1);
    expect(counter.executions).toBe(2);
    expect(answers.map((a) => a.body.data?.slow?.caller)).toEqual(callers);
    expect(answers[0].body).toEqual(answers[2].body);
  });

  test('identical mutations in flight each run', async () => {
    const answers = await Promise.all(Array.from({ length: 5 }, () => post(gateway.url, { query: 'mutation { bump { number } }' })));
    expect(counter.executions).toBe(5);
    expect(answers.map((a) => a.body.data?.bump?.number).sort()).toEqual([1, 2, 3, 4, 5]);
  });

  test('GATEWAY_INBOUND_DEDUP=false turns it off', async () => {
    await Promise.all(Array.from({ length: 5 }, () => post(withoutDedup.url, SLOW)));
    expect(counter.executions).toBe(5);
  });

  test('the requests answered by another execution are counted in /metrics', async () => {
    const before = await followers();
    await inFlightTogether(() => Array.from({ length: 4 }, () => post(gateway.url, { ...SLOW, variables: { tag: 'metrics' } })), 3);
    expect(counter.executions).toBe(1);
    expect((await followers()) - before).toBe(3);
  });
});

describe('which requests may share', () => {
  const dedup = new InboundDedup<string>();
  const request = (body: unknown, headers: Record<string, string> = {}) => ({ rawBody: JSON.stringify(body), body, headers: { 'content-type': 'application/json', ...headers } });

  test('a query shares, keyed by its bytes and its caller', () => {
    expect(dedup.keyOf(request({ query: '{ a }' }))).not.toBeNull();
    expect(dedup.keyOf(request({ query: '{ a }' }, { authorization: 'Bearer x' }))).not.toEqual(dedup.keyOf(request({ query: '{ a }' })));
  });

  test('the operation named by operationName decides', () => {
    const query = 'query Q { a } mutation M { b }';
    expect(dedup.keyOf(request({ query, operationName: 'Q' }))).not.toBeNull();
    expect(dedup.keyOf(request({ query, operationName: 'M' }))).toBeNull();
    expect(dedup.keyOf(request({ query }))).toBeNull();
  });

  test('mutations, subscriptions, unparsable documents, unknown persisted-query hashes and incremental delivery never share', () => {
    expect(dedup.keyOf(request({ query: 'mutation { b }' }))).toBeNull();
    expect(dedup.keyOf(request({ query: 'subscription { c }' }))).toBeNull();
    expect(dedup.keyOf(request({ query: '{ a' }))).toBeNull();
    expect(dedup.keyOf(request({ extensions: { persistedQuery: { version: 1, sha256Hash: 'abc' } } }))).toBeNull();
    expect(dedup.keyOf(request({ query: '{ a }' }, { accept: 'multipart/mixed; deferSpec=20220824, application/json' }))).toBeNull();
  });

  test('a persisted query sent by hash alone shares once the server has told which query the hash stands for', () => {
    const operationTypes = new OperationTypes();
    const taught = new InboundDedup<string>({ operationTypes });
    const byHash = (sha256Hash: string, operationName?: string) => request({ extensions: { persistedQuery: { version: 1, sha256Hash } }, ...(operationName ? { operationName } : {}) });
    expect(taught.keyOf(byHash('q'))).toBeNull();
    operationTypes.learnPersisted('q', '{ a }');
    operationTypes.learnPersisted('m', 'mutation { b }');
    operationTypes.learnPersisted('both', 'query Q { a } mutation M { b }');
    expect(taught.keyOf(byHash('q'))).not.toBeNull();
    expect(taught.keyOf(byHash('q'))).not.toEqual(taught.keyOf(request({ query: '{ a }' })));
    expect(taught.keyOf(byHash('m'))).toBeNull();
    expect(taught.keyOf(byHash('both', 'Q'))).not.toBeNull();
    expect(taught.keyOf(byHash('both', 'M'))).toBeNull();
    expect(taught.keyOf(byHash('both'))).toBeNull();
  });

  test('a failed execution fails every request that shared it, and the next one runs afresh', async () => {
    const shared = request({ query: '{ a }' });
    let release: (e: Error) => void = () => undefined;
    const failing = new Promise<string>((_, reject) => (release = reject));
    const leader = dedup.run(shared, () => failing);
    const follower = dedup.run(shared, () => Promise.resolve('never'));
    release(new Error('subgraph down'));
    await expect(leader).rejects.toThrow('subgraph down');
    await expect(follower).rejects.toThrow('subgraph down');
    expect(dedup.inFlightCount).toBe(0);
    await expect(dedup.run(shared, () => Promise.resolve('fresh'))).resolves.toEqual({ value: 'fresh', shared: false });
  });
});
