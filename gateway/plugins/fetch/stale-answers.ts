import { Counter, type Registry } from 'prom-client';
import type { ShardCall, ShardRequest, ShardResponse, ShardTransport } from '../../shard-router/shard-transport';

/**
 * Counts the answers that province subgraphs served from a stale copy because their legacy
 * system failed (errors with `extensions.stale: true`); passes everything through untouched.
 */
export class StaleAnswerCounter implements ShardTransport {
  private readonly stale: Counter<'province' | 'code'>;

  constructor(
    private readonly inner: ShardTransport,
    registry: Registry,
  ) {
    this.stale = new Counter({
      name: 'gateway_stale_answers_total',
      help: 'Shard answers served from the last good copy because the province legacy system failed, by province and failure code',
      labelNames: ['province', 'code'],
      registers: [registry],
    });
  }

  async send(call: ShardCall, request: ShardRequest): Promise<ShardResponse> {
    const response = await this.inner.send(call, request);
    for (const e of response.errors ?? []) {
      if (e.extensions?.stale === true) this.stale.inc({ province: call.province, code: typeof e.extensions.code === 'string' ? e.extensions.code : 'UNKNOWN' });
    }
    return response;
  }

  async close(): Promise<void> {
    await this.inner.close?.();
  }
}
