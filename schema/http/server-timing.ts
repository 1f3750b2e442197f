import type { IncomingMessage } from 'node:http';
import { performance } from 'node:perf_hooks';

/**
 * Where one request's time went, for the `Server-Timing` header of an answer (opt-in: with no
 * clock started for a request, nothing is measured). Phases follow each other: each mark closes
 * the phase that ran since the previous mark; the total exceeds their sum by the hand-back after
 * the last mark (the response cache keeping an answer, the de-duplication's hand-off).
 * - auth: from the request's arrival to its handler (authentication, context);
 * - body: reading and parsing the request body;
 * - dedup: a follower's wait for the identical request in flight whose answer it takes;
 * - cache: the response cache's lookup;
 * - validate: Apollo Server's parse, validation, persisted queries and context, up to the resolved operation;
 * - plan: the query plan (plan cache and planner corrections included);
 * - fetch: the plan's execution: subgraph fetches and result shaping;
 * - serialise: the answer's plugins, JSON text and bytes.
 */
export type Phase = 'auth' | 'body' | 'dedup' | 'cache' | 'validate' | 'plan' | 'fetch' | 'serialise';

export class PhaseClock {
  private readonly started = performance.now();
  private last = this.started;
  private readonly spent = new Map<Phase, number>();

  /** Closes `phase`: the time since the previous mark is counted to it. */
  mark(phase: Phase): void {
    const now = performance.now();
    this.spent.set(phase, (this.spent.get(phase) ?? 0) + now - this.last);
    this.last = now;
  }

  /**
   * The `Server-Timing` header's value: each phase marked, then `total` since arrival (ms), and
   * `arrival` with the arrival's wall-clock time (ms since the epoch, sub-millisecond) as its
   * description, which a client on the same host sets beside its own clock.
   */
  header(): string {
    const total = performance.now() - this.started;
    const phases = [...this.spent, ['total', total] as const].map(([name, ms]) => `${name};dur=${ms.toFixed(2)}`);
    return [...phases, `arrival;desc="${(performance.timeOrigin + this.started).toFixed(3)}"`].join(', ');
  }
}

const clocks = new WeakMap<IncomingMessage, PhaseClock>();

/** Starts timing `req` (at its arrival); its answer will carry a `Server-Timing` header. */
export function startPhaseClock(req: IncomingMessage): PhaseClock {
  const clock = new PhaseClock();
  clocks.set(req, clock);
  return clock;
}

/** The request's clock, or undefined when it is not timed. */
export function phaseClockOf(req: IncomingMessage): PhaseClock | undefined {
  return clocks.get(req);
}

/** Phase durations (ms) from a `Server-Timing` header's value; `arrival` is the arrival's epoch ms. */
export function parseServerTiming(value: string): Map<string, number> {
  const phases = new Map<string, number>();
  for (const part of value.split(',')) {
    const match = /^\s*([\w-]+)\s*;\s*(?:dur=([\d.]+)|desc="([\d.]+)")/.exec(part);
    if (match) phases.set(match[1], Number(match[2] ?? match[3]));
  }
  return phases;
}
