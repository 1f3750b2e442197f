import { PROVINCE_CODES } from '../../schema/model';
import type { CanonicalDataset } from '../../simulators/dataset/types';
import { TEST_NOW } from '../../test/support/federation';
import { mintToken } from '../../test/support/tokens';
import { LEGACY_APIS, pagesOf, type Collection } from '../lib/legacy-api-model';
import { startProcessFederation } from '../lib/process-federation';
import { rssOf } from '../lib/proc';
import type { ResultTable } from '../lib/table';

/**
 * Scenario 4: the exchange platform's bulk pull. At SIM_SCALE (100 by default) it pulls
 * resourceView and every other connection to the end in pages of 500 through the federation as
 * deployed (each simulated system, subgraph and the gateway its own process), and reports
 * records/s, legacy calls against the minimum pages and the gateway's peak RSS.
 */

interface Pull {
  field: string;
  selection: string;
  /** The collection each page is drawn from, for the minimum pages. */
  collection: Collection;
  expected: (dataset: CanonicalDataset) => number;
}

const PULLS: Pull[] = [
  { field: 'warnings', selection: 'id province level headline issuedAt', collection: 'warnings', expected: (d) => d.warnings.length },
  { field: 'hazmatEnterprises', selection: 'creditCode province name', collection: 'enterprises', expected: (d) => d.enterprises.length },
  { field: 'waybills', selection: 'id province status departedAt', collection: 'waybills', expected: (d) => d.waybills.length },
  { field: 'rescueBases', selection: 'id province name', collection: 'bases', expected: (d) => d.bases.length },
  {
    field: 'resourceView',
    selection: 'key provinces totalMembers bases { id }',
    collection: 'bases',
    expected: (d) => new Set(d.bases.map((b) => b.creditCode ?? b.id)).size,
  },
];

interface Page {
  edges: { node: unknown }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  unavailableProvinces: string[];
}

async function pullToEnd(url: string, token: string, pull: Pull, first: number): Promise<{ records: number; pages: number; errors: Record<string, number>; unavailablePages: number }> {
  const query = `query Pull($first: Int!, $after: String) { ${pull.field}(first: $first, after: $after) { edges { node { ${pull.selection} } } pageInfo { hasNextPage endCursor } unavailableProvinces } }`;
  let after: string | null = null;
  let records = 0;
  let pages = 0;
  let unavailablePages = 0;
  const errors: Record<string, number> = {};
  for (;;) {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables: { first, after } }) });
    const body = (await res.json()) as { data?: Record<string, Page>; errors?: { extensions?: { code?: string } }[] };
    for (const e of body.errors ?? []) errors[e.extensions?.code ?? 'UNKNOWN'] = (errors[e.extensions?.code ?? 'UNKNOWN'] ?? 0) + 1;
    const page = body.data?.[pull.field];
    if (!page) throw new Error(`${pull.field} page ${pages + 1}: HTTP ${res.status} ${JSON.stringify(body.errors).slice(0, 300)}`);
    pages += 1;
    records += page.edges.length;
    if (page.unavailableProvinces.length > 0) unavailablePages += 1;
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
    if (pages > 100_000) throw new Error(`${pull.field}: no end`);
  }
  return { records, pages, errors, unavailablePages };
}

export async function bulkPull(options: { scale: number; first: number }): Promise<ResultTable> {
  const fed = await startProcessFederation({
    seed: 'test',
    now: TEST_NOW,
    scale: options.scale,
    simulatorProcesses: 'each',
    gatewayEnv: { NODE_ENV: 'production' },
  });
  const rows: (string | number)[][] = [];
  const notes: string[] = [];
  try {
    const pid = fed.gateway.child.pid as number;
    const token = await mintToken({ role: 'exchange', catalog: ['HAZMAT_DETAIL', 'VEHICLE_TRACK', 'RESCUE_RESOURCES', 'MUTUAL_AID'] });
    const idle = rssOf(pid);
    await fed.resetLegacyCalls();
    const refusedBefore = await fed.refusedForRateLimit();
    const start = process.hrtime.bigint();
    let totalRecords = 0;
    for (const pull of PULLS) {
      const t = process.hrtime.bigint();
      const result = await pullToEnd(fed.url, token, pull, options.first);
      const seconds = Number(process.hrtime.bigint() - t) / 1e9;
      totalRecords += result.records;
      const expected = pull.expected(fed.dataset);
      rows.push([pull.field, result.records, expected, result.pages, seconds.toFixed(1), (result.records / seconds).toFixed(0), result.unavailablePages, Object.entries(result.errors).map(([c, n]) => `${c} ${n}`).join(', ') || '–']);
      console.error(`[bulk-pull] ${pull.field}: ${result.records}/${expected} records in ${result.pages} pages, ${seconds.toFixed(1)} s`);
    }
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const peak = rssOf(pid);
    const calls = await fed.legacyCalls();
    const refusedAfter = await fed.refusedForRateLimit();
    const collections: Collection[] = ['warnings', 'enterprises', 'waybills', 'bases'];
    const callRows = PROVINCE_CODES.map((p) => {
      const listCalls = collections.reduce((n, c) => n + (calls[p][LEGACY_APIS[p].lists[c]] ?? 0), 0);
      const minimum = collections.reduce((n, c) => n + pagesOf(fed.dataset, p, c), 0);
      const all = Object.values(calls[p]).reduce((a, b) => a + b, 0);
      const refused = refusedAfter[p] - refusedBefore[p];
      const over = collections
        .map((c) => ({ c, extra: (calls[p][LEGACY_APIS[p].lists[c]] ?? 0) - pagesOf(fed.dataset, p, c) }))
        .filter((x) => x.extra !== 0)
        .map((x) => `${x.c} ${x.extra > 0 ? '+' : ''}${x.extra}`);
      return `${p}: ${listCalls} list calls for ${minimum} minimum pages (${all} calls in all${refused > 0 ? `, ${refused} refused for the rate limit and sent again` : ''}${over.length > 0 ? `; ${over.join(', ')}` : ''})`;
    });
    rows.push(['all', totalRecords, '', '', seconds.toFixed(1), (totalRecords / seconds).toFixed(0), '', '']);
    notes.push(
      `SIM_SCALE=${options.scale}, pages of ${options.first}, as role exchange with every catalog entry; every simulated system, subgraph and the gateway (1 worker) its own process.`,
      `Gateway RSS: ${idle.rssMb.toFixed(0)} MB idle before the pull, peak ${peak.peakMb.toFixed(0)} MB (VmHWM; target ≤ 300 MB: ${peak.peakMb <= 300 ? 'met' : 'NOT met'}).`,
      `Legacy calls against the minimum pages (every record of every collection once, at each system's largest page): ${callRows.join('; ')}. Pages pulled within a pull read one copy (no re-sync however long the pull takes). What can stand above the minimum: Anhui's pages after a record that changed mid-pull, read again by update time so that no record is skipped (none changes here), and calls refused for the rate limit and sent again.`,
      'Pages with unavailable provinces: a province still pulling its first copy past the shard deadline is reported unavailable and its records come on later pages (the composite cursor keeps its position).',
    );
  } finally {
    await fed.close();
  }
  return {
    name: 'bulk-pull',
    title: `The exchange platform's bulk pull (SIM_SCALE=${options.scale}, pages of ${options.first})`,
    columns: ['connection', 'records', 'expected', 'pages', 'seconds', 'records/s', 'pages with a province unavailable', 'errors by code'],
    rows,
    notes,
  };
}
