import { readFileSync } from 'node:fs';
import { PROVINCE_CODES, type ProvinceCode, type WarningRecord } from '../../schema/model';
import { CATALOG_ENTRIES } from '../../schema/sharing-catalog';
import { TEST_NOW } from '../../test/support/federation';
import { mintToken } from '../../test/support/tokens';
import { startProcessFederation, type ProcessFederation } from '../lib/process-federation';
import { percentile } from '../lib/stats';
import { Subscribers } from '../lib/subscribers';
import type { ResultTable } from '../lib/table';

/**
 * Subscriptions (issue 16), the federation as deployed (every piece its own process, loopback
 * only): a warning changed in Shanghai's simulated system, delivered to one subscriber and then to
 * many (SSE and WebSocket) on one gateway process. Latency runs from the change in the system to a
 * subscriber's payload, against the copy's maximum age + the system's latency + 50 ms; the spread
 * is each subscriber's arrival after the first one's; RSS is the gateway's; legacy calls are
 * counted at the simulators over the same idle window with one subscriber and with all. Several
 * builds (an earlier checkout's dist/ and this one's) are measured in one run, one after the
 * other, so that their rows compare on a machine whose load drifts.
 */

export interface SubscriptionFanOutOptions {
  sse: number;
  ws: number;
  /** Changes timed with one subscriber and with all. */
  samples: number;
  maxAgeMs: number;
  pollMs: number;
  latencyMs: number;
  /** The idle window over which legacy calls are counted. */
  callWindowMs: number;
  /** The builds measured one after the other in this run (default: this checkout's dist/ alone), e.g. before and after a change, or one build with its change feeds' maximum age (CHANGE_FEED_MAX_AGE_MS) unset and set. */
  builds?: Build[];
  /** Node options for the gateway process (e.g. --cpu-prof). */
  gatewayNodeArgs?: string[];
  progress?: (line: string) => void;
}

export interface Build {
  label: string;
  dist?: string;
  /** The provinces' CHANGE_FEED_MAX_AGE_MS; unset: the copy's maximum age. */
  feedMaxAgeMs?: number;
}

const QUERY = 'subscription { warningChanges(filter: { provinces: [SH] }) { id kind warning { id headline } } }';

function keyOf(data: unknown): string | null {
  const change = (data as { warningChanges?: { warning?: { id: string; headline: string } } } | null)?.warningChanges;
  return change?.warning ? `${change.warning.id}|${change.warning.headline}` : null;
}

function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:')) ?? 'VmRSS: 0 kB';
  return Math.round(Number(line.replace(/\D+/g, '')) / 1024);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Calls by "<province> <endpoint>". */
async function callsByEndpoint(fed: ProcessFederation): Promise<Map<string, number>> {
  const calls = await fed.legacyCalls();
  return new Map(PROVINCE_CODES.flatMap((p: ProvinceCode) => Object.entries(calls[p]).map(([endpoint, n]) => [`${p} ${endpoint}`, n] as const)));
}

interface BuildFigures {
  label: string;
  single: number[];
  many: { latencies: number[]; spread: number[]; first: number[]; missed: number };
  rss: { before: number; subscribed: number; after: number };
  errors: number;
  errorSamples: string[];
  callsOne: Map<string, number>;
  callsAll: Map<string, number>;
}

