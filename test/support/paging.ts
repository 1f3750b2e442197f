import type { Federation, GraphQLAnswer } from './federation';

interface Page<N> {
  edges: { cursor: string; node: N }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
  unavailableProvinces: string[];
  invalidRecords: { source: string; sourceId: string; reason: string }[];
}

/**
 * Pulls a connection to its end in pages of `first`, failing on any GraphQL error (records left out
 * are listed in invalidRecords, not in errors); returns every node in the order received, the
 * totalCount of each page, the records listed invalid ("<source>:<source id>") and how many each
 * page listed.
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
      invalidRecords { source sourceId reason }
    }
  }`;
  for (;;) {
    const answer: GraphQLAnswer<Record<string, Page<N>>> = await fed.query<Record<string, Page<N>>>(query, { first: args.first, after, filter: args.filter });
    if (answer.errors) throw new Error(`${field} page ${pages + 1}: ${JSON.stringify(answer.errors)}`);
    const page: Page<N> = (answer.data as Record<string, Page<N>>)[field];
    invalidPerPage.push(page.invalidRecords.length);
    for (const r of page.invalidRecords) invalid.add(`${r.source}:${r.sourceId}`);
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
