import cluster, { type Worker } from 'node:cluster';
import { AggregatorRegistry, type Registry } from 'prom-client';

/**
 * With worker processes (GATEWAY_WORKERS > 1) a scrape of /metrics lands on any one worker; that
 * worker answers for the whole gateway: it asks the primary, which gathers every worker's registry
 * (prom-client's AggregatorRegistry: counters and histograms summed) and sends the text back.
 */

interface MetricsRequest {
  gatewayMetricsRequest: number;
}

interface MetricsReply {
  gatewayMetricsReply: number;
  body?: string;
  error?: string;
}

function isRequest(m: unknown): m is MetricsRequest {
  return typeof m === 'object' && m !== null && typeof (m as MetricsRequest).gatewayMetricsRequest === 'number';
}

function isReply(m: unknown): m is MetricsReply {
  return typeof m === 'object' && m !== null && typeof (m as MetricsReply).gatewayMetricsReply === 'number';
}

/** In the primary: answers the workers' requests for the cluster's metrics. */
export function serveClusterMetrics(): void {
  const aggregator = new AggregatorRegistry();
  cluster.on('message', (worker: Worker, message: unknown) => {
    if (!isRequest(message)) return;
    const id = message.gatewayMetricsRequest;
    aggregator.clusterMetrics().then(
      (body) => worker.send({ gatewayMetricsReply: id, body } satisfies MetricsReply),
      (e: unknown) => worker.send({ gatewayMetricsReply: id, error: e instanceof Error ? e.message : String(e) } satisfies MetricsReply),
    );
  });
}

/** In a worker: offers `registry` to the primary's gathering, and renders the whole cluster's metrics. */
export function clusterMetrics(registry: Registry, timeoutMs = 5000): () => Promise<{ contentType: string; body: string }> {
  // Constructing one installs prom-client's listener that sends this worker's registries to the primary.
  new AggregatorRegistry();
  AggregatorRegistry.setRegistries([registry]);
  let next = 0;
  const pending = new Map<number, { resolve: (body: string) => void; reject: (e: Error) => void }>();
  process.on('message', (message: unknown) => {
    if (!isReply(message)) return;
    const waiting = pending.get(message.gatewayMetricsReply);
    if (!waiting) return;
    pending.delete(message.gatewayMetricsReply);
    if (message.body !== undefined) waiting.resolve(message.body);
    else waiting.reject(new Error(message.error ?? 'no metrics from the primary'));
  });
  return async () => {
    const id = next++;
    const body = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error('the primary did not answer with the cluster metrics in time'));
      }, timeoutMs);
      pending.set(id, {
        resolve: (b) => (clearTimeout(timer), resolve(b)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
      process.send?.({ gatewayMetricsRequest: id } satisfies MetricsRequest);
    });
    return { contentType: registry.contentType, body };
  };
}
