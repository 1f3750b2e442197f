import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { Pool } from 'undici';
import { startFederation, type Federation } from '../support/federation';
import { mintToken } from '../support/tokens';
import { prng } from '../support/prng';

/**
 * Bounded fuzz runs against the real gateway on 127.0.0.1 (production mode, the whole
 * federation behind it): generated hostile or malformed requests must never crash the gateway,
 * never be answered 5xx or without a JSON body, never hang or cost out of proportion to a cheap
 * query, and leave the heap where it was.
 */

let fed: Federation;

interface Raw {
  status: number;
  body: unknown;
}

let pool: Pool;

/** undici's pool rather than fetch: the client shares the test's CPU with the gateway, and fetch costs several times more per request. */
async function send(body: string | Buffer, headers: Record<string, string> = {}, method = 'POST', search = ''): Promise<Raw> {
  const url = new URL(fed.url);
  const res = await pool.request({
    path: `${url.pathname}${search}`,
    method: method === 'POST' ? 'POST' : 'GET',
    headers: method === 'POST' ? { 'content-type': 'application/json', ...headers } : headers,
    ...(method === 'POST' ? { body } : {}),
  });
  const text = await res.body.text();
  try {
    return { status: res.statusCode, body: JSON.parse(text) as unknown };
  } catch {
    return { status: res.statusCode, body: null };
  }
}

const nested = (levels: number) => `{ divisionsAt(point: { lng: 121.1, lat: 31.1 }) { ${'parent { '.repeat(levels)}adcode${' }'.repeat(levels)} } }`;
const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: provinces { code }`).join(' ')} }`;

/** The heap after a full collection, in MB. */
function heapAfterGc(): number {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

interface FuzzCase {
  kind: string;
  body: string | Buffer;
  headers?: Record<string, string>;
  method?: string;
  search?: string;
}

function fuzzCase(random: () => number, validToken: string): FuzzCase {
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)];
  const json = (query: string, variables?: unknown) => JSON.stringify({ query, variables });
  switch (int(0, 13)) {
    case 0:
      return { kind: 'deep nesting', body: json(nested(int(16, 400))) };
    case 1:
      return { kind: 'alias bomb', body: json(aliases(int(31, 600))) };
    case 2:
      return { kind: 'huge first', body: json(`{ ${pick(['warnings', 'waybills', 'rescueBases', 'hazmatEnterprises', 'resourceView'])}(first: ${pick([501, 10_000, 2 ** 31 - 1, -1, -(2 ** 31)])}) { totalCount } }`) };
    case 3: {
      const bytes = Buffer.from(Array.from({ length: int(1, 400) }, () => int(0, 255)));
      return { kind: 'invalid JSON', body: pick([bytes, '{"query": "{ provinces { code } }"', '{"query": 42}', '[]', 'null', '{"query": "{ provinces { code } }", "variables": "x"}', '\u0000\u0000']) };
    }
    case 4:
      return { kind: 'wrong variable types', body: json('query($n: Int, $p: GeoPointInput!) { warnings(first: $n) { totalCount } divisionsAt(point: $p) { adcode } }', pick([{ n: 'abc', p: { lng: 1, lat: 2 } }, { n: 5, p: 'here' }, { n: 1.5, p: { lng: 'x', lat: null } }, { n: [1], p: { lng: 1 } }])) };
    case 5:
      return { kind: 'unknown fields', body: json(pick(['{ nope }', '{ warnings { edges { node { secret } } } }', '{ provinces { code password } }', 'mutation { dropEverything }', 'subscription { warnings }'])) };
    case 6: {
      const alphabet = '{}()[]:$@!.,"\\ abcdefghijklmnopqrstuvwxyz_0123456789\n#';
      return { kind: 'garbage query', body: json(Array.from({ length: int(1, 300) }, () => pick(alphabet.split(''))).join('')) };
    }
    case 7: {
      const levels = int(15, 60);
      const fragments = Array.from({ length: levels }, (_, i) => (i === levels - 1 ? `fragment F${i} on Query { provinces { code } }` : `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`));
      return { kind: 'fragment bomb', body: json(`query { ...F0 } ${fragments.join(' ')}`) };
    }
    case 8:
      return { kind: 'token flood', body: json(`{ ${'__typename '.repeat(int(2001, 20_000))}}`) };
    case 9:
      return { kind: 'bad token', body: json('{ provinces { code } }'), headers: { authorization: pick(['Bearer x.y.z', 'Bearer ', 'Basic YTpi', `Bearer ${validToken.slice(0, -3)}abc`, `Bearer ${'a'.repeat(9000)}`]) } };
    case 10:
      return { kind: 'GET without preflight', body: '', method: 'GET', search: `?query=${encodeURIComponent('{ provinces { code } }')}` };
    case 11:
      return { kind: 'bad arguments', body: json(pick(['{ divisionsAt(point: { lng: 1e308, lat: -1e308 }) { adcode } }', '{ warning(id: "SH:Warning:") { id } }', '{ hazmatEnterprise(creditCode: "") { name } }', '{ vehicle(plate: "") { plate } }', '{ rescueBases(filter: { near: { point: { lng: 121, lat: 31 }, radiusKm: 1e300 } }) { totalCount } }', '{ warnings(after: "eyJ4Ijp7fX0=") { totalCount } }'])) };
    case 12:
      return { kind: 'oversized body', body: int(0, 20) === 0 ? JSON.stringify({ query: '{ provinces { code } }', variables: { pad: 'y'.repeat(1_050_000) } }) : json('{ provinces { code } }', { pad: 'y'.repeat(int(1, 5000)) }) };
    default:
      // Mostly the region's cheap fields; now and then a fetch that fans out to the provinces.
      return {
        kind: 'valid',
        body: json(int(0, 9) === 0 ? pick(['{ warnings(first: 2) { totalCount edges { node { id level } } } }', '{ rescueBases(first: 1, filter: { provinces: [AH] }) { edges { node { name dutyPhone } } } }']) : pick(['{ provinces { code name } }', '{ zones { code } }', '{ division(adcode: "310118") { name } }'])),
        headers: int(0, 1) ? { authorization: `Bearer ${validToken}` } : {},
      };
  }
}

