import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import { createClient as createSseClient, type Client as SseClient } from 'graphql-sse';
import WebSocket from 'ws';
import type { ExecutionResult } from 'graphql';
import { startFederation, type Federation, type FederationOptions } from '../../support/federation';
import { PROVINCE_CODES, type ProvinceCode, type WarningRecord } from '../../../schema/model';
import { CHANGE_FEED_PATH, ENTERED_FEED_PATH, WAYBILL_FEED_PATH } from '../../../schema/push/feed';
import type { FeedPollOutcome } from '../../../gateway/subscriptions/feed-metrics';
import { metricSum } from '../../support/metric-sum';
import { untilOrAfter } from '../../support/until';

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

/** A fixed sleep: a guess at how long the gateway takes to subscribe; `feedMark(…).positionsTaken` waits for it instead. */
export const settle = (ms = 600): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A fixed time in which nothing more may arrive, for the assertions that nothing does. */
export const quietPeriod = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Lets `ms` of real time pass, when the time itself is the point (a window of counted calls, an expiry to reach). */
export const elapse = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Resolves once `check` holds, or after `ms` (the assertions after it then say what is missing). */
export function waitFor(check: () => boolean, ms = 20_000): Promise<void> {
  return untilOrAfter(check, ms, 25);
}

/** Waits for the simulated systems' clock to begin another second: they stamp updated times in whole seconds, so a change after it is a new version. */
export async function nextSecond(fed: Federation): Promise<void> {
  const second = Math.floor(fed.simClock.now().getTime() / 1000);
  while (Math.floor(fed.simClock.now().getTime() / 1000) === second) await new Promise((r) => setTimeout(r, 10));
}

/** The feeds a warningChanges stream watches. */
export const WARNING_FEEDS = [CHANGE_FEED_PATH] as const;
/** The feeds a hazmatTransportEvents stream watches (its status changes and its border crossings). */
export const TRIP_FEEDS = [WAYBILL_FEED_PATH, ENTERED_FEED_PATH] as const;
/** The feed of the trips' status changes (DEPARTED_TOWARD, ARRIVED, CANCELLED), of the province whose system holds the waybill. */
export const TRIP_STATUS_FEED = [WAYBILL_FEED_PATH] as const;
/** The feed of the border crossings (ENTERED), of the province entered. */
export const CROSSING_FEED = [ENTERED_FEED_PATH] as const;

/** Long enough that only a hang reaches it. */
const METRICS_CAP_MS = 30_000;

const watches = (text: string, feed: string): number => metricSum(text, 'gateway_subscription_feed_watches_total', { feed });
const polls = (text: string, feed: string, province: ProvinceCode, outcomes: readonly FeedPollOutcome[]): number =>
  outcomes.reduce((n, outcome) => n + metricSum(text, 'gateway_subscription_feed_polls_total', { feed, province, outcome }), 0);
/** The asks that left the poller at a position: the page was read (the legacy system behind it may have failed). */
const POSITIONED: readonly FeedPollOutcome[] = ['ok', 'unavailable'];

const metricsOf = async (gateway: { url: string }): Promise<string> => (await fetch(new URL('/metrics', gateway.url))).text();

/** Reads the gateway's /metrics until `reached` holds of them (answering that text); throws when `ended` names a reason to stop, or at a cap only a hang reaches. */
async function metricsUntil(gateway: { url: string }, what: string, reached: (text: string) => boolean, ended: () => string | null = () => null): Promise<string> {
  for (const deadline = Date.now() + METRICS_CAP_MS; ; await new Promise((r) => setTimeout(r, 20))) {
    const reason = ended();
    if (reason !== null) throw new Error(`${reason} before ${what}`);
    const text = await metricsOf(gateway);
    if (reached(text)) return text;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${METRICS_CAP_MS} ms; the gateway's feed metrics:\n${text.split('\n').filter((l) => l.startsWith('gateway_subscription_feed_')).join('\n')}`);
  }
}

function endOf(r: Received): string | null {
  if (r.completed) return 'a subscription completed';
  if (r.error === null) return null;
  const e = r.error as { code?: number; reason?: string; message?: string } | { message?: string }[];
  const said = Array.isArray(e) ? e.map((x) => x.message).join('; ') : (e.reason ?? e.message ?? String(e.code));
  return `a subscription failed (${said})`;
}

/** The gateway's change-feed counters (its /metrics) read before a test subscribes: see `positionsTaken`. */
export interface FeedMark {
  /**
   * Resolves once the gateway watches `feeds` for `opened` more streams than at the mark (the
   * subscriptions made since: their streams listen to the bus) and every province's feed was then
   * asked again by a loop serving them: each poller stands at a position of its own, so a change
   * made from now on reaches the subscriptions. Only `provinces`' feeds are waited for (default all):
   * a test that changes nothing elsewhere need not wait on a province whose feed is slow or failing.
   * Throws if one of them ends first, or at a cap that only a hang reaches.
   */
  positionsTaken(opened: readonly Received[] | number, feeds?: readonly string[], provinces?: readonly ProvinceCode[]): Promise<void>;
}

export async function feedMark(gateway: { url: string }): Promise<FeedMark> {
  const before = await metricsOf(gateway);
  return {
    async positionsTaken(opened, feeds = WARNING_FEEDS, provinces = PROVINCE_CODES) {
      const streams = typeof opened === 'number' ? [] : opened;
      const count = typeof opened === 'number' ? opened : opened.length;
      const ended = () => streams.map(endOf).find((reason) => reason !== null) ?? null;
      const watching = await metricsUntil(gateway, `the gateway watching ${feeds.join(', ')} for ${count} more streams`, (now) => feeds.every((f) => watches(now, f) >= watches(before, f) + count), ended);
      await metricsUntil(
        gateway,
        `${provinces.join(', ')}'s ${feeds.join(', ')} asked again`,
        (now) => feeds.every((f) => provinces.every((p) => polls(now, f, p, POSITIONED) > polls(watching, f, p, POSITIONED))),
        ended,
      );
    },
  };
}

/** Resolves once at most `n` streams watch each of `feeds` at the gateway (the others ended there, their slots released). */
export async function watchersAtMost(gateway: { url: string }, n: number, feeds: readonly string[] = WARNING_FEEDS): Promise<void> {
  await metricsUntil(gateway, `at most ${n} streams watching ${feeds.join(', ')}`, (text) => feeds.every((feed) => metricSum(text, 'gateway_subscription_feed_watchers', { feed }) <= n));
}

/** The gateway's count of asks of the province's feed that ended with `outcome`, now; `again()` resolves once it has risen. */
export async function pollOutcomeMark(gateway: { url: string }, province: ProvinceCode, outcome: FeedPollOutcome, feed: string = CHANGE_FEED_PATH): Promise<{ again(): Promise<void> }> {
  const before = polls(await metricsOf(gateway), feed, province, [outcome]);
  return {
    async again() {
      await metricsUntil(gateway, `an ask of ${province}'s ${feed} ending ${outcome}`, (text) => polls(text, feed, province, [outcome]) > before);
    },
  };
}
