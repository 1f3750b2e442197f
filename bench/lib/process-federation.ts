import path from 'node:path';
import { PROVINCE_CODES, type ProvinceCode } from '../../schema/model';
import { projectFile } from '../../schema/registry/project-file';
import { loadDataset } from '../../simulators/dataset';
import type { CanonicalDataset } from '../../simulators/dataset/types';
import type { GraphQLAnswer } from '../../test/support/federation';
import { TEST_AUTH_ENV } from '../../test/support/tokens';
import { urlOf } from '../../test/support/child-ready';
import { startProcess, waitForGraphQL, type Started } from './processes';
import { PROVINCE_NODE_OPTIONS } from '../../subgraphs/province/node-options';
import { gatewayNodeArgs } from './gateway-node-args';

/**
 * The federation as it is deployed (docker-compose; `npm start` differs only in running the four
 * province subgraphs in one process): the simulated systems, each province subgraph, the region
 * subgraph and the gateway, every one its own process on a loopback port it picks itself (port 0;
 * each says where it listens, and its neighbours are started after it). The simulators are driven through their control API (/__sim/), and the data set
 * they serve is loaded here too, as the oracle.
 */

export interface ProcessFederationOptions {
  seed: string;
  now: Date;
  scale?: number;
  /** More environment for the gateway process (GATEWAY_PORT other than 0: a port picked for it, for builds that do not say where they listen). */
  gatewayEnv?: NodeJS.ProcessEnv;
  /** More environment for each province subgraph process (e.g. CACHE_TTL_WARNINGS_MS, its copy's maximum age). */
  provinceEnv?: NodeJS.ProcessEnv;
  /** The built project (default dist/). */
  dist?: string;
  /** Another build's dist/ for the gateway alone (e.g. a checkout before a change), the rest from `dist`. */
  gatewayDist?: string;
  /** Node options for the gateway process (e.g. --cpu-prof), after its build's own as deployed (bench/lib/gateway-node-args.ts). */
  gatewayNodeArgs?: string[];
  /** One process for the four simulated systems (default), or one each, as four separate systems would be. */
  simulatorProcesses?: 'one' | 'each';
}

export interface ProcessFederation {
  url: string;
  dataset: CanonicalDataset;
  /** The gateway's process. */
  gateway: Started;
  /** A simulated system's address (its control API is under /__sim/). */
  simUrl(province: ProvinceCode): string;
  query<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLAnswer<T>>;
  /** Every call of a province's system takes this long (fault injection). */
  setLatency(province: ProvinceCode, ms: number): Promise<void>;
  /** Calls each system served since the last reset, by endpoint. */
  legacyCalls(): Promise<Record<ProvinceCode, Record<string, number>>>;
  resetLegacyCalls(): Promise<void>;
  /** Calls each system refused for its rate limit since it started (Anhui's is the only one). */
  refusedForRateLimit(): Promise<Record<ProvinceCode, number>>;
  close(): Promise<void>;
}

