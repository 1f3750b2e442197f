import { performance } from 'node:perf_hooks';
import { parseServerTiming } from '../../schema/http/server-timing';
import { runLoad, type LoadOptions, type LoadResult } from './load';

/**
 * A load run like runLoad that also keeps, per answered request, the latency the client saw and
 * the gateway's phases from its `Server-Timing` header (GATEWAY_SERVER_TIMING=true), so that the
 * slowest requests can be taken apart: which phase, or the time outside the gateway's handler.
 */

export interface TimedRequest {
  /** From the request's write to its whole answer, at the client (ms). */
  latencyMs: number;
  /** When the client wrote the request (epoch ms, sub-millisecond). */
  sentAt: number;
  /** Phase → ms, `total` included; empty when the answer carried no header. */
  phases: Map<string, number>;
}

export interface TimedLoadResult extends LoadResult {
  timed: TimedRequest[];
}

export async function runTimedLoad(options: LoadOptions): Promise<TimedLoadResult> {
  const timed: TimedRequest[] = [];
  // Per connection (autocannon's context object), when its request in flight was written.
  const written = new WeakMap<object, number>();
  const result = await runLoad({
    ...options,
    onSent: (context) => written.set(context, performance.timeOrigin + performance.now()),
    onAnswer: (context, headers) => {
      const sentAt = written.get(context);
      if (sentAt === undefined) return;
      const timing = Object.entries(headers).find(([name]) => name.toLowerCase() === 'server-timing')?.[1];
      timed.push({ latencyMs: performance.timeOrigin + performance.now() - sentAt, sentAt, phases: typeof timing === 'string' ? parseServerTiming(timing) : new Map() });
    },
  });
  return { ...result, timed };
}

/**
 * The phases a breakdown reports, in the order a request passes them. Outside the gateway's handler:
 * `to arrival`, from the client's write to the gateway's request event (the socket, and the gateway's
 * event loop busy with other work); `from answer`, from the answer handed to the socket to the
 * client holding all of it (the write, the transfer, the client's own event loop).
 */
export const PHASES = ['to arrival', 'auth', 'body', 'dedup', 'cache', 'validate', 'plan', 'fetch', 'serialise', 'from answer'] as const;
type PhaseName = (typeof PHASES)[number];

function phaseOf(r: TimedRequest, phase: PhaseName): number {
  const arrival = r.phases.get('arrival') ?? r.sentAt;
  if (phase === 'to arrival') return arrival - r.sentAt;
  if (phase === 'from answer') return r.sentAt + r.latencyMs - (arrival + (r.phases.get('total') ?? 0));
  return r.phases.get(phase) ?? 0;
}

/** Each phase's mean (ms) over some requests. */
export function meanPhases(requests: readonly TimedRequest[]): Record<PhaseName, number> {
  const sums = Object.fromEntries(PHASES.map((p) => [p, 0])) as Record<PhaseName, number>;
  for (const r of requests) {
    for (const p of PHASES) sums[p] += phaseOf(r, p);
  }
  for (const p of PHASES) sums[p] = requests.length > 0 ? sums[p] / requests.length : Number.NaN;
  return sums;
}
