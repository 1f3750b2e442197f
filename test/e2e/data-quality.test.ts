import { ApolloClient, HttpLink, InMemoryCache, gql } from '@apollo/client/core';
import { PROVINCE_CODES, type ProvinceCode } from '../../schema/model';
import { startFederation, type Federation } from '../support/federation';
import { expectedBases, expectedEnterprises, expectedInvalid, expectedOrganisations, expectedQuality, expectedWarnings, expectedWaybills, type QualityCollection } from '../support/oracle';

/**
 * Data quality without noise (issue 24), end to end through the real gateway: an app written with
 * Apollo Client's defaults (errorPolicy "none": any GraphQL error fails the query) gets the data of
 * every connection; the records a province cannot map arrive in invalidRecords on the first page,
 * a record asked for by key that cannot be mapped is still an error, and dataQuality counts them.
 */

let fed: Federation;
let client: ApolloClient;
beforeAll(async () => {
  fed = await startFederation();
  client = new ApolloClient({ link: new HttpLink({ uri: fed.url }), cache: new InMemoryCache() });
}, 60_000);
afterAll(async () => {
  await client?.stop();
  await fed?.close();
});

interface InvalidRecord {
  source: string;
  sourceId: string;
  reason: string;
}
interface Page {
  edges: { node: { id?: string; key?: string } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  invalidRecords: InvalidRecord[];
}

interface ConnectionCase {
  field: string;
  filterType?: string;
  node: string;
  collection: QualityCollection;
  expected: (provinces?: ProvinceCode[]) => string[];
}

const CONNECTIONS: ConnectionCase[] = [
  { field: 'warnings', filterType: 'WarningFilter', node: 'id province', collection: 'warnings', expected: (p) => expectedWarnings(fed.dataset, p).map((w) => w.id) },
  { field: 'hazmatEnterprises', filterType: 'EnterpriseFilter', node: 'id creditCode', collection: 'enterprises', expected: (p) => expectedEnterprises(fed.dataset, p).map((e) => e.id) },
  { field: 'waybills', filterType: 'WaybillFilter', node: 'id status', collection: 'waybills', expected: (p) => expectedWaybills(fed.dataset, p).map((w) => w.id) },
  { field: 'rescueBases', filterType: 'RescueBaseFilter', node: 'id name', collection: 'bases', expected: (p) => expectedBases(fed.dataset, p).map((b) => b.id) },
  { field: 'resourceView', node: 'key provinces', collection: 'bases', expected: () => expectedOrganisations(fed.dataset).map((o) => o.key) },
];

/** Pulls a connection to its end with Apollo Client (default options); each page as received. */
async function pullWithApolloClient(c: ConnectionCase, first: number, provinces?: ProvinceCode[]): Promise<Page[]> {
  const filter = provinces ? { provinces } : undefined;
  const query = gql(`query Pull($first: Int!, $after: String${c.filterType ? `, $filter: ${c.filterType}` : ''}) {
    ${c.field}(first: $first, after: $after${c.filterType ? ', filter: $filter' : ''}) {
      edges { cursor node { ${c.node} } }
      pageInfo { hasNextPage endCursor }
      totalCount
      unavailableProvinces
      invalidRecords { source sourceId reason }
    }
  }`);
  const pages: Page[] = [];
  let after: string | null = null;
  for (;;) {
    const result: ApolloClient.QueryResult<Record<string, Page>> = await client.query<Record<string, Page>>({ query, variables: { first, after, filter } });
    expect(result.error).toBeUndefined();
    const page: Page = (result.data as Record<string, Page>)[c.field];
    pages.push(page);
    if (!page.pageInfo.hasNextPage) return pages;
    after = page.pageInfo.endCursor;
    if (pages.length > 100) throw new Error(`${c.field}: no end`);
  }
}

const keyOf = (r: InvalidRecord): string => `${r.source}:${r.sourceId}`;
const provinceOrder = (records: readonly InvalidRecord[]): number[] => records.map((r) => PROVINCE_CODES.indexOf(r.source as ProvinceCode));

/** The value of every series of a metric in a Prometheus text exposition, by its label text. */
function series(text: string, name: string): Map<string, number> {
  const found = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    found.set(line.slice(name.length + 1, line.lastIndexOf('}')), Number(line.slice(line.lastIndexOf(' ') + 1)));
  }
  return found;
}

async function metricsText(graphqlUrl: string): Promise<string> {
  return (await fetch(graphqlUrl.replace(/\/graphql$/, '/metrics'))).text();
}

