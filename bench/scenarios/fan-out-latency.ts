import { PROVINCE_CODES, type ProvinceCode } from '../../schema/model';
import type { CanonicalDataset } from '../../simulators/dataset/types';
import { TEST_NOW, startFederation, type Federation } from '../../test/support/federation';
import { unexpectedErrors } from '../../test/support/oracle';
import { legacyLimit, minimumCalls, type CallCounts, type QueryNeeds } from '../lib/legacy-api-model';
import { startProcessFederation, type ProcessFederation } from '../lib/process-federation';
import { percentile } from '../lib/stats';
import type { ResultTable } from '../lib/table';

/**
 * Scenario 1: one cross-region query (warnings, rescue bases near a point, cross-province waybills
 * with their destination enterprises held by other provinces) against simulators with fixed
 * latencies, cold (a fresh federation in this process: code compiled, every replica empty) and
 * warm (the federation as deployed, every piece its own process, with the gateway's response cache
 * and without it).
 * The limit is the slowest chain of legacy calls the query needs, from the systems' APIs
 * (bench/lib/legacy-api-model.ts).
 *
 * Scenario 2 reads the legacy calls of the same runs, per province and endpoint, against the
 * minimum the systems' APIs allow.
 */

export const LATENCY_MS: Readonly<Record<ProvinceCode, number>> = { SH: 40, JS: 80, ZJ: 120, AH: 160 };

export const CROSS_REGION_QUERY = `query CrossRegion($point: GeoPointInput!, $radiusKm: Float!) {
  warnings(first: 20) { totalCount edges { node { id province level headline } } }
  rescueBases(filter: { near: { point: $point, radiusKm: $radiusKm } }, first: 10) { totalCount edges { node { id province name } } }
  waybills(filter: { crossProvince: true }, first: 20) {
    totalCount
    edges { node { id province destination { creditCode enterprise { id province name } } } }
  }
}`;

/** Near Huzhou, where the four provinces' rescue bases meet. */
export const CROSS_REGION_VARIABLES = { point: { lng: 120.09, lat: 30.89 }, radiusKm: 150 };

interface Sample {
  ms: number;
  calls: Record<ProvinceCode, CallCounts>;
  needs: QueryNeeds;
}

interface CrossRegionAnswer {
  waybills: { edges: { node: { province: ProvinceCode; destination: { creditCode: string | null } } }[] };
}

/**
 * Every province's warnings, bases and waybills; then, once a waybill answered names a destination's
 * credit code, every province's enterprises: the gateway's index of which province holds which
 * code learns from all their copies (the holder answers from the copy that load synced).
 */
function needsOf(answer: CrossRegionAnswer): QueryNeeds {
  const hops = new Map<string, QueryNeeds['hops'][number]>();
  for (const { node } of answer.waybills.edges) {
    if (!node.destination.creditCode) continue;
    for (const to of PROVINCE_CODES) hops.set(`${node.province}>${to}`, { from: node.province, after: 'waybills', to, pull: 'enterprises' });
  }
  return { everywhere: ['warnings', 'bases', 'waybills'], hops: [...hops.values()] };
}

export interface FanOutOptions {
  coldSamples: number;
  warmSamples: number;
  /** Uncounted runs of the query before the warm samples (the processes compile their code). */
  warmUp: number;
  /** The built project the warm samples run (default dist/). */
  dist?: string;
  /** Where progress lines go (stderr by default). */
  progress?: (line: string) => void;
}

export interface FanOutResults {
  latency: ResultTable;
  legacyCalls: ResultTable;
}

/** What a sample needs of a federation, in one process or as deployed. */
interface Measured {
  dataset: CanonicalDataset;
  query: ProcessFederation['query'];
  legacyCalls(): Promise<Record<ProvinceCode, CallCounts>>;
  resetLegacyCalls(): Promise<void>;
}

