import type { ProvinceCode } from '../../../schema/model';
import type { MaxAges } from '../../../subgraphs/province/province-data';
import { RECONCILE_OFF } from '../../../subgraphs/province/reconcile-config';
import { startProvinceSubgraph, type RunningProvinceSubgraph } from '../../../subgraphs/province/server';
import { DATASET_NOW, DatasetAdapter, testDataset } from '../../fixtures/dataset-adapter';
import { ManualClock } from '../../support/manual-clock';
import { EVERY_ENTRY, bearer, testVerifier } from '../../support/tokens';

export interface Answer<T = Record<string, unknown>> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  extensions?: { legacyCalls?: Record<string, number> } & Record<string, unknown>;
}

export { ManualClock };

export interface Harness {
  adapter: DatasetAdapter;
  clock: ManualClock;
  subgraph: RunningProvinceSubgraph;
  /** As a caller holding every catalog entry unless other headers are given ({} for anonymous). */
  query<T = Record<string, never>>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<Answer<T>>;
  close(): Promise<void>;
}

/** One province subgraph over the data set's adapter, on an ephemeral port, at the data set's now. */
export async function startHarness(province: ProvinceCode, maxAgeMs?: Partial<MaxAges>, more: { changeFeedMaxAgeMs?: number } = {}): Promise<Harness> {
  const clock = new ManualClock(DATASET_NOW);
  let adapter: DatasetAdapter | null = null;
  const subgraph = await startProvinceSubgraph({
    province,
    clock,
    port: 0,
    maxAgeMs,
    ...more,
    reconcile: RECONCILE_OFF,
    auth: testVerifier(),
    adapter: (http) => (adapter = new DatasetAdapter(province, testDataset(), http)),
  });
  return {
    adapter: adapter as unknown as DatasetAdapter,
    clock,
    subgraph,
    async query<T>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<Answer<T>> {
      const auth = headers ?? (await bearer(EVERY_ENTRY));
      const res = await fetch(subgraph.url, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify({ query, variables }) });
      return (await res.json()) as Answer<T>;
    },
    close: () => subgraph.close(),
  };
}

export interface PageOf<N> {
  edges: { cursor: string; node: N; distanceKm?: number | null }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
  unavailableProvinces: string[];
}

/** Pulls a connection to its end in pages of `size`, following endCursor. */
export async function pullAll<N>(
  h: Harness,
  field: string,
  selection: string,
  args: Record<string, unknown>,
  argTypes: string,
  size = 7,
): Promise<{ nodes: N[]; edges: PageOf<N>['edges']; pages: number; totalCount: number; errors: NonNullable<Answer['errors']> }> {
  const nodes: N[] = [];
  const edges: PageOf<N>['edges'] = [];
  const errors: NonNullable<Answer['errors']> = [];
  let after: string | null = null;
  let pages = 0;
  let totalCount = -1;
  const argList = Object.keys(args).map((k) => `${k}: $${k}`);
  const query = `query Q(${[argTypes, '$first: Int', '$after: String'].filter(Boolean).join(', ')}) {
    c: ${field}(${[...argList, 'first: $first', 'after: $after'].join(', ')}) {
      edges { cursor ${field === 'hazmatEnterprises' || field === 'rescueBases' ? 'distanceKm' : ''} node { ${selection} } }
      pageInfo { hasNextPage endCursor } totalCount unavailableProvinces
    } }`;
  for (;;) {
    const answer: Answer<{ c: PageOf<N> }> = await h.query<{ c: PageOf<N> }>(query, { ...args, first: size, after });
    errors.push(...(answer.errors ?? []));
    const page = answer.data?.c;
    if (!page) throw new Error(`no page: ${JSON.stringify(answer.errors)}`);
    pages += 1;
    totalCount = page.totalCount;
    expect(page.edges.length).toBeLessThanOrEqual(size);
    edges.push(...page.edges);
    nodes.push(...page.edges.map((e) => e.node));
    if (!page.pageInfo.hasNextPage) break;
    expect(page.edges.length).toBe(size);
    after = page.pageInfo.endCursor;
  }
  return { nodes, edges, pages, totalCount, errors };
}
