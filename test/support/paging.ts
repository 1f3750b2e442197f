import type { Federation, GraphQLAnswer } from './federation';

interface Page<N> {
  edges: { cursor: string; node: N }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
  unavailableProvinces: string[];
}

/**
 * Pulls a connection to its end in pages of `first`, failing on any GraphQL error but the
 * LEGACY_DATA_INVALID reports of records left out; returns every node in the order received, the
 * totalCount of each page and the records reported invalid ("<province>:<source id>").
 */
export async function pullAll<N>(fed: Federation, field: string, selection: string, args: { first: number; filter?: unknown; extra?: string; argTypes?: string }): Promise<{ nodes: N[]; totals: number[]; pages: number; invalid: Set<string>; invalidPerPage: number[] }> {
  const nodes: N[] = [];
  const invalid = new Set<string>();
  const invalidPerPage: number[] = [];
  const totals: number[] = [];
  let after: string | null = null;
  let pages = 0;
  const filterArg = args.filter !== undefined ? `, filter: $filter` : '';
  const filterVar = args.filter !== undefined ? `, $filter: ${args.argTypes ?? 'JSON'}` : '';
  const query = `query Pull($first: Int!, $after: String${filterVar}) {
    ${field}(first: $first, after: $after${filterArg}${args.extra ?? ''}) {
      edges { cursor node { ${selection} } }
      pageInfo { hasNextPage endCursor }
      totalCount
      unavailableProvinces
    }
  }`;
  for (;;) {
    const answer: GraphQLAnswer<Record<string, Page<N>>> = await fed.query<Record<string, Page<N>>>(query, { first: args.first, after, filter: args.filter });
    const unexpected = (answer.errors ?? []).filter((e) => e.extensions?.code !== 'LEGACY_DATA_INVALID');
    if (unexpected.length) throw new Error(`${field} page ${pages + 1}: ${JSON.stringify(unexpected)}`);
    invalidPerPage.push((answer.errors ?? []).length);
    for (const e of answer.errors ?? []) invalid.add(`${String(e.extensions?.province)}:${String(e.extensions?.sourceId)}`);
    const page: Page<N> = (answer.data as Record<string, Page<N>>)[field];
    pages += 1;
    totals.push(page.totalCount);
    for (const e of page.edges) nodes.push(e.node);
    if (page.edges.length > args.first) throw new Error(`${field}: page of ${page.edges.length} for first ${args.first}`);
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
    if (pages > 10_000) throw new Error(`${field}: no end after ${pages} pages`);
  }
  return { nodes, totals, pages, invalid, invalidPerPage };
}