function inOneProcess(fed: Federation): Measured {
  return { dataset: fed.dataset, query: (q, v, h) => fed.query(q, v, h), legacyCalls: async () => fed.legacyCalls(), resetLegacyCalls: async () => fed.resetLegacyCalls() };
}

async function timedQuery(fed: Measured): Promise<Sample> {
  await fed.resetLegacyCalls();
  const start = process.hrtime.bigint();
  const answer = await fed.query(CROSS_REGION_QUERY, CROSS_REGION_VARIABLES);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const unexpected = unexpectedErrors(fed.dataset, answer.errors);
  if (answer.status !== 200 || !answer.data || unexpected.length > 0) {
    throw new Error(`the cross-region query failed: HTTP ${answer.status} ${JSON.stringify(unexpected).slice(0, 400)}`);
  }
  return { ms, calls: await fed.legacyCalls(), needs: needsOf(answer.data as unknown as CrossRegionAnswer) };
}

/** Cold: a fresh federation in this process, so that its code is compiled but every cache is empty. */
async function coldSample(): Promise<{ sample: Sample; dataset: CanonicalDataset }> {
  const fed = await startFederation();
  try {
    for (const p of PROVINCE_CODES) fed.sims[p].faults.set({ latencyMs: LATENCY_MS[p] });
    return { sample: await timedQuery(inOneProcess(fed)), dataset: fed.dataset };
  } finally {
    await fed.close();
  }
}

/** Warm: the federation as deployed, every piece its own process, after `warmUp` runs of the query. */
async function warmSamples(options: FanOutOptions, gatewayEnv: NodeJS.ProcessEnv): Promise<Sample[]> {
  const fed = await startProcessFederation({ seed: 'test', now: TEST_NOW, gatewayEnv, dist: options.dist });
  try {
    for (const p of PROVINCE_CODES) await fed.setLatency(p, LATENCY_MS[p]);
    for (let i = 0; i < options.warmUp; i++) await timedQuery(fed);
    const taken: Sample[] = [];
    for (let i = 0; i < options.warmSamples; i++) taken.push(await timedQuery(fed));
    return taken;
  } finally {
    await fed.close();
  }
}

