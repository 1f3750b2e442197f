import { Registry } from 'prom-client';
import { StaleAnswerCounter } from '../../../../gateway/plugins/fetch/stale-answers';
import type { ShardCall, ShardResponse, ShardTransport } from '../../../../gateway/shard-router/shard-transport';
import { metricSum } from '../../../support/metric-sum';

/** Answers the province subgraphs served from their last good copy, counted as they pass. */

const call: ShardCall = { province: 'ZJ', headers: {}, timeoutMs: 1000 };

describe('the stale answer counter', () => {
  it('counts errors marked stale by province and code, and returns exactly what the shard answered', async () => {
    const answer: ShardResponse = {
      data: { warnings: null },
      errors: [
        { message: 'ZJ down, last good copy', extensions: { code: 'PROVINCE_UNAVAILABLE', stale: true } },
        { message: 'stale without a code', extensions: { stale: true } },
        { message: 'fresh error', extensions: { code: 'LEGACY_DATA_INVALID' } },
      ],
    };
    const inner: ShardTransport = { send: async () => answer };
    const registry = new Registry();
    const counter = new StaleAnswerCounter(inner, registry);
    await expect(counter.send(call, { query: '{ warnings { totalCount } }' })).resolves.toBe(answer);
    const text = await registry.metrics();
    expect(metricSum(text, 'gateway_stale_answers_total', { province: 'ZJ', code: 'PROVINCE_UNAVAILABLE' })).toBe(1);
    expect(metricSum(text, 'gateway_stale_answers_total', { province: 'ZJ', code: 'UNKNOWN' })).toBe(1);
    expect(metricSum(text, 'gateway_stale_answers_total')).toBe(2);
  });

  it('passes failures and close through to the transport it wraps', async () => {
    const close = jest.fn(async () => undefined);
    const counter = new StaleAnswerCounter({ send: () => Promise.reject(new Error('refused')), close }, new Registry());
    await expect(counter.send(call, { query: '{ a }' })).rejects.toThrow('refused');
    await counter.close();
    expect(close).toHaveBeenCalled();
  });
});
