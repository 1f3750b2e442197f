import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types';
import { GatewayMetrics } from '../../../../gateway/metrics';
import { InstrumentedShardTransport, instrumentDataSource } from '../../../../gateway/plugins/fetch/metrics';
import { ShardFailure, type ShardTransport } from '../../../../gateway/shard-router/shard-transport';
import { metricSum } from '../../../support/metric-sum';

/** Every subgraph and shard fetch counted and timed by outcome; the answers pass unchanged. */

describe('InstrumentedShardTransport', () => {
  test('counts a shard that times out or fails as such, and rethrows its failure unchanged', async () => {
    const metrics = new GatewayMetrics({ processMetrics: false });
    const failures: Record<string, ShardFailure> = {
      SH: new ShardFailure('SH', 'PROVINCE_TIMEOUT', 'SH did not answer within 50 ms'),
      AH: new ShardFailure('AH', 'PROVINCE_UNAVAILABLE', 'AH subgraph unreachable'),
    };
    const failing: ShardTransport = {
      send: async (call) => {
        throw failures[call.province];
      },
    };
    const transport = new InstrumentedShardTransport(failing, metrics);
    for (const province of ['SH', 'AH'] as const) {
      await expect(transport.send({ province, headers: {}, timeoutMs: 50 }, { query: '{ __typename }' })).rejects.toBe(failures[province]);
    }
    const { body } = await metrics.render();
    expect(metricSum(body, 'gateway_shard_fetches_total', { province: 'SH', outcome: 'timeout' })).toBe(1);
    expect(metricSum(body, 'gateway_shard_fetches_total', { province: 'AH', outcome: 'unavailable' })).toBe(1);
    expect(body).not.toContain('process_cpu_user_seconds_total');
  });
});

describe('InstrumentedShardTransport, answered', () => {
  test('counts the shard\'s answer by outcome and the legacy calls it reports, and returns that answer itself', async () => {
    const metrics = new GatewayMetrics({ processMetrics: false });
    const answer = { data: { a: 1 }, extensions: { legacyCalls: { '/api/warnings': 2, bad: -1 } } };
    const transport = new InstrumentedShardTransport({ send: async () => answer }, metrics);
    await expect(transport.send({ province: 'JS', headers: {}, timeoutMs: 50 }, { query: '{ a }' })).resolves.toBe(answer);
    const { body } = await metrics.render();
    expect(metricSum(body, 'gateway_shard_fetches_total', { province: 'JS', outcome: 'ok' })).toBe(1);
    expect(metricSum(body, 'gateway_legacy_calls_total', { province: 'JS', endpoint: '/api/warnings' })).toBe(2);
    expect(metricSum(body, 'gateway_legacy_calls_total', { endpoint: 'bad' })).toBe(0);
  });
});

describe('instrumentDataSource', () => {
  const incoming = (kind: GraphQLDataSourceRequestKind) => ({ kind, request: { query: '{ a }' }, context: {} }) as unknown as GraphQLDataSourceProcessOptions;

  test('counts the query plan\'s fetches by outcome, and not the gateway\'s schema loading', async () => {
    const metrics = new GatewayMetrics({ processMetrics: false });
    const answers = [{ data: { a: 1 } }, { errors: [{ message: 'x' }] }];
    const source = instrumentDataSource('region', { process: async () => answers.shift() ?? Promise.reject(new Error('down')) }, metrics);
    await source.process(incoming(GraphQLDataSourceRequestKind.INCOMING_OPERATION));
    await source.process(incoming(GraphQLDataSourceRequestKind.INCOMING_OPERATION));
    await expect(source.process(incoming(GraphQLDataSourceRequestKind.INCOMING_OPERATION))).rejects.toThrow('down');
    answers.push({ data: { a: 1 } });
    await source.process(incoming(GraphQLDataSourceRequestKind.HEALTH_CHECK));
    const { body } = await metrics.render();
    for (const outcome of ['ok', 'error', 'unavailable']) expect(metricSum(body, 'gateway_subgraph_fetches_total', { subgraph: 'region', outcome })).toBe(1);
    expect(metricSum(body, 'gateway_subgraph_fetches_total')).toBe(3);
  });
});
