import { ApolloGateway } from '@apollo/gateway';
import { loadGatewayConfig } from '../../gateway/config';
import { CorrectedApolloGateway } from '../../gateway/planner-corrections/corrected-gateway';
import { startGateway } from '../../gateway/server';
import { startSlowSubgraph, supergraphFile } from '../support/slow-subgraph';
import { TEST_AUTH_ENV } from '../support/tokens';

/**
 * PLANNER_CORRECTIONS: the gateway plans through the correction layer unless it is turned off
 * (for the benchmark of the layer's cost), and answers alike either way on a plain query.
 */

describe('PLANNER_CORRECTIONS', () => {
  it('serves through CorrectedApolloGateway by default, and through stock ApolloGateway when false', async () => {
    const subgraph = await startSlowSubgraph({ executions: 0 }, 0);
    const file = supergraphFile(subgraph.url);
    const env = { ...TEST_AUTH_ENV, GATEWAY_PORT: '0', LOG_LEVEL: 'silent' };
    const corrected = await startGateway(loadGatewayConfig(env, ['--supergraph', file]));
    const stock = await startGateway(loadGatewayConfig({ ...env, PLANNER_CORRECTIONS: 'false' }, ['--supergraph', file]));
    try {
      expect(corrected.gateway).toBeInstanceOf(CorrectedApolloGateway);
      expect(stock.gateway).toBeInstanceOf(ApolloGateway);
      expect(stock.gateway).not.toBeInstanceOf(CorrectedApolloGateway);
      const ask = async (url: string) => {
        const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ slow(tag: "t") { tag } }' }) });
        return res.json();
      };
      expect(await ask(stock.url)).toEqual({ data: { slow: { tag: 't' } } });
      expect(await ask(corrected.url)).toEqual(await ask(stock.url));
    } finally {
      await corrected.close();
      await stock.close();
      await subgraph.stop();
    }
  });
});
