import type { ServerResponse } from 'node:http';
import { GraphQLError, type ExecutionResult } from 'graphql';
import { Counter, type Registry } from 'prom-client';
import { ErrorCodes } from '../../schema/error-codes';

/** graphql-ws close code of a connection whose subscriptions fell more than the bound behind (graphql-ws's own codes are 4400–4409, 4429, 4499, 4500, 4504). */
export const TOO_SLOW_CLOSE = 4413;

/** How long a closed stream's socket may take to flush its last frames before it is destroyed, releasing what it still buffers. */
export const CLOSE_GRACE_MS = 5000;

/** The bytes a WebSocket close reason may hold. */
const MAX_CLOSE_REASON_BYTES = 123;

export type SlowTransport = 'sse' | 'graphql-ws';

export function tooSlowMessage(bound: number): string {
  return `the subscriber fell more than ${bound} events behind (its connection does not read them); resume with the last event id received`;
}

/** The final payload of a stream closed because its subscriber stopped reading. */
export function tooSlowPayload(bound: number): ExecutionResult {
  return { errors: [new GraphQLError(tooSlowMessage(bound), { extensions: { code: ErrorCodes.SUBSCRIBER_TOO_SLOW, maxQueuedEvents: bound } })] };
}

/** `code: message`, clipped to what a WebSocket close frame carries. */
export function closeReason(code: string, message: string): string {
  const full = Buffer.from(`${code}: ${message}`);
  if (full.length <= MAX_CLOSE_REASON_BYTES) return full.toString();
  return full.subarray(0, MAX_CLOSE_REASON_BYTES - 3).toString().replace(/\uFFFD$/, '') + '...';
}

/** Counts the streams closed because their subscriber stopped reading, by transport. */
export function slowSubscriberCounter(registry: Registry | null): Counter<'transport'> {
  return new Counter({
    name: 'gateway_subscribers_too_slow_total',
    help: 'Subscription streams closed because their subscriber fell more than SUBSCRIBER_MAX_QUEUED_EVENTS behind, by transport',
    labelNames: ['transport'],
    registers: registry ? [registry] : [],
  });
}

/** Ends an event stream's response; a socket that has not flushed it within the grace is destroyed, so a client that stopped reading holds nothing more. */
export function endWithin(res: ServerResponse, last: Buffer, graceMs = CLOSE_GRACE_MS): void {
  if (res.writable) res.end(last);
  const socket = res.socket;
  if (!socket || socket.destroyed || res.writableFinished) return;
  const timer = setTimeout(() => socket.destroy(), graceMs);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
}
