import { PROVINCE_CODES, type ProvinceCode } from '../../schema/model';
import { startFederation, type Federation } from '../support/federation';
import { expectedWarnings } from '../support/oracle';

/**
 * A pull reads one copy: the pages after the first of a connection are served from the province
 * copy the first page came from (or a newer one), even once it is older than its maximum age, for
 * as long as the pull window allows. So the exchange platform's long pulls cost each system its
 * pages once, and a record changed during a pull does not move under it; the next pull sees it.
 */

const MAX_AGE_MS = 400;
const WINDOW_MS = 20_000;
const PAGE = 4;
const QUERY = `query Pull($first: Int!, $after: String) {
  warnings(first: $first, after: $after) { edges { node { id headline } } pageInfo { hasNextPage endCursor } }
}`;

interface Page {
  edges: { node: { id: string; headline: string } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

function listCalls(fed: Federation): number {
  const calls = fed.legacyCalls();
  return PROVINCE_CODES.reduce((n, p: ProvinceCode) => n + Object.entries(calls[p]).filter(([endpoint]) => !/token|login/.test(endpoint)).reduce((a, [, c]) => a + c, 0), 0);
}

async function page(fed: Federation, after: string | null): Promise<Page> {
  const answer = await fed.query<{ warnings: Page }>(QUERY, { first: PAGE, after }, { 'cache-control': 'no-cache' });
  if (!answer.data) throw new Error(JSON.stringify(answer.errors));
  return answer.data.warnings;
}

/** The pages after `from` to the connection's end (all of them when `from` is null). */
async function pagesAfter(fed: Federation, from: Page | null): Promise<Page[]> {
  const pages: Page[] = [];
  let current = from;
  while (current === null || current.pageInfo.hasNextPage) {
    current = await page(fed, current?.pageInfo.endCursor ?? null);
    pages.push(current);
  }
  return pages;
}

describe('a pull reads one copy', () => {
  let fed: Federation;
  beforeEach(async () => {
    fed = await startFederation({ replicaMaxAgeMs: { warnings: MAX_AGE_MS }, replicaPullWindowMs: WINDOW_MS });
  }, 60_000);
  afterEach(() => fed.close());

  it('asks no system again for the pages after the first, though each is asked for past the maximum age, and misses or repeats nothing', async () => {
    const first = await page(fed, null);
    fed.resetLegacyCalls();
    const ids = first.edges.map((e) => e.node.id);
    let current = first;
    let pages = 1;
    while (current.pageInfo.hasNextPage && pages < 5) {
      await new Promise((r) => setTimeout(r, MAX_AGE_MS + 50));
      current = await page(fed, current.pageInfo.endCursor);
      ids.push(...current.edges.map((e) => e.node.id));
      pages += 1;
    }
    expect(pages).toBe(5);
    expect(listCalls(fed)).toBe(0);
    for (const rest of await pagesAfter(fed, current)) ids.push(...rest.edges.map((e) => e.node.id));
    expect(ids).toEqual(expectedWarnings(fed.dataset).map((w) => w.id));

    await new Promise((r) => setTimeout(r, MAX_AGE_MS + 50));
    await page(fed, null);
    expect(listCalls(fed)).toBe(PROVINCE_CODES.length);
  }, 30_000);

  it('does not move a record changed during the pull under it; the next pull sees the change', async () => {
    const first = await page(fed, null);
    const later = expectedWarnings(fed.dataset).slice(PAGE * 3).find((w) => w.province === 'SH');
    if (!later) throw new Error('no Shanghai warning past the third page');
    const touched = await fetch(`${fed.sims.SH.url}/__sim/touch`, { method: 'POST', body: JSON.stringify({ collection: 'warnings', sourceId: later.sourceId, patch: { headline: 'changed during the pull' } }) });
    expect(touched.status).toBe(200);
    await new Promise((r) => setTimeout(r, MAX_AGE_MS + 50));
    const seen = new Map(first.edges.map((e) => [e.node.id, e.node.headline]));
    for (const rest of await pagesAfter(fed, first)) for (const e of rest.edges) seen.set(e.node.id, e.node.headline);
    expect(seen.get(later.id)).toBe(later.headline);

    const next = new Map<string, string>();
    for (const again of await pagesAfter(fed, null)) for (const e of again.edges) next.set(e.node.id, e.node.headline);
    expect(next.get(later.id)).toBe('changed during the pull');
  }, 30_000);
});

describe('a pull that outlasts the pull window', () => {
  const SHORT_WINDOW_MS = 1500;
  let fed: Federation;
  beforeAll(async () => {
    fed = await startFederation({ replicaMaxAgeMs: { warnings: MAX_AGE_MS }, replicaPullWindowMs: SHORT_WINDOW_MS });
  }, 60_000);
  afterAll(() => fed.close());

  it('re-syncs a page after the first once the copy is older than the pull window, and still misses nothing', async () => {
    const first = await page(fed, null);
    fed.resetLegacyCalls();
    await new Promise((r) => setTimeout(r, SHORT_WINDOW_MS + 100));
    const second = await page(fed, first.pageInfo.endCursor);
    expect(listCalls(fed)).toBe(PROVINCE_CODES.length);
    expect(second.edges.map((e) => e.node.id)).toEqual(expectedWarnings(fed.dataset).slice(PAGE, 2 * PAGE).map((w) => w.id));
  }, 30_000);
});