describe('an app with Apollo Client defaults gets every connection of the contract without a GraphQL error', () => {
  const asked: { provinces?: ProvinceCode[] }[] = [{}, { provinces: ['JS', 'AH'] }, { provinces: ['ZJ'] }];
  const cases = CONNECTIONS.flatMap((c) => (c.filterType ? asked : [{}]).map((a) => ({ ...c, ...a, name: `${c.field}${a.provinces ? ` of ${a.provinces.join(', ')}` : ''}` })));

  it.each(cases)('$name: every record once; the first page lists the unmappable records of the provinces asked, later pages none', async (c) => {
    const pages = await pullWithApolloClient(c, Math.ceil(c.expected(c.provinces).length / 3), c.provinces);
    expect(pages.length).toBeGreaterThan(1);
    expect(pages.flatMap((p) => p.edges.map((e) => e.node.id ?? e.node.key))).toEqual(c.expected(c.provinces));
    const [firstPage, ...later] = pages;
    expect(new Set(firstPage.invalidRecords.map(keyOf))).toEqual(expectedInvalid(fed.dataset, c.collection, c.provinces));
    expect(firstPage.invalidRecords).toHaveLength(expectedInvalid(fed.dataset, c.collection, c.provinces).size);
    expect(provinceOrder(firstPage.invalidRecords)).toEqual([...provinceOrder(firstPage.invalidRecords)].sort((a, b) => a - b));
    for (const r of firstPage.invalidRecords) expect(r.reason).not.toBe('');
    expect(later.map((p) => p.invalidRecords)).toEqual(later.map(() => []));
  });

  it('a run of healthy queries leaves the gateway error metrics at zero', async () => {
    const before = await metricsText(fed.url);
    const healthy = gql(`query Healthy($first: Int!) {
      warnings(first: $first) { edges { node { id headline active } } totalCount invalidRecords { sourceId } }
      hazmatEnterprises(first: $first) { edges { node { creditCode name } } invalidRecords { sourceId } }
      waybills(first: $first) { edges { node { id number } } invalidRecords { sourceId } }
      rescueBases(first: $first) { edges { node { id teams { id } } } invalidRecords { sourceId } }
      resourceView(first: $first) { edges { node { key } } invalidRecords { sourceId } }
      dataQuality { source collection invalid }
    }`);
    // Different pages each time, so that every one is executed rather than answered by the response cache.
    for (let i = 0; i < 5; i++) {
      const result = await client.query({ query: healthy, variables: { first: 20 + i } });
      expect(result.error).toBeUndefined();
    }
    const after = await metricsText(fed.url);
    for (const text of [before, after]) {
      expect([...series(text, 'gateway_graphql_errors_total').values()].filter((v) => v > 0)).toEqual([]);
      expect([...series(text, 'gateway_graphql_requests_total')].filter(([labels, v]) => labels.includes('outcome="error"') && v > 0)).toEqual([]);
    }
    expect(series(after, 'gateway_graphql_requests_total').get('operation="Healthy",outcome="ok"')).toBe(5);
  });
});

describe('a record asked for by key that cannot be mapped still answers null with LEGACY_DATA_INVALID at its path', () => {
  const TYPE_OF: Record<QualityCollection, { type: string; field: string }> = {
    warnings: { type: 'Warning', field: 'warning' },
    waybills: { type: 'Waybill', field: 'waybill' },
    bases: { type: 'RescueBase', field: 'rescueBase' },
    enterprises: { type: 'HazmatEnterprise', field: 'node' },
  };
  const broken = (): { province: ProvinceCode; collection: QualityCollection; sourceId: string; id: string }[] =>
    PROVINCE_CODES.flatMap((province) =>
      (Object.keys(TYPE_OF) as QualityCollection[]).flatMap((collection) => {
        const bad = fed.dataset.bad.find((b) => b.province === province && b.collection === collection);
        return bad ? [{ province, collection, sourceId: bad.record.sourceId, id: `${province}:${TYPE_OF[collection].type}:${bad.record.sourceId}` }] : [];
      }),
    );

  it('node(id) and warning / waybill / rescueBase(id), in every province', async () => {
    const records = broken();
    expect(records.length).toBeGreaterThanOrEqual(PROVINCE_CODES.length * 3);
    for (const r of records) {
      const { field } = TYPE_OF[r.collection];
      for (const asked of new Set([field, 'node'])) {
        const answer = await fed.query<Record<string, unknown>>(`query($id: ID!) { k: ${asked}(id: $id) { id } }`, { id: r.id });
        expect({ id: r.id, asked, data: answer.data, errors: answer.errors?.map((e) => ({ path: e.path, extensions: e.extensions })) }).toEqual({
          id: r.id,
          asked,
          data: { k: null },
          errors: [{ path: ['k'], extensions: { code: 'LEGACY_DATA_INVALID', province: r.province, sourceId: r.sourceId, reason: expect.any(String) } }],
        });
      }
    }
  });

  it('hazmatEnterprise(creditCode) of an enterprise its system holds broken (its credit code readable)', async () => {
    const enterprises = fed.dataset.bad.flatMap((b) => (b.collection === 'enterprises' && b.defect !== 'INVALID_CREDIT_CODE' ? [b] : []));
    expect(enterprises.length).toBeGreaterThanOrEqual(PROVINCE_CODES.length);
    for (const b of enterprises) {
      const answer = await fed.query<Record<string, unknown>>('query($code: ID!) { k: hazmatEnterprise(creditCode: $code) { id } }', { code: b.record.creditCode });
      expect({ code: b.record.creditCode, data: answer.data, errors: answer.errors?.map((e) => ({ path: e.path, extensions: e.extensions })) }).toEqual({
        code: b.record.creditCode,
        data: { k: null },
        errors: [{ path: ['k'], extensions: { code: 'LEGACY_DATA_INVALID', province: b.province, sourceId: b.record.sourceId, reason: expect.any(String) } }],
      });
    }
  });

  it('an entity reference (_entities) answers null at its index with the error there, the good ones still answered', async () => {
    for (const province of PROVINCE_CODES) {
      const records = broken().filter((r) => r.province === province);
      const good = fed.dataset.warnings.find((w) => w.province === province);
      const reps = [...records.map((r) => ({ __typename: TYPE_OF[r.collection].type, id: r.id })), { __typename: 'Warning', id: good?.id }];
      const res = await fetch(fed.provinceUrls[province], {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Node { id } } }', variables: { r: reps } }),
      });
      const answer = (await res.json()) as { data: { _entities: unknown[] }; errors?: { path: (string | number)[]; extensions: Record<string, unknown> }[] };
      expect(answer.data._entities).toEqual([...records.map(() => null), { id: good?.id }]);
      const reported = [...(answer.errors ?? [])].sort((x, y) => Number(x.path[1]) - Number(y.path[1]));
      expect(reported.map((e) => [e.path, e.extensions.code, e.extensions.province, e.extensions.sourceId])).toEqual(records.map((r, i) => [['_entities', i], 'LEGACY_DATA_INVALID', province, r.sourceId]));
    }
  });
});

