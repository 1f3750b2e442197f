import http from 'node:http';

/**
 * A load generator in a process of its own (`node fixed-rate-client.js '<json plan>'`): POSTs at a
 * fixed rate, to one target per round, the targets taking turns round by round (or, `interleave`d,
 * to every target in every round, request by request, so that all see the same moments of a busy
 * machine), and prints one JSON line of what each target answered. Requests are sent on schedule whether or not earlier
 * ones have been answered (a server falling behind queues them, and that shows in the latency);
 * latency runs from the request's writing to its answer's end, in milliseconds with microsecond
 * resolution, and the generator's own lag behind the schedule is reported beside it.
 */

export interface FixedRatePlan {
  /** Name → URL; rounds go to them in this order, again and again. */
  targets: Record<string, string>;
  rate: number;
  roundS: number;
  /** Rounds per target. */
  rounds: number;
  /** Seconds of load on each target before the rounds, not counted: every target in turn, request by request, at `rate` in all (at `rate` to each when interleaved). */
  warmupS: number;
  headers: Record<string, string>;
  /** Headers sent to one target beside `headers` (two names for one URL told apart by a header). */
  targetHeaders?: Record<string, Record<string, string>>;
  /** Request bodies, used in turn (index = request number modulo their count). */
  bodies: string[];
  /** Every round goes to all targets in turn, request by request, `rate` a second to each. */
  interleave?: boolean;
}

export interface TargetOutcome {
  sent: number;
  /** Answers with status 200 and no `"errors"` in the body. */
  ok: number;
  failed: number;
  latencyMs: number[];
  /** The most a request was sent after its scheduled time (the generator's own lag). */
  maxSendLagMs: number;
  /** Time from each round's first request to its last answer, summed: answered ÷ this is the rate served. */
  activeMs: number;
  /** How many latencies `latencyMs` held at the end of each of the target's rounds: round k's are `latencyMs.slice(roundEnds[k - 1] ?? 0, roundEnds[k])`. */
  roundEnds: number[];
  /** The warm-up's requests (not counted above). */
  warmup?: { sent: number; ok: number; failed: number };
}

const now = () => Number(process.hrtime.bigint()) / 1e6;

export async function runFixedRate(plan: FixedRatePlan): Promise<Record<string, TargetOutcome>> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const fresh = (): Record<string, TargetOutcome> => Object.fromEntries(Object.keys(plan.targets).map((name) => [name, { sent: 0, ok: 0, failed: 0, latencyMs: [], maxSendLagMs: 0, activeMs: 0, roundEnds: [] }]));
  let outcomes = fresh();
  const headersOf = Object.fromEntries(Object.keys(plan.targets).map((name) => [name, { 'content-type': 'application/json', ...plan.headers, ...plan.targetHeaders?.[name] }]));
  const send = (name: string, body: string, scheduled: number) =>
    new Promise<void>((resolve) => {
      const outcome = outcomes[name];
      outcome.sent += 1;
      const sentAt = now();
      outcome.maxSendLagMs = Math.max(outcome.maxSendLagMs, sentAt - scheduled);
      const req = http.request(plan.targets[name], { method: 'POST', agent, headers: headersOf[name] }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          outcome.latencyMs.push(now() - sentAt);
          if (res.statusCode === 200 && !Buffer.concat(chunks).includes('"errors"')) outcome.ok += 1;
          else outcome.failed += 1;
          resolve();
        });
      });
      req.on('error', () => {
        outcome.failed += 1;
        resolve();
      });
      req.end(body);
    });
  const names = Object.keys(plan.targets);
  const inFlight: Promise<void>[] = [];
  let n = 0;
  const runRound = async (to: string[], seconds: number, rate = plan.rate * to.length) => {
    const began = now();
    for (let i = 0; i < Math.round(rate * seconds); i++) {
      const scheduled = began + (i * 1000) / rate;
      const wait = scheduled - now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      inFlight.push(send(to[i % to.length], plan.bodies[n++ % plan.bodies.length], scheduled));
    }
    await Promise.all(inFlight.splice(0));
    for (const name of to) {
      outcomes[name].activeMs += now() - began;
      outcomes[name].roundEnds.push(outcomes[name].latencyMs.length);
    }
  };
  const turns = plan.interleave ? [names] : names.map((name) => [name]);
  // The warm-up goes to every target in turn, request by request (at the rate of one target in rounds): each gets its
  // warmupS of requests, and none meets the generator's own cold start alone (the first target of
  // a warm-up round by round kept about twice the others' garbage collection for the whole run).
  const warmupRate = plan.interleave ? plan.rate * names.length : plan.rate;
  if (plan.warmupS > 0) await runRound(names, (plan.warmupS * plan.rate * names.length) / warmupRate, warmupRate);
  const warmedUp = outcomes;
  outcomes = fresh();
  for (const name of names) outcomes[name].warmup = { sent: warmedUp[name].sent, ok: warmedUp[name].ok, failed: warmedUp[name].failed };
  for (let round = 0; round < plan.rounds * turns.length; round++) await runRound(turns[round % turns.length], plan.roundS);
  agent.destroy();
  return outcomes;
}

if (require.main === module) {
  runFixedRate(JSON.parse(process.argv[2]) as FixedRatePlan).then(
    (outcomes) => process.stdout.write(`${JSON.stringify(outcomes)}\n`),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