async function post(url: string, body: unknown): Promise<Response> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status}`);
  return res;
}

export async function startProcessFederation(options: ProcessFederationOptions): Promise<ProcessFederation> {
  const scale = options.scale ?? 1;
  const dataset = loadDataset({ seed: options.seed, now: options.now, scale });
  const started: Started[] = [];
  const close = async (): Promise<void> => {
    await Promise.all(started.reverse().map((p) => p.stop()));
  };
  // Every process as the image runs it (NODE_ENV=production), not under the bench's environment (jest's `test`, or none).
  const node = (script: string, env: NodeJS.ProcessEnv, nodeArgs: string[] = [], dist = options.dist ?? projectFile('dist')): Started => {
    const p = startProcess(process.execPath, [...nodeArgs, path.join(dist, script)], { env: { LOG_LEVEL: 'warn', NODE_ENV: 'production', ...env } });
    started.push(p);
    return p;
  };
  try {
    const simEnv = {
      SIM_SEED: options.seed,
      SIM_NOW: options.now.toISOString(),
      SIM_SCALE: String(scale),
      SIM_ZJ_MAINTENANCE: 'off',
      ...Object.fromEntries(PROVINCE_CODES.map((p) => [`SIM_${p}_PORT`, '0'])),
      SIM_CR_PORT: '0',
    };
    const simulators = options.simulatorProcesses === 'each' ? PROVINCE_CODES.map((p) => node('simulators/main.js', { ...simEnv, SIM_PROVINCES: p })) : [node('simulators/main.js', simEnv)];
    const simUrls = Object.assign({}, ...(await Promise.all(simulators.map((s) => s.ready())))) as Record<string, string>;
    const simUrl = (p: ProvinceCode): string => urlOf(simUrls, p);
    const legacyEnv = Object.fromEntries(PROVINCE_CODES.map((p) => [`LEGACY_${p}_URL`, simUrl(p)]));
    const provinces = PROVINCE_CODES.map((p) => node('subgraphs/province/main.js', { ...TEST_AUTH_ENV, ...legacyEnv, PROVINCE: p, PORT: '0', CLOCK_NOW: options.now.toISOString(), ...options.provinceEnv }, [...PROVINCE_NODE_OPTIONS]));
    const region = node('subgraphs/region/main.js', { ...TEST_AUTH_ENV, REGION_PORT: '0' });
    const provinceUrls = Object.assign({}, ...(await Promise.all(provinces.map((s) => s.ready())))) as Record<string, string>;
    const regionUrl = urlOf(await region.ready(), 'region');
    const gateway = node('gateway/main.js', {
      ...TEST_AUTH_ENV,
      GATEWAY_PORT: '0',
      REGION_URL: regionUrl,
      ...Object.fromEntries(PROVINCE_CODES.map((p) => [`PROVINCE_${p}_URL`, urlOf(provinceUrls, p)])),
      ...options.gatewayEnv,
    }, gatewayNodeArgs(options.gatewayDist ?? options.dist ?? projectFile('dist'), options.gatewayNodeArgs), options.gatewayDist);
    // A build older than the ready message (schema/ready-message.ts) is given its port, and asked until it answers.
    const givenPort = options.gatewayEnv?.GATEWAY_PORT;
    const url = givenPort && givenPort !== '0' ? `http://127.0.0.1:${givenPort}/graphql` : urlOf(await gateway.ready(), 'gateway');
    await waitForGraphQL(url);
    return {
      url,
      dataset,
      gateway,
      simUrl,
      async query(query, variables, headers = {}) {
        const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
        return { status: res.status, ...((await res.json()) as Omit<GraphQLAnswer, 'status'>) } as GraphQLAnswer<never>;
      },
      async setLatency(province, ms) {
        await post(`${simUrl(province)}/__sim/faults`, { latencyMs: ms });
      },
      async legacyCalls() {
        const entries = await Promise.all(
          PROVINCE_CODES.map(async (p) => {
            const res = await fetch(`${simUrl(p)}/__sim/calls`);
            return [p, ((await res.json()) as { calls: Record<string, number> }).calls] as const;
          }),
        );
        return Object.fromEntries(entries) as Record<ProvinceCode, Record<string, number>>;
      },
      async resetLegacyCalls() {
        await Promise.all(PROVINCE_CODES.map((p) => post(`${simUrl(p)}/__sim/calls/reset`, {})));
      },
      async refusedForRateLimit() {
        const entries = await Promise.all(
          PROVINCE_CODES.map(async (p) => {
            const res = await fetch(`${simUrl(p)}/__sim/throttled`);
            const body = res.status === 200 ? ((await res.json().catch(() => null)) as { total?: unknown } | null) : null;
            return [p, typeof body?.total === 'number' ? body.total : 0] as const;
          }),
        );
        return Object.fromEntries(entries) as Record<ProvinceCode, number>;
      },
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}
