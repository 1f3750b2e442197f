import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import { AH_PAGE_SIZE } from '../../adapters/anhui/list-paging';
import { PROVINCE_CODES, type ProvinceCode } from '../../schema/model';
import { projectFile } from '../../schema/registry/project-file';
import type { SimCollection } from '../../simulators/common/store';
import { urlOf } from '../../test/support/child-ready';
import { listenSystems } from '../lib/listening-systems';
import { cpuMsOf } from '../lib/proc';
import { startProcess, waitForAnswer, type Started } from '../lib/processes';
import type { ResultTable } from '../lib/table';
import { PROVINCE_NODE_OPTIONS } from '../../subgraphs/province/node-options';

/**
 * Issue 27 at a synthetic scale, end to end: the four simulated systems serve a synthetic stream
 * (simulators/common/stream-store.ts) through their real HTTP APIs, and four province subgraph
 * processes (one per province, as deployed) sync it with their real adapters and share their
 * copies through a real Redis. Measured: the cold start to /ready beside Anhui's bound, a quiet
 * minute and a minute with 1 % of each collection's records changing (CPU of the province
 * processes, bytes sent to Redis), and replicas restarted on the same Redis to a complete first
 * page of waybills, with the legacy list calls they made.
 */

const COLLECTIONS: readonly SimCollection[] = ['warnings', 'enterprises', 'waybills', 'bases'];
const ANHUI_PER_SECOND = 5;
const STEP_MS = 2000;
const MINUTE_MS = 60_000;
const WAYBILLS_PAGE = '{ waybills(first: 50) { edges { node { id } } } }';

/** The systems' sign-in endpoints: calls that fetch no records. */
const SIGN_IN = /login|token|oauth/i;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface Replica {
  province: ProvinceCode;
  process: Started;
  url: string;
}

async function netInput(redis: Redis): Promise<number> {
  const stats = await redis.info('stats');
  return Number(/total_net_input_bytes:(\d+)/.exec(stats)?.[1] ?? NaN);
}

async function firstPage(url: string): Promise<number> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: WAYBILLS_PAGE }) });
  const body = (await res.json()) as { data?: { waybills?: { edges: unknown[] } } | null; errors?: unknown[] };
  return body.errors?.length ? -1 : (body.data?.waybills?.edges.length ?? -1);
}

