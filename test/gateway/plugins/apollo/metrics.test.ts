import type { GraphQLRequestListener } from '@apollo/server';
import type { GatewayContext } from '../../../../gateway/context';
import { GatewayMetrics } from '../../../../gateway/metrics';
import { useMetrics } from '../../../../gateway/plugins/apollo/metrics';
import { metricSum } from '../../../support/metric-sum';

/** Requests, latency and errors per operation name, counted when the answer is sent. */

async function answer(metrics: GatewayMetrics, operationName: string | undefined, errors?: { message: string; extensions?: Record<string, unknown> }[]): Promise<void> {
  const listener = (await useMetrics(metrics).requestDidStart?.({} as never)) as GraphQLRequestListener<GatewayContext>;
  await listener.willSendResponse?.({ operationName, response: { body: { kind: 'single', singleResult: { errors } } } } as never);
}

describe('the request metrics plugin', () => {
  test('counts each answer by operation name and outcome, with its latency and its error codes', async () => {
    const metrics = new GatewayMetrics({ processMetrics: false });
    await answer(metrics, 'Q');
    await answer(metrics, 'Q', [{ message: 'x', extensions: { code: 'FORBIDDEN' } }]);
    await answer(metrics, undefined);
    const { body } = await metrics.render();
    expect(metricSum(body, 'gateway_graphql_requests_total', { operation: 'Q', outcome: 'ok' })).toBe(1);
    expect(metricSum(body, 'gateway_graphql_requests_total', { operation: 'Q', outcome: 'error' })).toBe(1);
    expect(metricSum(body, 'gateway_graphql_requests_total', { operation: 'anonymous', outcome: 'ok' })).toBe(1);
    expect(metricSum(body, 'gateway_graphql_errors_total', { operation: 'Q', code: 'FORBIDDEN' })).toBe(1);
    expect(metricSum(body, 'gateway_graphql_request_duration_seconds_count', { operation: 'Q' })).toBe(2);
  });
});