export async function fanOutLatency(options: FanOutOptions): Promise<FanOutResults> {
  const progress = options.progress ?? console.error;
  // The first federation in this process pays for loading and compiling the code; a gateway in
  // service has long done that, so this run is not counted.
  await coldSample();
  const cold: Sample[] = [];
  let dataset: CanonicalDataset | null = null;
  for (let i = 0; i < options.coldSamples; i++) {
    const taken = await coldSample();
    cold.push(taken.sample);
    dataset = taken.dataset;
    progress(`[fan-out-latency] cold sample ${i + 1}: ${taken.sample.ms.toFixed(0)} ms`);
  }
  const warm = await warmSamples(options, {});
  const pipeline = await warmSamples(options, { RESPONSE_CACHE_MAX_MB: '0' });
  progress(`[fan-out-latency] warm p50 ${percentile(warm.map((s) => s.ms), 50).toFixed(1)} ms, without the response cache ${percentile(pipeline.map((s) => s.ms), 50).toFixed(1)} ms`);
  if (!dataset) throw new Error('no sample taken');
  const needs = cold[cold.length - 1].needs;
  const limit = legacyLimit(dataset, LATENCY_MS, needs);
  const coldP50 = percentile(cold.map((s) => s.ms), 50);
  const warmRow = (label: string, samples: Sample[], target: string, limitMs: number | null): (string | number)[] => {
    const ms = samples.map((s) => s.ms);
    const p50 = percentile(ms, 50);
    return [label, samples.length, p50.toFixed(1), percentile(ms, 90).toFixed(1), Math.max(...ms).toFixed(1), '–', '–', target, limitMs === null ? '–' : p50 <= limitMs ? 'yes' : 'no'];
  };
  const latency: ResultTable = {
    name: 'fan-out-latency',
    title: 'Fan-out latency of a cross-region query against the limit (SH 40 ms, JS 80 ms, ZJ 120 ms, AH 160 ms per legacy call)',
    columns: ['cache', 'samples', 'p50 ms', 'p90 ms', 'max ms', 'limit ms', 'p50 / limit', 'target', 'met'],
    rows: [
      ['cold', cold.length, coldP50.toFixed(0), percentile(cold.map((s) => s.ms), 90).toFixed(0), Math.max(...cold.map((s) => s.ms)).toFixed(0), limit.ms.toFixed(0), (coldP50 / limit.ms).toFixed(2), '≤ 1.15 × limit', coldP50 <= 1.15 * limit.ms ? 'yes' : 'no'],
      warmRow('warm', warm, '≤ 5 ms', 5),
      warmRow('warm, response cache off', pipeline, '(the pipeline itself)', null),
    ],
    notes: [
      `The query: warnings(first: 20), rescueBases near (${CROSS_REGION_VARIABLES.point.lng}, ${CROSS_REGION_VARIABLES.point.lat}) within ${CROSS_REGION_VARIABLES.radiusKm} km, waybills(crossProvince) with destination { enterprise } resolved in the province the gateway's credit-code index names (the registering province when it holds the code).`,
      `Limit: ${limit.explanation}`,
      'Cold: a fresh federation (simulators, subgraphs with empty replicas, gateway) per sample, all in this process over 127.0.0.1 HTTP, after one uncounted federation that loads and compiles the code: warm code, cold caches.',
      `Warm: the federation as deployed (simulators, each subgraph and the gateway its own process), the same query ${options.warmUp} times uncounted, then ${options.warmSamples} samples one after another; replicas re-sync when older than their maximum age (warnings 5 s), as in service. "Response cache off": the gateway with RESPONSE_CACHE_MAX_MB=0, every query executed through the subgraphs.`,
      'Every answer checked (no errors but the data set\'s known bad records).',
    ],
  };
  const legacyCalls = legacyCallsTable(dataset, needs, cold[cold.length - 1].calls, warm);
  return { latency, legacyCalls };
}

function legacyCallsTable(dataset: CanonicalDataset, needs: QueryNeeds, coldCalls: Record<ProvinceCode, CallCounts>, warm: Sample[]): ResultTable {
  const minimum = minimumCalls(dataset, needs);
  const rows: (string | number)[][] = [];
  let allMet = true;
  for (const p of PROVINCE_CODES) {
    const endpoints = new Set([...Object.keys(coldCalls[p]), ...Object.keys(minimum[p])]);
    for (const endpoint of [...endpoints].sort()) {
      const observed = coldCalls[p][endpoint] ?? 0;
      const min = minimum[p][endpoint] ?? 0;
      if (observed !== min) allMet = false;
      rows.push([p, endpoint, observed, min, observed === min ? '=' : observed > min ? `+${observed - min}` : `${observed - min}`]);
    }
  }
  const warmCalls = warm.map((s) => PROVINCE_CODES.reduce((n, p) => n + Object.values(s.calls[p]).reduce((a, b) => a + b, 0), 0));
  return {
    name: 'legacy-calls',
    title: 'Legacy calls per query against the minimum the systems\' APIs allow (the cross-region query, cold)',
    columns: ['province', 'endpoint', 'calls', 'minimum', 'difference'],
    rows,
    notes: [
      `Exactly the minimum on every endpoint: ${allMet ? 'yes' : 'no'}.`,
      `Warm: ${warmCalls.reduce((a, b) => a + b, 0)} legacy calls in ${warm.length} queries, made by ${warmCalls.filter((n) => n > 0).length} of them (a copy older than its maximum age re-syncs what changed: one call per list).`,
      'Minimum: a token or login where the system needs one, and the pages of each list the query needs at the system\'s largest page size; see bench/lib/legacy-api-model.ts.',
    ],
  };
}