async function measureBuild(o: SubscriptionFanOutOptions, build: Build): Promise<BuildFigures> {
  const progress = o.progress ?? console.error;
  const fed = await startProcessFederation({
    seed: 'test',
    now: TEST_NOW,
    dist: build.dist,
    gatewayNodeArgs: o.gatewayNodeArgs,
    gatewayEnv: { SUBSCRIPTION_POLL_MS: String(o.pollMs), SUBSCRIPTIONS_PER_CALLER: String(o.sse + o.ws + 10), GATEWAY_HOST: '127.0.0.1' },
    provinceEnv: { CACHE_TTL_WARNINGS_MS: String(o.maxAgeMs), ...(build.feedMaxAgeMs ? { CHANGE_FEED_MAX_AGE_MS: String(build.feedMaxAgeMs) } : {}) },
  });
  const all = new Subscribers(fed.url, QUERY, `Bearer ${await mintToken({ sub: 'bench-all', role: 'exchange', catalog: [...CATALOG_ENTRIES] })}`, keyOf);
  const one = new Subscribers(fed.url, QUERY, `Bearer ${await mintToken({ sub: 'bench-one', role: 'exchange', catalog: [...CATALOG_ENTRIES] })}`, keyOf);
  const say = (line: string) => progress(`[subscription-fan-out ${build.label}] ${line}`);
  try {
    await fed.setLatency('SH', o.latencyMs);
    await fed.query('{ warnings(first: 1) { totalCount } }');
    const alerts = fed.dataset.warnings.filter((w) => w.province === 'SH' && w.messageType === 'ALERT' && !fed.dataset.bad.some((b) => b.record.sourceId === w.sourceId));
    const target = alerts[0] as WarningRecord;
    let n = 0;
    /** Changes the warning, waits for `subs` to receive it; each subscriber's latency and the spread after the first arrival. */
    const change = async (subs: Subscribers, waitMs: number): Promise<{ latencies: number[]; spread: number[]; first: number; missed: number }> => {
      n += 1;
      const headline = `${target.headline} (bench ${n})`;
      // A random phase against the copy's re-syncs, as a change in a real system has.
      await sleep(Math.random() * o.maxAgeMs);
      const t0 = Date.now();
      const res = await fetch(`${fed.simUrl('SH')}/__sim/touch`, { method: 'POST', body: JSON.stringify({ collection: 'warnings', sourceId: target.sourceId, patch: { headline } }) });
      if (res.status !== 200) throw new Error(`touch: HTTP ${res.status}`);
      const key = `${target.id}|${headline}`;
      await subs.waitForAll(key, waitMs);
      const arrived = subs.arrivalsOf(key).filter((t): t is number => t !== undefined);
      const first = Math.min(...arrived);
      return { latencies: arrived.map((t) => t - t0), spread: arrived.map((t) => t - first), first: first - t0, missed: subs.size - arrived.length };
    };
    const waitMs = o.maxAgeMs * 2 + 10_000;

    await one.openWs(1);
    await sleep(o.pollMs * 3);
    await fed.resetLegacyCalls();
    await sleep(o.callWindowMs);
    const callsOne = await callsByEndpoint(fed);
    const rssBefore = rssMb(fed.gateway.child.pid as number);
    const single: number[] = [];
    for (let i = 0; i < o.samples; i++) {
      single.push(...(await change(one, waitMs)).latencies);
      say(`1 subscriber, change ${i + 1}: ${single[single.length - 1]} ms`);
    }

    say(`opening ${o.sse} SSE and ${o.ws} WebSocket subscribers`);
    await all.openSse(o.sse);
    await all.openWs(o.ws);
    await sleep(Math.max(2000, o.pollMs * 3));
    const rssSubscribed = rssMb(fed.gateway.child.pid as number);
    await fed.resetLegacyCalls();
    await sleep(o.callWindowMs);
    const callsAll = await callsByEndpoint(fed);
    const many = { latencies: [] as number[], spread: [] as number[], first: [] as number[], missed: 0 };
    for (let i = 0; i < o.samples; i++) {
      const r = await change(all, waitMs);
      many.latencies.push(...r.latencies);
      many.spread.push(...r.spread);
      many.first.push(r.first);
      many.missed += r.missed;
      say(`${all.size} subscribers, change ${i + 1}: p99 ${percentile(r.latencies, 99)} ms, missed ${r.missed}`);
    }
    const rssAfter = rssMb(fed.gateway.child.pid as number);
    return { label: build.label, single, many, rss: { before: rssBefore, subscribed: rssSubscribed, after: rssAfter }, errors: all.errors, errorSamples: all.errorSamples, callsOne, callsAll };
  } finally {
    one.close();
    all.close();
    await fed.close();
  }
}

