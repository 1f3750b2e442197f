import type { IncomingMessage } from 'node:http';
import { Counter, type Registry } from 'prom-client';
import { handOffTrace, type GatewayContext, type RequestTrace } from '../../context';
import type { CompleteAnswer, ShareInFlight } from '../../../schema/http/graphql-handler';
import { phaseClockOf } from '../../../schema/http/server-timing';
import { OperationTypes, headerText, type ReceivedRequest } from '../../http/operation-types';

/**
 * Inbound in-flight request de-duplication: while a query is being executed, an identical request
 * (same body bytes, same Authorization, Accept and Content-Type) waits for that execution and
 * gets its answer instead of running its own. Only queries share: a mutation or a subscription,
 * an unparsable document, or a request that accepts incremental delivery always runs on its own.
 * Nothing is kept once the execution has answered: this is not a cache.
 *
 * The caller must not mutate a shared answer: every waiting request receives the same object.
 */

export interface InboundDedupOptions {
  /** Distinct query texts whose operation type is remembered. */
  operationCacheSize?: number;
  /** Shared with the persisted-queries plugin, which teaches it the queries behind hashes; replaces operationCacheSize. */
  operationTypes?: OperationTypes;
  /** Where the shared-request counter is registered (the gateway's metrics registry). */
  registry?: Registry;
}

export class InboundDedup<T> {
  private readonly inFlight = new Map<string, Promise<T>>();
  private readonly operationTypes: OperationTypes;
  private readonly shared?: Counter<'role'>;

  constructor(options: InboundDedupOptions = {}) {
    this.operationTypes = options.operationTypes ?? new OperationTypes(options.operationCacheSize);
    if (options.registry) {
      this.shared = new Counter({
        name: 'gateway_inbound_dedup_requests_total',
        help: 'Queries by role in inbound in-flight de-duplication: leader (executed) or follower (answered by an identical execution in flight)',
        labelNames: ['role'],
        registers: [options.registry],
      });
    }
  }

  /** Requests executing now that others may join. */
  get inFlightCount(): number {
    return this.inFlight.size;
  }

  /** The key under which a request shares, or null when it must run on its own. */
  keyOf(request: ReceivedRequest): string | null {
    return this.operationTypes.sharingKey(request, headerText(request.headers.authorization));
  }

  /** Runs `execute` unless an identical query is in flight, in which case its answer is awaited. */
  async run(request: ReceivedRequest, execute: () => Promise<T>): Promise<{ value: T; shared: boolean }> {
    const key = this.keyOf(request);
    if (key === null) return { value: await execute(), shared: false };
    const running = this.inFlight.get(key);
    if (running) {
      this.shared?.inc({ role: 'follower' });
      return { value: await running, shared: true };
    }
    this.shared?.inc({ role: 'leader' });
    const execution = execute();
    this.inFlight.set(key, execution);
    try {
      return { value: await execution, shared: false };
    } finally {
      this.inFlight.delete(key);
    }
  }
}

/**
 * The GraphQL handler's `share` option over an InboundDedup. A follower also takes the leader's
 * trace (operation name, error codes) for its own log line; it is counted in
 * `gateway_inbound_dedup_requests_total`, not again in the per-operation request metrics.
 */
export function useInboundDedup(options: InboundDedupOptions & { contextOf(req: IncomingMessage): GatewayContext | undefined }): ShareInFlight {
  const dedup = new InboundDedup<{ answer: CompleteAnswer; trace?: RequestTrace }>(options);
  return async (req, request, execute) => {
    const own = options.contextOf(req);
    const { value, shared } = await dedup.run(request, async () => ({ answer: await execute(), trace: own?.trace }));
    if (shared) phaseClockOf(req)?.mark('dedup');
    if (shared && own && value.trace) handOffTrace(value.trace, own.trace);
    return value.answer;
  };
}