describe('dataQuality', () => {
  const QUALITY = gql(`query Quality($sources: [String!]) {
    dataQuality(sources: $sources) { source collection records invalid reasons { reason count } examples { source sourceId reason } asOf }
  }`);
  interface Row {
    source: string;
    collection: string;
    records: number;
    invalid: number;
    reasons: { reason: string; count: number }[];
    examples: InvalidRecord[];
    asOf: string;
  }

  it.each([{ sources: undefined }, { sources: ['JS', 'AH'] as ProvinceCode[] }, { sources: ['SH'] as ProvinceCode[] }])(
    'sources $sources: per province asked and collection, records, invalid records by reason and examples, as the oracle holds them',
    async ({ sources }) => {
      const result = await client.query<{ dataQuality: Row[] }>({ query: QUALITY, variables: { sources }, fetchPolicy: 'network-only' });
      expect(result.error).toBeUndefined();
      const rows = result.data?.dataQuality ?? [];
      const expected = expectedQuality(fed.dataset, sources);
      expect(rows.map((r) => [r.source, r.collection, r.records, r.invalid])).toEqual(expected.map((e) => [e.source, e.collection, e.records, e.invalid]));
      rows.forEach((r, i) => {
        expect(new Set(r.examples.map((x) => x.sourceId))).toEqual(expected[i].invalidIds);
        expect(r.examples.every((x) => x.source === r.source && x.reason !== '')).toBe(true);
        expect(r.reasons.reduce((n, x) => n + x.count, 0)).toBe(r.invalid + expected[i].unreadable);
        expect(Date.parse(r.asOf)).toBeLessThanOrEqual(Date.now() + 1000);
      });
    },
  );

  it('an unknown source is BAD_USER_INPUT naming the argument', async () => {
    const answer = await fed.query('{ dataQuality(sources: ["SH", "XX"]) { source } }');
    expect(answer.errors?.map((e) => [e.extensions?.code, e.extensions?.argument])).toEqual([['BAD_USER_INPUT', 'sources']]);
    expect(answer.errors?.[0]?.message).toMatch(/XX/);
  });

  it('the same counts are Prometheus gauges on each province subgraph /metrics', async () => {
    await client.query({ query: QUALITY, fetchPolicy: 'network-only' });
    for (const province of PROVINCE_CODES) {
      const text = await metricsText(fed.provinceUrls[province]);
      const records = series(text, 'province_data_records');
      const invalid = series(text, 'province_data_invalid_records');
      const byReason = series(text, 'province_data_invalid_records_by_reason');
      for (const e of expectedQuality(fed.dataset, [province])) {
        const labels = `province="${province}",collection="${e.collection}"`;
        expect([e.collection, records.get(labels), invalid.get(labels)]).toEqual([e.collection, e.records, e.invalid]);
        const reasons = [...byReason].filter(([l]) => l.startsWith(`${labels},reason=`)).reduce((n, [, v]) => n + v, 0);
        expect(reasons).toBe(e.invalid + e.unreadable);
      }
    }
  });
});
