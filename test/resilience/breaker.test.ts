import { PROVINCE_CODES, type ProvinceCode } from '../../schema/model';
import { expectedWarnings, unexpectedErrors } from '../support/oracle';
import { useProvinceStack } from './province-stack';
import { metricSum } from '../support/metric-sum';

/**
 * The circuit breaker of each legacy system, counted at the simulator: it opens after repeated
 * failures and then fails fast without calling; after its half-open delay one trial call goes
 * through (and a failure opens it again); a success closes it.
 */

interface Warnings {
  warnings: { totalCount: number; unavailableProvinces: string[] };
}
const WARNINGS = '{ warnings(first: 1) { totalCount unavailableProvinces } }';
const FAILURES = 3;
/** Long enough that the calls the test makes while the breaker is open all come before it half-opens, on a loaded machine too. */
const HALF_OPEN_MS = 3000;

const env = useProvinceStack();

describe.each(PROVINCE_CODES)('%s', (p: ProvinceCode) => {
  afterEach(() => env.stack.sims[p].faults.reset());

  it('opens after repeated failures, fails fast without a call, lets one trial through when half-open, and closes on success', async () => {
    const sim = env.stack.sims[p];
    const instance = await env.stack.start(p, { http: { retries: 0, breaker: { consecutiveFailures: FAILURES, halfOpenAfterMs: HALF_OPEN_MS } } });
    const metrics = async (): Promise<string> => (await fetch(instance.subgraph.url.replace('/graphql', '/metrics'))).text();
    const breaker = async (): Promise<number> => metricSum(await metrics(), 'province_legacy_breaker_state', { province: p });
    try {
      sim.faults.set({ errorRate: 1 });
      sim.calls.reset();
      for (let i = 0; i < FAILURES; i++) {
        const failed = await instance.query<Warnings>(WARNINGS);
        expect(failed.data?.warnings.unavailableProvinces).toEqual([p]);
        expect(failed.errors?.[0]?.extensions).toEqual({ code: 'PROVINCE_UNAVAILABLE', province: p });
      }
      expect(sim.calls.total()).toBe(FAILURES);
      expect(await breaker()).toBe(2);

      // A call would now take the simulator's HALF_OPEN_MS / 2 of latency: failing fast is failing before it.
      sim.calls.reset();
      sim.faults.set({ latencyMs: HALF_OPEN_MS / 2 });
      const fast = Date.now();
      const open = await instance.query<Warnings>(WARNINGS);
      expect(Date.now() - fast).toBeLessThan(HALF_OPEN_MS / 2);
      sim.faults.set({ latencyMs: 0 });
      expect(sim.calls.total()).toBe(0);
      expect(open.data?.warnings.unavailableProvinces).toEqual([p]);
      expect(open.errors?.[0]?.message).toMatch(/circuit open/);
      expect(open.errors?.[0]?.extensions).toEqual({ code: 'PROVINCE_UNAVAILABLE', province: p });

      await new Promise((r) => setTimeout(r, HALF_OPEN_MS + 100));
      const trial = await instance.query<Warnings>(WARNINGS);
      expect(sim.calls.total()).toBe(1);
      expect(trial.data?.warnings.unavailableProvinces).toEqual([p]);
      expect(await breaker()).toBe(2);
      const reopened = await instance.query<Warnings>(WARNINGS);
      expect(sim.calls.total()).toBe(1);
      expect(reopened.errors?.[0]?.message).toMatch(/circuit open/);

      sim.faults.reset();
      await new Promise((r) => setTimeout(r, HALF_OPEN_MS + 100));
      const recovered = await instance.query<Warnings>(WARNINGS);
      expect(unexpectedErrors(env.stack.dataset, recovered.errors)).toEqual([]);
      expect(recovered.data?.warnings).toEqual({ totalCount: expectedWarnings(env.stack.dataset, [p]).length, unavailableProvinces: [] });
      expect(await breaker()).toBe(0);
      const text = await metrics();
      expect(metricSum(text, 'province_legacy_breaker_transitions_total', { province: p, state: 'OPEN' })).toBe(2);
      expect(metricSum(text, 'province_legacy_breaker_transitions_total', { province: p, state: 'HALF_OPEN' })).toBe(2);
      expect(metricSum(text, 'province_legacy_breaker_transitions_total', { province: p, state: 'CLOSED' })).toBe(1);
    } finally {
      await instance.close();
    }
  });

  it('retries a failed read with backoff, and counts the retries', async () => {
    const sim = env.stack.sims[p];
    const instance = await env.stack.start(p, { http: { retries: 2, backoff: { initialMs: 10, maxMs: 40 } } });
    try {
      // Every second request fails (the fault sequence is deterministic): the system's first answer
      // to the adapter is an error, the retry succeeds.
      sim.faults.reset();
      sim.faults.set({ errorRate: 0.5 });
      await fetch(`${sim.url}/not-an-endpoint`);
      const answer = await instance.query<Warnings>(WARNINGS);
      expect(unexpectedErrors(env.stack.dataset, answer.errors)).toEqual([]);
      expect(answer.data?.warnings.totalCount).toBe(expectedWarnings(env.stack.dataset, [p]).length);
      const text = await (await fetch(instance.subgraph.url.replace('/graphql', '/metrics'))).text();
      expect(metricSum(text, 'province_legacy_retries_total', { province: p })).toBeGreaterThan(0);
      expect(metricSum(text, 'province_legacy_calls_total', { province: p })).toBeGreaterThan(metricSum(text, 'province_legacy_retries_total', { province: p }));
    } finally {
      await instance.close();
    }
  });
});
