import { PROVINCE_CODES, type ProvinceCode } from '../../schema/model';
import { startFederation, type Federation } from '../../test/support/federation';
import { unexpectedErrors } from '../../test/support/oracle';
import { legacyLimit, minimumCalls, type CallCounts, type QueryNeeds } from '../lib/legacy-api-model';
import { percentile } from '../lib/stats';
import type { ResultTable } from '../lib/table';

/**
 * Scenario 1: one cross-region query (warnings, rescue bases near a point, cross-province waybills
 * with their destination enterprises held by other provinces) against simulators with fixed
 * latencies, cold (a fresh federation: every replica empty) and warm (the same federation again).
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
const VARIABLES = { point: { lng: 120.09, lat: 30.89 }, radiusKm: 150 };

interface Sample {
  ms: number;
  calls: Record<ProvinceCode, CallCounts>;
  needs: QueryNeeds;
}

interface CrossRegionAnswer {
  waybills: { edges: { node: { province: ProvinceCode; destination: { creditCode: string | null } } }[] };
}

const AUTHORITY: Readonly<Record<string, ProvinceCode>> = { '31': 'SH', '32': 'JS', '33': 'ZJ', '34': 'AH' };

/** Every province's warnings, bases and waybills; then, per waybill answered, the enterprises of the province that registered its destination. */
function needsOf(answer: CrossRegionAnswer): QueryNeeds {
  const hops = new Map<string, QueryNeeds['hops'][number]>();
  for (const { node } of answer.waybills.edges) {
    const to = node.destination.creditCode ? AUTHORITY[node.destination.creditCode.slice(2, 4)] : undefined;
    if (to) hops.set(`${node.province}>${to}`, { from: node.province, after: 'waybills', to, pull: 'enterprises' });
  }
  return { everywhere: ['warnings', 'bases', 'waybills'], hops: [...hops.values()] };
}

export interface FanOutOptions {
  coldSamples: number;
  warmSamples: number;
  /** Where progress lines go (stderr by default). */
  progress?: (line: string) => void;
}

export interface FanOutResults {
  latency: ResultTable;
  legacyCalls: ResultTable;
}

async function timedQuery(fed: Federation): Promise<Sample> {
  fed.resetLegacyCalls();
  const start = process.hrtime.bigint();
  const answer = await fed.query(CROSS_REGION_QUERY, VARIABLES);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const unexpected = unexpectedErrors(fed.dataset, answer.errors);
  if (answer.status !== 200 || !answer.data || unexpected.length > 0) {
    throw new Error(`the cross-region query failed: HTTP ${answer.status} ${JSON.stringify(unexpected).slice(0, 400)}`);
  }
  return { ms, calls: fed.legacyCalls(), needs: needsOf(answer.data as unknown as CrossRegionAnswer) };
}

async function withLatencies<T>(run: (fed: Federation) => Promise<T>): Promise<T> {
  const fed = await startFederation();
  try {
    for (const p of PROVINCE_CODES) fed.sims[p].faults.set({ latencyMs: LATENCY_MS[p] });
    return await run(fed);
  } finally {
    await fed.close();
  }
}

export async function fanOutLatency(options: FanOutOptions): Promise<FanOutResults> {
  const cold: Sample[] = [];
  const warm: Sample[] = [];
  let dataset: Federation['dataset'] | null = null;
  // The first federation in this process pays for loading and compiling the code; a gateway in
  // service has long done that, so this run is not counted.
  await withLatencies(async (fed) => void (await timedQuery(fed)));
  for (let i = 0; i < options.coldSamples; i++) {
    await withLatencies(async (fed) => {
      dataset = fed.dataset;
      cold.push(await timedQuery(fed));
      if (i === options.coldSamples - 1) {
        for (let j = 0; j < options.warmSamples; j++) warm.push(await timedQuery(fed));
      }
    });
    (options.progress ?? console.error)(`[fan-out-latency] cold sample ${i + 1}: ${cold[cold.length - 1].ms.toFixed(0)} ms`);
  }
  if (!dataset) throw new Error('no sample taken');
  const needs = cold[cold.length - 1].needs;
  const limit = legacyLimit(dataset, LATENCY_MS, needs);
  const coldP50 = percentile(cold.map((s) => s.ms), 50);
  const warmP50 = percentile(warm.map((s) => s.ms), 50);
  const latency: ResultTable = {
    name: 'fan-out-latency',
    title: 'Fan-out latency of a cross-region query against the limit (SH 40 ms, JS 80 ms, ZJ 120 ms, AH 160 ms per legacy call)',
    columns: ['cache', 'samples', 'p50 ms', 'p90 ms', 'max ms', 'limit ms', 'p50 / limit', 'target', 'met'],
    rows: [
      ['cold', cold.length, coldP50.toFixed(0), percentile(cold.map((s) => s.ms), 90).toFixed(0), Math.max(...cold.map((s) => s.ms)).toFixed(0), limit.ms.toFixed(0), (coldP50 / limit.ms).toFixed(2), '≤ 1.15 × limit', coldP50 <= 1.15 * limit.ms ? 'yes' : 'no'],
      ['warm', warm.length, warmP50.toFixed(1), percentile(warm.map((s) => s.ms), 90).toFixed(1), Math.max(...warm.map((s) => s.ms)).toFixed(1), '–', '–', '≤ 5 ms', warmP50 <= 5 ? 'yes' : 'no'],
    ],
    notes: [
      `The query: warnings(first: 20), rescueBases near (${VARIABLES.point.lng}, ${VARIABLES.point.lat}) within ${VARIABLES.radiusKm} km, waybills(crossProvince) with destination { enterprise } resolved in the enterprise's own province.`,
      `Limit: ${limit.explanation}`,
      'Cold: a fresh federation (simulators, subgraphs with empty replicas, gateway) per sample, after one uncounted run that loads and compiles the code; warm: the same query again on the last one, replicas within their maximum age.',
      'Measured in-process over 127.0.0.1 HTTP; every answer checked (no errors but the data set\'s known bad records).',
    ],
  };
  const legacyCalls = legacyCallsTable(dataset, needs, cold[cold.length - 1].calls, warm);
  return { latency, legacyCalls };
}

function legacyCallsTable(dataset: Federation['dataset'], needs: QueryNeeds, coldCalls: Record<ProvinceCode, CallCounts>, warm: Sample[]): ResultTable {
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
      `Warm (the same query again within the replicas' maximum age): ${warmCalls.join(', ')} legacy calls per query (minimum 0).`,
      'Minimum: a token or login where the system needs one, and the pages of each list the query needs at the system\'s largest page size; see bench/lib/legacy-api-model.ts.',
    ],
  };
}
