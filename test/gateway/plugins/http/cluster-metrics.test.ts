import cluster, { type Worker } from 'node:cluster';
import { Registry } from 'prom-client';
import { clusterMetrics, serveClusterMetrics } from '../../../../gateway/plugins/http/cluster-metrics';

/**
 * /metrics with worker processes: the worker that takes the scrape asks the primary for the whole
 * cluster's metrics. Here the messages between them are played by hand; test/gateway/workers.test.ts
 * runs real workers.
 */

type Send = NonNullable<typeof process.send>;

describe('cluster metrics', () => {
  const originalSend = process.send;
  afterEach(() => {
    process.send = originalSend;
  });

  const primaryAnswers = (reply: (id: number) => Record<string, unknown> | null): Send =>
    ((message: { gatewayMetricsRequest: number }) => {
      const answer = reply(message.gatewayMetricsRequest);
      if (answer) setImmediate(() => process.emit('message', answer, undefined));
      return true;
    }) as Send;

  it('a worker renders what the primary gathered, in its registry\'s content type', async () => {
    const registry = new Registry();
    process.send = primaryAnswers((id) => ({ gatewayMetricsReply: id, body: 'gateway_up 2\n' }));
    await expect(clusterMetrics(registry, 1000)()).resolves.toEqual({ contentType: registry.contentType, body: 'gateway_up 2\n' });
  });

  it('a worker fails the scrape when the primary reports an error or does not answer in time', async () => {
    process.send = primaryAnswers((id) => ({ gatewayMetricsReply: id, error: 'a worker did not answer' }));
    await expect(clusterMetrics(new Registry(), 1000)()).rejects.toThrow('a worker did not answer');
    process.send = primaryAnswers(() => null);
    await expect(clusterMetrics(new Registry(), 50)()).rejects.toThrow('did not answer with the cluster metrics in time');
  });

  it('the primary answers a worker\'s request with the same id, and ignores other messages', async () => {
    serveClusterMetrics();
    const sent: unknown[] = [];
    const worker = { send: (m: unknown) => sent.push(m) } as unknown as Worker;
    cluster.emit('message', worker, { somethingElse: 1 });
    cluster.emit('message', worker, { gatewayMetricsRequest: 7 });
    const deadline = Date.now() + 2000;
    while (sent.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(sent).toEqual([expect.objectContaining({ gatewayMetricsReply: 7 })]);
  });
});
