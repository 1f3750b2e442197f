import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import { createClient as createSseClient, type Client as SseClient } from 'graphql-sse';
import WebSocket from 'ws';
import type { ExecutionResult } from 'graphql';
import { startFederation, type Federation, type FederationOptions } from '../../support/federation';
import type { ProvinceCode, WarningRecord } from '../../../schema/model';

/**
 * A federation whose change feeds are polled every 100 ms and whose warning copies re-sync past
 * 200 ms, with every copy synced once: a change made before a slow client's subscription arrives
 * is then a change to the copy, not part of its first state.
 */
export async function startPushFederation(options: FederationOptions = {}): Promise<Federation> {
  const fed = await startFederation({ replicaMaxAgeMs: { warnings: 200 }, ...options, gatewayEnv: { SUBSCRIPTION_POLL_MS: '100', ...options.gatewayEnv } });
  await fed.query('{ warnings(first: 1) { totalCount } waybills(first: 1) { totalCount } }');
  return fed;
}

const opened: { dispose(): unknown }[] = [];

/** Closes every client the tests of this file opened (a test that fails leaves its clients open). */
export async function disposeClients(): Promise<void> {
  for (const c of opened.splice(0)) await Promise.resolve(c.dispose()).catch(() => undefined);
}

/** The test file's push federation: started before its tests (handed to `use`), its clients disposed and it closed after them. */
export function withPushFederation(options: FederationOptions, use: (fed: Federation) => void): void {
  let fed: Federation | undefined;
  beforeAll(async () => {
    fed = await startPushFederation(options);
    use(fed);
  });
  afterAll(async () => {
    await disposeClients();
    await fed?.close();
  });
}

export function wsClient(fed: Federation, authorization?: string): WsClient {
  return remember(createWsClient({ url: fed.url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, connectionParams: authorization ? { authorization } : {}, retryAttempts: 0, lazy: true }));
}

function remember<C extends { dispose(): unknown }>(client: C): C {
  opened.push(client);
  return client;
}

/** A graphql-sse client: distinct connections (its default), or one reserved connection for all its operations. */
export function sseClient(fed: Federation, headers: Record<string, string> = {}, singleConnection = false): SseClient<boolean> {
  return remember(singleConnection ? createSseClient({ url: fed.url, headers, retryAttempts: 0, singleConnection: true }) : createSseClient({ url: fed.url, headers, retryAttempts: 0 }));
}

/** The payloads of one subscription as they arrive, and how it ended. */
export class Received {
  readonly payloads: ExecutionResult[] = [];
  error: unknown = null;
  completed = false;
  dispose: () => void = () => undefined;

  get sink() {
    return {
      next: (value: unknown) => void this.payloads.push(value as ExecutionResult),
      error: (e: unknown) => void (this.error = e),
      complete: () => void (this.completed = true),
    };
  }

  /** Waits until `n` payloads arrived (or the subscription ended), up to `ms`. */
  async count(n: number, ms = 10_000): Promise<ExecutionResult[]> {
    const until = Date.now() + ms;
    while (this.payloads.length < n && !this.completed && this.error === null && Date.now() < until) await new Promise((r) => setTimeout(r, 25));
    return this.payloads;
  }
}

export function subscribeWs(client: WsClient, query: string, variables: Record<string, unknown> = {}): Received {
  const r = new Received();
  r.dispose = client.subscribe({ query, variables }, r.sink);
  return r;
}

export function subscribeSse(client: SseClient, query: string, variables: Record<string, unknown> = {}): Received {
  const r = new Received();
  r.dispose = client.subscribe({ query, variables }, r.sink);
  return r;
}

/** Changes a record in a simulated system now (its updated time becomes the simulated now). */
export async function touch(fed: Federation, province: ProvinceCode, sourceId: string, patch: Partial<WarningRecord> = {}): Promise<void> {
  const res = await fetch(`${fed.sims[province].url}/__sim/touch`, { method: 'POST', body: JSON.stringify({ collection: 'warnings', sourceId, patch }) });
  if (res.status !== 200) throw new Error(`touch ${province} ${sourceId}: HTTP ${res.status}`);
}

export async function control(fed: Federation, province: ProvinceCode, action: 'delete' | 'recreate', sourceId: string): Promise<void> {
  const res = await fetch(`${fed.sims[province].url}/__sim/${action}`, { method: 'POST', body: JSON.stringify({ collection: 'warnings', sourceId }) });
  if (res.status !== 200) throw new Error(`${action} ${province} ${sourceId}: HTTP ${res.status}`);
}

/** A valid ALERT of the province from the oracle data set, with its contract id. */
export function alertOf(fed: Federation, province: ProvinceCode, skip = 0): WarningRecord {
  const alerts = fed.dataset.warnings.filter((w) => w.province === province && w.messageType === 'ALERT' && !fed.dataset.bad.some((b) => b.record.sourceId === w.sourceId));
  return alerts[skip];
}

export const WARNING_CHANGES = `subscription Watch($filter: WarningChangeFilter, $after: ID) {
  warningChanges(filter: $filter, after: $after) { id kind at warning { id province level headline areas { adcode name } } }
}`;

/** Lets the gateway's first feed poll take its starting position before a change is made. */
export const settle = (ms = 600): Promise<void> => new Promise((r) => setTimeout(r, ms));
