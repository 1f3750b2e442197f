import { BoundedLabel, OTHER_LABEL } from '../../gateway/metrics';
import { startOpsFederation, type OpsFederation } from '../fixtures/gateway/ops-federation';

/** The value of one series in a Prometheus text exposition, or undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const labelPart = line.slice(name.length + 1, line.lastIndexOf('}'));
    const have = labelPart.split(',');
    if (wanted.every((w) => have.includes(w)) && have.length === wanted.length) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

describe('Prometheus metrics', () => {
  let fed: OpsFederation;
  let text: string;
  let contentType: string | null;

  beforeAll(async () => {
    fed = await startOpsFederation({ METRICS_MAX_OPERATION_NAMES: '3' });
    await fed.query('query WarningById { warning(id: "SH:Warning:1") { id headline } }');
    await fed.query('query WarningById { warning(id: "SH:Warning:1") { id } }');
    await fed.query('query Totals { materialTotals { code quantity } }');
    await fed.query('{ regionName }');
    await fed.query('query Broken { warning(id: "JS:Warning:2") { id headline } }');
    for (const name of ['Extra1', 'Extra2', 'Extra3']) await fed.query(`query ${name} { regionName }`);
    const res = await fetch(`${fed.origin}/metrics`);
    contentType = res.headers.get('content-type');
    text = await res.text();
  });
  afterAll(async () => {
    await fed.close();
  });

  test('are served in the Prometheus text format', () => {
    expect(contentType).toContain('text/plain');
    expect(text).toContain('# TYPE gateway_graphql_requests_total counter');
  });

  test('count requests per operation name and outcome, unnamed operations as "anonymous"', () => {
    expect(sample(text, 'gateway_graphql_requests_total', { operation: 'WarningById', outcome: 'ok' })).toBe(2);
    expect(sample(text, 'gateway_graphql_requests_total', { operation: 'Totals', outcome: 'ok' })).toBe(1);
    expect(sample(text, 'gateway_graphql_requests_total', { operation: 'anonymous', outcome: 'ok' })).toBe(1);
  });

  test('keep a latency histogram per operation name', () => {
    expect(sample(text, 'gateway_graphql_request_duration_seconds_count', { operation: 'WarningById' })).toBe(2);
    expect(sample(text, 'gateway_graphql_request_duration_seconds_bucket', { operation: 'WarningById', le: '+Inf' })).toBe(2);
  });

  test('count errors per operation name and code', () => {
    expect(sample(text, 'gateway_graphql_requests_total', { operation: 'Broken', outcome: 'error' })).toBe(1);
    expect(sample(text, 'gateway_graphql_errors_total', { operation: 'Broken', code: 'LEGACY_DATA_INVALID' })).toBe(1);
  });

  test('cap the distinct operation names: the rest count as __other__', () => {
    expect(sample(text, 'gateway_graphql_requests_total', { operation: 'Extra1', outcome: 'ok' })).toBeUndefined();
    expect(sample(text, 'gateway_graphql_requests_total', { operation: OTHER_LABEL, outcome: 'ok' })).toBe(3);
  });

  test('count and time fetches per subgraph', () => {
    expect(sample(text, 'gateway_subgraph_fetches_total', { subgraph: 'provinces', outcome: 'ok' })).toBe(3);
    expect(sample(text, 'gateway_subgraph_fetches_total', { subgraph: 'region', outcome: 'ok' })).toBe(4);
    expect(sample(text, 'gateway_subgraph_fetch_duration_seconds_count', { subgraph: 'region', outcome: 'ok' })).toBe(4);
  });

  test('count and time fetches per province shard: routed ones go to one shard, scattered ones to all', () => {
    // Each shard also answered one fetch when the gateway loaded the schema.
    expect(sample(text, 'gateway_shard_fetches_total', { province: 'SH', outcome: 'ok' })).toBe(1 + 2 + 1);
    expect(sample(text, 'gateway_shard_fetches_total', { province: 'AH', outcome: 'ok' })).toBe(1 + 1);
    expect(sample(text, 'gateway_shard_fetches_total', { province: 'JS', outcome: 'ok' })).toBe(1 + 1);
    expect(sample(text, 'gateway_shard_fetches_total', { province: 'JS', outcome: 'error' })).toBe(1);
    expect(sample(text, 'gateway_shard_fetch_duration_seconds_count', { province: 'SH', outcome: 'ok' })).toBe(4);
  });

  test('count legacy calls per province and endpoint from the shards\' extensions.legacyCalls', () => {
    expect(sample(text, 'gateway_legacy_calls_total', { province: 'SH', endpoint: 'GET /api/v1/warnings' })).toBe(6);
    expect(sample(text, 'gateway_legacy_calls_total', { province: 'SH', endpoint: 'GET /api/v1/materials' })).toBe(3);
    expect(sample(text, 'gateway_legacy_calls_total', { province: 'JS', endpoint: 'POST /gateway/query' })).toBe(6);
    expect(sample(text, 'gateway_legacy_calls_total', { province: 'ZJ', endpoint: 'GET /open/api/stock' })).toBe(1);
  });

  test('include the default Node process metrics', () => {
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
  });

  test('the shard answers reach the client unchanged by the counting', async () => {
    const answer = await fed.query('query Totals { materialTotals { code quantity } }');
    expect(answer.body.data).toEqual({
      materialTotals: expect.arrayContaining([
        { code: 'FH-001', quantity: 15 },
        { code: 'CFZ-02', quantity: 2 },
      ]),
    });
    expect(answer.body).not.toHaveProperty('extensions.legacyCalls');
  });
});

describe('BoundedLabel', () => {
  test('keeps the first names it sees up to its cap and folds the rest into __other__', () => {
    const label = new BoundedLabel(2);
    expect(['a', 'b', 'c', 'a', 'd', 'b'].map((v) => label.value(v))).toEqual(['a', 'b', OTHER_LABEL, 'a', OTHER_LABEL, 'b']);
  });
});