export async function copyCostStream(options: { scale: number; dist?: string; /** The province processes' Redis command deadline (default theirs, 250 ms). */ redisCommandTimeoutMs?: number }): Promise<ResultTable> {
  const systems = await listenSystems({ streamScale: options.scale });
  const { sims } = systems;
  const { source: stream, stores } = systems.stream;
  const redis = new Redis(systems.redis.url);
  const replicas: Replica[] = [];
  try {
    const prefix = `copy-cost-stream-${randomUUID()}:`;
    const deadline: NodeJS.ProcessEnv = options.redisCommandTimeoutMs ? { REDIS_COMMAND_TIMEOUT_MS: String(options.redisCommandTimeoutMs) } : {};
    const start = async (province: ProvinceCode): Promise<Replica> => {
      const started = startProcess(process.execPath, [...PROVINCE_NODE_OPTIONS, '--max-old-space-size=6000', path.join(options.dist ?? projectFile('dist'), 'subgraphs/province/main.js')], {
        env: { ...systems.provinceEnv(province, prefix), ...deadline },
      });
      return { province, process: started, url: urlOf(await started.ready(120_000), province) };
    };
    const listCallsOf = (provinces: readonly ProvinceCode[]): number => provinces.reduce((n, p) => n + Object.entries(sims[p].calls.snapshot()).filter(([endpoint]) => !SIGN_IN.test(endpoint)).reduce((m, [, c]) => m + c, 0), 0);
    const untilFirstPage = async (r: Replica, began: number): Promise<number> => {
      await waitForAnswer(r.url.replace(/\/graphql$/, '/ready'), {}, 3 * 3600_000, 200);
      while ((await firstPage(r.url)) !== 50) await sleep(50);
      return Date.now() - began;
    };
    const startAll = async (): Promise<{ ms: Record<ProvinceCode, number>; listening: number; listCalls: number; calls: string }> => {
      for (const p of PROVINCE_CODES) sims[p].calls.reset();
      const began = Date.now();
      replicas.splice(0, replicas.length, ...(await Promise.all(PROVINCE_CODES.map(start))));
      const listening = Date.now() - began;
      const ms = {} as Record<ProvinceCode, number>;
      await Promise.all(replicas.map(async (r) => void (ms[r.province] = await untilFirstPage(r, began))));
      const calls = PROVINCE_CODES.map((p) => `${p} ${JSON.stringify(sims[p].calls.snapshot())}`).join('; ');
      return { ms, listening, listCalls: listCallsOf(PROVINCE_CODES), calls };
    };
    /** A rolling restart: one replica stopped and started again while the other three serve. */
    const restartOne = async (index: number): Promise<{ ms: number; listening: number; listCalls: number }> => {
      const { province } = replicas[index];
      await replicas[index].process.stop();
      sims[province].calls.reset();
      const began = Date.now();
      replicas[index] = await start(province);
      const listening = Date.now() - began;
      return { ms: await untilFirstPage(replicas[index], began), listening, listCalls: listCallsOf([province]) };
    };
    const cpuOf = (): Record<ProvinceCode, number> => Object.fromEntries(replicas.map((r) => [r.province, cpuMsOf(r.process.child.pid as number)])) as Record<ProvinceCode, number>;

    const load = os.loadavg()[0].toFixed(1);
    const cold = await startAll();
    await sleep(15_000);
    const minute = async (changeShare: number): Promise<{ cpuMs: number; perProvince: Record<ProvinceCode, number>; bytes: number; changed: number }> => {
      const cpu0 = cpuOf();
      const bytes0 = await netInput(redis);
      let changed = 0;
      const began = Date.now();
      for (let step = 0; step < MINUTE_MS / STEP_MS; step++) {
        if (changeShare > 0) {
          const steps = MINUTE_MS / STEP_MS;
          const share = (n: number, k: number): number => Math.floor((n * changeShare * k) / steps);
          for (const p of PROVINCE_CODES) for (const c of COLLECTIONS) changed += stores[p].touchSome(c, share(stream.count(c, p), step + 1) - share(stream.count(c, p), step), `${p}|${c}|${step}`).length;
        }
        await Promise.all(replicas.map((r) => firstPage(r.url)));
        await sleep(Math.max(0, began + (step + 1) * STEP_MS - Date.now()));
      }
      const cpu1 = cpuOf();
      const perProvince = Object.fromEntries(PROVINCE_CODES.map((p) => [p, cpu1[p] - cpu0[p]])) as Record<ProvinceCode, number>;
      return { cpuMs: PROVINCE_CODES.reduce((n, p) => n + perProvince[p], 0), perProvince, bytes: (await netInput(redis)) - bytes0, changed };
    };
    const quiet = await minute(0);
    const busy = await minute(0.01);
    const quietAgain = await minute(0);
    await Promise.all(replicas.map((r) => r.process.stop()));
    const restart = await startAll();
    const rolling = {} as Record<ProvinceCode, { ms: number; listening: number; listCalls: number }>;
    for (let i = 0; i < replicas.length; i++) rolling[replicas[i].province] = await restartOne(i);

    const records = PROVINCE_CODES.reduce((n, p) => n + COLLECTIONS.reduce((m, c) => m + stream.count(c, p), 0), 0);
    const ahPages = COLLECTIONS.reduce((n, c) => n + Math.ceil(stream.count(c, 'AH') / AH_PAGE_SIZE), 0);
    const kib = (b: number): string => (b / 1024).toFixed(1);
    const seconds = (ms: number): string => (ms / 1000).toFixed(1);
    return {
      name: `copy-cost-stream-${options.scale}${options.redisCommandTimeoutMs ? `-redis-deadline-${options.redisCommandTimeoutMs}` : ''}`,
      title: `The copies at SIM_SCALE ${options.scale} end to end: stream simulators over HTTP, four province subgraph processes, Redis`,
      columns: ['SIM_SCALE', 'records', 'cold start to ready, AH (others) s', "Anhui's cold-start bound s", 'quiet minute CPU ms', 'quiet minute KiB to Redis', 'quiet minute after the 1 %/min one: CPU ms, KiB to Redis', '1 %/min records changed', '1 %/min CPU ms', '1 %/min KiB to Redis', 'restart to complete first page s (slowest province)', 'legacy calls in the restart (sign-in excluded)', 'one replica restarted, the others serving: to complete first page s, slowest (each)', 'legacy calls in those restarts (sign-in excluded)'],
      rows: [
        [
          options.scale,
          records,
          `${seconds(cold.ms.AH)} (${PROVINCE_CODES.filter((p) => p !== 'AH').map((p) => `${p} ${seconds(cold.ms[p])}`).join(', ')})`,
          `${ahPages} pages / ${ANHUI_PER_SECOND} per s = ${(ahPages / ANHUI_PER_SECOND).toFixed(1)}`,
          quiet.cpuMs,
          kib(quiet.bytes),
          `${quietAgain.cpuMs}, ${kib(quietAgain.bytes)}`,
          busy.changed,
          busy.cpuMs,
          kib(busy.bytes),
          seconds(Math.max(...Object.values(restart.ms))),
          restart.listCalls,
          `${seconds(Math.max(...Object.values(rolling).map((r) => r.ms)))} (${PROVINCE_CODES.map((p) => `${p} ${seconds(rolling[p].ms)}`).join(', ')})`,
          Object.values(rolling).reduce((n, r) => n + r.listCalls, 0),
        ],
      ],
      notes: [
        `Redis command deadline of the province processes: ${options.redisCommandTimeoutMs ?? 'their default (250 ms)'}`,
        `load average ${load} (1 min) at the start, on a machine shared with other engineers: compare rows of one run, not absolute times`,
        'CPU: the four province subgraph processes together (/proc, user + system); one waybills first page (50) per province every 2 s, the copies re-synced at their default maximum ages (warnings 5 s, waybills 10 s, enterprises and bases 60 s)',
        "KiB to Redis: Redis's total_net_input_bytes over the minute, every command the processes send (writes, and the reads of leases and change logs)",
        '1 %/min: 1 % of every collection\'s records in every province changed over the minute in 30 steps (a record drawn twice changes once), through the simulators\' overlay',
        `restart: the processes listened after ${seconds(restart.listening)} s (module loading on a loaded machine); the calls the systems served from spawn to the last complete first page, by endpoint: ${restart.calls}`,
        `cold start: the processes listened after ${seconds(cold.listening)} s; quiet minute per process: ${(quiet.cpuMs / 4).toFixed(0)} ms of CPU (target 1,000) and ${kib(quiet.bytes / 4)} KiB to Redis (target 2,048)`,
        `CPU ms by process: quiet minute ${JSON.stringify(quiet.perProvince)} (it begins 15 s after the last first pull); 1 %/min ${JSON.stringify(busy.perProvince)}; quiet minute after it ${JSON.stringify(quietAgain.perProvince)}`,
        'restart: the four processes stopped (SIGTERM) and started again on the same Redis and key prefix: the time from spawning to /ready and a complete first page of waybills, and the list calls the systems served meanwhile (target 0)',
        `one replica restarted: each province's process in turn stopped (SIGTERM) and started again while the other three keep serving (a rolling restart), the time from spawning to /ready and a complete first page of waybills; the processes listened after ${PROVINCE_CODES.map((p) => `${p} ${seconds(rolling[p].listening)}`).join(', ')} s`,
        "Anhui's cold-start bound: its four collections' pages at its documented page size and rate, the least time a first pull can take; the other systems document no rate",
      ],
    };
  } finally {
    await Promise.all(replicas.map((r) => r.process.stop()));
    redis.disconnect();
    await systems.close();
  }
}