export async function subscriptionFanOut(o: SubscriptionFanOutOptions): Promise<ResultTable[]> {
  const figures: BuildFigures[] = [];
  const builds = o.builds ?? [{ label: 'this build' }];
  for (const build of builds) figures.push(await measureBuild(o, build));
  const total = o.sse + o.ws;
  const limit = o.maxAgeMs + o.latencyMs + 50;
  const within = (ms: number, max: number) => (ms <= max ? 'yes' : 'no');
  const shared = 'Taken on a shared machine (2 cores, other engineers\' builds and tests running): compare rows of one run, not runs.';
  const latency: ResultTable = {
    name: 'subscription-latency',
    title: 'Subscriptions: change in a simulated system to delivery',
    columns: ['build', 'subscribers', 'payloads timed', 'p50 ms', 'p99 ms', 'limit ms', 'p99 within limit'],
    rows: figures.flatMap((f) => [
      [f.label, 1, f.single.length, percentile(f.single, 50), percentile(f.single, 99), limit, within(percentile(f.single, 99), limit)],
      [f.label, total, f.many.latencies.length, percentile(f.many.latencies, 50), percentile(f.many.latencies, 99), limit, within(percentile(f.many.latencies, 99), limit)],
    ]),
    notes: [
      `Warnings' copy maximum age ${o.maxAgeMs} ms, Shanghai's system answering in ${o.latencyMs} ms, the gateway asking the feeds every ${o.pollMs} ms; limit = maximum age + latency + 50 ms.`,
      ...builds.filter((b) => b.feedMaxAgeMs).map((b) => `${b.label}: the change feeds read the copy at most ${b.feedMaxAgeMs} ms old (CHANGE_FEED_MAX_AGE_MS), so a change waits 0-${b.feedMaxAgeMs} ms for its re-sync instead of 0-${o.maxAgeMs} ms; its legacy calls are in the last table.`),
      `${o.samples} changes per row, each at a random phase against the copy's re-syncs; ${total} subscribers: ${o.sse} SSE and ${o.ws} WebSocket, in one client process that reads them at the protocol level (bench/lib/protocol-readers.ts; its own event loop is part of the figure).`,
      ...(figures.length > 1 ? [`Builds measured one after the other in this run: ${figures.map((f) => f.label).join(', ')}.`] : []),
      shared,
    ],
  };
  const fanOut: ResultTable = {
    name: 'subscription-latency',
    title: `Subscriptions: one event to ${total} subscribers on one gateway process`,
    columns: ['build', 'subscribers', 'missed', 'first arrival p50 ms', 'first arrival max ms', 'spread p50 ms', 'spread p99 ms', 'spread max ms', 'gateway RSS before MB', 'subscribed MB', 'after events MB', 'growth MB', 'growth within 300 MB'],
    rows: figures.map((f) => {
      const growth = f.rss.after - f.rss.before;
      return [f.label, total, f.many.missed, percentile(f.many.first, 50), Math.max(0, ...f.many.first), percentile(f.many.spread, 50), percentile(f.many.spread, 99), Math.max(0, ...f.many.spread), f.rss.before, f.rss.subscribed, f.rss.after, growth, within(growth, 300)];
    }),
    notes: ['First arrival: from the change in the system to the first subscriber\'s payload (the copy\'s re-sync wait, the system\'s latency, the feed poll, the bus and the key query), per change. Spread: each subscriber\'s arrival after the first subscriber\'s, over every change (the fan-out); targets p99 ≤ 1000 ms and growth ≤ 300 MB.', `Subscriptions that failed to open: ${figures.map((f) => `${f.label} ${f.errors}`).join(', ')}; missed counts their payloads.`,
      ...figures.filter((f) => f.errorSamples.length > 0).map((f) => `${f.label}, first errors: ${[...new Set(f.errorSamples)].join('; ')}.`),
      shared,
    ],
  };
  const keys = [...new Set(figures.flatMap((f) => [...f.callsOne.keys(), ...f.callsAll.keys()]))].sort();
  const calls: ResultTable = {
    name: 'subscription-latency',
    title: 'Subscriptions: legacy calls over an idle window, counted at the simulators',
    columns: ['build', 'province and endpoint', '1 subscriber', `${total} subscribers`],
    rows: figures.flatMap((f) => keys.map((k) => [f.label, k, f.callsOne.get(k) ?? 0, f.callsAll.get(k) ?? 0])),
    notes: [
      `Window ${o.callWindowMs} ms with nothing changed: what the shared background pulls cost (incremental pulls every maximum age, or every CHANGE_FEED_MAX_AGE_MS where set, and whatever reconciliation of the copies, every 60 s for warnings, falls in the window).`,
    ],
  };
  return [latency, fanOut, calls];
}
