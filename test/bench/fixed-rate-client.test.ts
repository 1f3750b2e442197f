import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { runFixedRate, type FixedRatePlan } from '../../bench/lib/fixed-rate-client';

/** The bench's load generator: rounds to one target at a time, or every target in every round, request by request. */

let servers: http.Server[] = [];
const arrivals: string[] = [];
const probes: (string | undefined)[] = [];

beforeAll(async () => {
  servers = await Promise.all(
    ['a', 'b'].map(
      (name) =>
        new Promise<http.Server>((resolve) => {
          const server = http.createServer((req, res) => {
            arrivals.push(name);
            probes.push(req.headers['x-probe'] as string | undefined);
            req.resume().on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":{}}'));
          });
          server.listen(0, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
});
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});
beforeEach(() => {
  arrivals.length = 0;
  probes.length = 0;
});

const plan = (interleave: boolean): FixedRatePlan => ({
  targets: Object.fromEntries(['a', 'b'].map((name, i) => [name, `http://127.0.0.1:${(servers[i].address() as AddressInfo).port}/`])),
  rate: 20,
  roundS: 0.5,
  rounds: 2,
  warmupS: 0,
  headers: {},
  bodies: ['{}'],
  interleave,
});

test('in rounds, each round goes to one target, the targets taking turns', async () => {
  const outcomes = await runFixedRate(plan(false));
  expect(outcomes.a).toMatchObject({ sent: 20, ok: 20, failed: 0 });
  expect(outcomes.b).toMatchObject({ sent: 20, ok: 20, failed: 0 });
  expect(arrivals.join('')).toBe(['a', 'b', 'a', 'b'].map((t) => t.repeat(10)).join(''));
});

test('interleaved, every round goes to every target in turn, at the rate to each', async () => {
  const outcomes = await runFixedRate(plan(true));
  expect(outcomes.a).toMatchObject({ sent: 20, ok: 20, failed: 0 });
  expect(outcomes.b).toMatchObject({ sent: 20, ok: 20, failed: 0 });
  expect(outcomes.a.latencyMs).toHaveLength(20);
  const firstTen = arrivals.slice(0, 10).filter((t) => t === 'a').length;
  expect(firstTen).toBeGreaterThanOrEqual(4);
  expect(firstTen).toBeLessThanOrEqual(6);
});

/** The largest difference between the a's and the b's over every prefix: 1 when they strictly take turns, 10 for rounds of ten. */
function largestImbalance(sequence: readonly string[]): number {
  let balance = 0;
  let largest = 0;
  for (const target of sequence) {
    balance += target === 'a' ? 1 : -1;
    largest = Math.max(largest, Math.abs(balance));
  }
  return largest;
}

test('the warm-up goes to every target in turn, request by request, each its warmupS of requests, in rounds as interleaved', async () => {
  for (const interleave of [false, true]) {
    arrivals.length = 0;
    const outcomes = await runFixedRate({ ...plan(interleave), warmupS: 0.5, rounds: 1 });
    expect(outcomes.a.warmup).toEqual({ sent: 10, ok: 10, failed: 0 });
    expect(outcomes.b.warmup).toEqual({ sent: 10, ok: 10, failed: 0 });
    expect(outcomes.a).toMatchObject({ sent: 10, ok: 10 });
    // Sent a, b, a, b…; requests on two connections may arrive a turn apart (a connection still opening).
    expect(largestImbalance(arrivals.slice(0, 20))).toBeLessThanOrEqual(2);
  }
});

test('two names for one URL are told apart by their own headers, and each round says where its latencies end', async () => {
  const url = `http://127.0.0.1:${(servers[0].address() as AddressInfo).port}/`;
  const outcomes = await runFixedRate({ ...plan(false), targets: { on: url, off: url }, targetHeaders: { off: { 'x-probe': 'off' } } });
  expect(probes).toEqual([undefined, 'off', undefined, 'off'].flatMap((p) => Array<string | undefined>(10).fill(p)));
  expect(outcomes.on.roundEnds).toEqual([10, 20]);
  expect(outcomes.off.roundEnds).toEqual([10, 20]);
  expect(outcomes.off.latencyMs).toHaveLength(20);
});