const CONCURRENCY = 16;

/**
 * What the time check is for: an input the gateway's limits let through to work that grows without
 * bound (a fragment or alias bomb expanded, a pathological parse or plan) or that never ends. In
 * the run, 16 requests at a time share the machine with the gateway, so a request's time there
 * says more about the load than about its input (a valid one took 6.7 s on a loaded CI machine).
 * The slowest requests of the run, and any over SUSPECT_MS, are therefore replayed one at a time,
 * each beside a cheap query timed in the same moment, and must cost at most COST_RATIO times it.
 */
const SUSPECT_MS = 5_000;
const SLOWEST_REPLAYED = CONCURRENCY;
const REPLAYED_AT_MOST = 40;
const COST_RATIO = 100;
/** Below this a replay passes whatever its ratio: timer and GC noise against a cheap query of a millisecond or two on an idle machine. */
const COST_FLOOR_MS = 500;
/** An answer this late is a hang (the slowest of CI's loaded runs took 6.7 s). */
const HANG_MS = 60_000;
const CHEAP_QUERY = JSON.stringify({ query: '{ provinces { code } }' });

interface Timed {
  index: number;
  ms: number;
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function timedSend(c: FuzzCase): Promise<number> {
  const t0 = performance.now();
  await send(c.body, c.headers, c.method ?? 'POST', c.search ?? '');
  return performance.now() - t0;
}

interface Replays {
  replayed: number;
  /** The replay with the highest ratio of its time to the cheap query's: its kind and that ratio. */
  worst: string;
  costly: string[];
}

/** Replays the run's suspects one at a time, alternating with a cheap query so that both are timed in the same moment; says which cost out of proportion. */
async function replayAlone(cases: readonly FuzzCase[], timed: readonly Timed[]): Promise<Replays> {
  const suspects = [...timed]
    .sort((a, b) => b.ms - a.ms)
    .filter((t, rank) => rank < SLOWEST_REPLAYED || t.ms > SUSPECT_MS)
    .slice(0, REPLAYED_AT_MOST);
  const cheap: FuzzCase = { kind: 'cheap query', body: CHEAP_QUERY };
  const costly: string[] = [];
  let worstRatio = 0;
  let worst = '';
  for (const { index, ms } of suspects) {
    const c = cases[index];
    const baseline: number[] = [];
    const alone: number[] = [];
    for (let i = 0; i < 3; i++) {
      baseline.push(await timedSend(cheap));
      alone.push(await timedSend(c));
    }
    // The least of three: a pathological input is slow each time, a moment of load only now and then.
    const cost = Math.min(...alone);
    const cheapMs = median(baseline);
    if (cost / cheapMs > worstRatio) {
      worstRatio = cost / cheapMs;
      worst = `${c.kind}: ${Math.round(cost)} ms, ${worstRatio.toFixed(1)} times ${cheapMs.toFixed(1)} ms`;
    }
    if (cost > Math.max(COST_RATIO * cheapMs, COST_FLOOR_MS)) {
      costly.push(`${c.kind} (#${index}): ${Math.round(ms)} ms in the run, ${Math.round(cost)} ms alone against ${Math.round(cheapMs)} ms for a cheap query`);
    }
  }
  return { replayed: suspects.length, worst, costly };
}

/**
 * One fuzz run of `total` requests generated from `seed`, against a federation of its own. The
 * suite runs four (fuzz-a … fuzz-d, 2,500 each: 10,000 requests together) so that each file stays
 * well under a minute on a shared 2-core machine, with room for a loaded one.
 */
export function describeFuzzRun(seed: number, total: number): void {
  const stackTraceLimit = Error.stackTraceLimit;
  beforeAll(async () => {
    // Under jest every Error's stack is source-mapped, which makes each rejected request cost
    // several times what it does in production; the gateway never sends or needs stacks.
    Error.stackTraceLimit = 0;
    fed = await startFederation({ gatewayEnv: { NODE_ENV: 'production' } });
    pool = new Pool(new URL(fed.url).origin, { connections: CONCURRENCY, pipelining: 1, headersTimeout: HANG_MS, bodyTimeout: HANG_MS });
  }, 120_000);
  afterAll(async () => {
    Error.stackTraceLimit = stackTraceLimit;
    await pool?.close();
    await fed?.close();
  });

  describe('a bounded fuzz run against the real gateway', () => {
    const TOTAL = Number(process.env.FUZZ_TOTAL ?? total);

    it(`${TOTAL} generated hostile or malformed requests: no crash, no 5xx, no hang, none costing over ${COST_RATIO} times a cheap query alone, memory stable`, async () => {
      const random = prng(seed);
      const validToken = await mintToken({ role: 'app', catalog: ['RESCUE_RESOURCES'] });
      const cases = Array.from({ length: TOTAL }, () => fuzzCase(random, validToken));
      const byKind = new Map<string, { count: number; statuses: Set<number>; totalMs: number }>();
      const latencies: number[] = [];
      const timed: Timed[] = [];
      const failures: string[] = [];
      for (const c of cases.slice(0, 200)) await send(c.body, c.headers, c.method ?? 'POST', c.search ?? '');
      const heapBefore = heapAfterGc();
      const rssBefore = process.memoryUsage().rss;
      const started = Date.now();
      let next = 0;
      let stopAt = Math.floor(cases.length / 2);
      const worker = async () => {
        while (next < stopAt) {
          const index = next++;
          const c = cases[index];
          const t0 = performance.now();
          try {
            const r = await send(c.body, c.headers, c.method ?? 'POST', c.search ?? '');
            const ms = performance.now() - t0;
            latencies.push(ms);
            timed.push({ index, ms });
            const entry = byKind.get(c.kind) ?? { count: 0, statuses: new Set<number>(), totalMs: 0 };
            entry.totalMs += ms;
            entry.count += 1;
            entry.statuses.add(r.status);
            byKind.set(c.kind, entry);
            if (r.status >= 500) failures.push(`${c.kind}: HTTP ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
            if (r.body === null) failures.push(`${c.kind}: HTTP ${r.status} without a JSON body`);
          } catch (e) {
            failures.push(`${c.kind}: ${(e as Error).message}`);
          }
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      const heapHalfway = heapAfterGc();
      stopAt = cases.length;
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      const seconds = (Date.now() - started) / 1000;
      const rssAfter = process.memoryUsage().rss;
      const heapAfter = heapAfterGc();
      const still = await send(CHEAP_QUERY);
      const replays = await replayAlone(cases, timed);
      latencies.sort((a, b) => a - b);
      const q = (p: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]);
      const figures = {
        requests: latencies.length,
        seconds,
        perSecond: Math.round(latencies.length / seconds),
        p50Ms: q(0.5),
        p99Ms: q(0.99),
        maxMs: Math.round(latencies[latencies.length - 1]),
        rssBeforeMb: Math.round(rssBefore / 2 ** 20),
        rssAfterMb: Math.round(rssAfter / 2 ** 20),
        heapBeforeMb: Math.round(heapBefore),
        heapHalfwayMb: Math.round(heapHalfway),
        heapAfterMb: Math.round(heapAfter),
        replayed: replays.replayed,
        worstReplay: replays.worst,
        kinds: Object.fromEntries([...byKind.entries()].sort().map(([k, v]) => [k, { count: v.count, statuses: [...v.statuses].sort(), meanMs: Math.round(v.totalMs / v.count) }])),
      };
      process.stdout.write(`fuzz figures: ${JSON.stringify(figures)}\n`);
      expect(failures.slice(0, 20)).toEqual([]);
      expect(replays.costly).toEqual([]);
      expect(latencies.length).toBe(TOTAL);
      expect(still.status).toBe(200);
      // Caches (documents, plans) fill in the first half; after that the heap must stay put.
      expect(heapAfter - heapHalfway).toBeLessThan(30);
    }, 300_000);
  });
}
