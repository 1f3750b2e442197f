import { loadGatewayConfig } from '../../../../gateway/config';
import { startGateway, type RunningGateway } from '../../../../gateway/server';
import { PhaseClock, parseServerTiming } from '../../../../schema/http/server-timing';
import { inFlightTogether, startSlowSubgraph, supergraphFile, type Counter } from '../../../support/slow-subgraph';
import { TEST_AUTH_ENV } from '../../../support/tokens';

/**
 * GATEWAY_SERVER_TIMING through the real gateway on 127.0.0.1 over a subgraph that takes 250 ms:
 * the answer's `Server-Timing` header says where the request's time went, a follower of inbound
 * de-duplication shows its wait, and without the variable no answer carries the header.
 */

const DELAY_MS = 250;
const SLOW = { query: 'query Slow($tag: String) { slow(tag: $tag) { number tag } }', variables: { tag: 'a' } };

async function timed(url: string, body: unknown): Promise<{ timing: string | null; phases: Map<string, number> }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status).toBe(200);
  await res.json();
  const timing = res.headers.get('server-timing');
  return { timing, phases: timing ? parseServerTiming(timing) : new Map() };
}

describe('Server-Timing (GATEWAY_SERVER_TIMING)', () => {
  const counter: Counter = { executions: 0 };
  let subgraph: { url: string; stop(): Promise<void> };
  let timedGateway: RunningGateway;
  let plainGateway: RunningGateway;

  beforeAll(async () => {
    subgraph = await startSlowSubgraph(counter, DELAY_MS);
    const file = supergraphFile(subgraph.url);
    const env = { ...TEST_AUTH_ENV, GATEWAY_PORT: '0', LOG_LEVEL: 'silent', SUBGRAPH_DEDUP: 'false' };
    timedGateway = await startGateway(loadGatewayConfig({ ...env, GATEWAY_SERVER_TIMING: 'true' }, ['--supergraph', file]));
    plainGateway = await startGateway(loadGatewayConfig(env, ['--supergraph', file]));
  });
  afterAll(async () => {
    await timedGateway?.close();
    await plainGateway?.close();
    await subgraph?.stop();
  });

  test('an executed request: its phases in order, the subgraph time in fetch, the phases within the total', async () => {
    const before = Date.now();
    const { timing, phases } = await timed(timedGateway.url, { ...SLOW, variables: { tag: 'alone' } });
    expect(timing).not.toBeNull();
    expect([...phases.keys()]).toEqual(['auth', 'body', 'cache', 'validate', 'plan', 'fetch', 'serialise', 'total', 'arrival']);
    expect(phases.get('fetch')).toBeGreaterThanOrEqual(DELAY_MS - 5);
    const sum = ['auth', 'body', 'cache', 'validate', 'plan', 'fetch', 'serialise'].reduce((a, p) => a + (phases.get(p) ?? 0), 0);
    const total = phases.get('total') ?? 0;
    expect(sum).toBeLessThanOrEqual(total + 0.05);
    expect(total - sum).toBeLessThan(25);
    expect(phases.get('arrival')).toBeGreaterThanOrEqual(before - 1);
    expect(phases.get('arrival')).toBeLessThanOrEqual(Date.now());
  });

  test('identical requests in flight: the followers show their wait for the leader as dedup, and no execution of their own', async () => {
    counter.executions = 0;
    // Held until the four followers have joined, then half the subgraph's delay more: the wait each shows as dedup.
    const answers = await inFlightTogether(counter, timedGateway.url, () => Array.from({ length: 5 }, () => timed(timedGateway.url, SLOW)), 4, DELAY_MS / 2);
    expect(counter.executions).toBe(1);
    const leaders = answers.filter((a) => a.phases.has('fetch'));
    const followers = answers.filter((a) => a.phases.has('dedup'));
    expect(leaders).toHaveLength(1);
    expect(followers).toHaveLength(4);
    for (const f of followers) {
      expect(f.phases.has('plan')).toBe(false);
      expect(f.phases.get('dedup')).toBeGreaterThanOrEqual(DELAY_MS / 2);
    }
  });

  test('without GATEWAY_SERVER_TIMING no answer carries the header', async () => {
    const { timing } = await timed(plainGateway.url, SLOW);
    expect(timing).toBeNull();
  });
});

describe('PhaseClock', () => {
  test('each mark closes the time since the previous one; the header reads back as written', async () => {
    const clock = new PhaseClock();
    await new Promise((r) => setTimeout(r, 20));
    clock.mark('auth');
    clock.mark('fetch');
    await new Promise((r) => setTimeout(r, 20));
    clock.mark('fetch');
    const phases = parseServerTiming(clock.header());
    expect(phases.get('auth')).toBeGreaterThanOrEqual(19);
    expect(phases.get('fetch')).toBeGreaterThanOrEqual(19);
    expect(phases.get('fetch')).toBeLessThan(phases.get('total') ?? 0);
    expect(phases.get('arrival')).toBeGreaterThan(1.7e12);
  });
});
