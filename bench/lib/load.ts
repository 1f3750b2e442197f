import autocannon from 'autocannon';

/** One load run with autocannon: POSTs to a GraphQL endpoint, a fresh body per request. */

export interface LoadResult {
  rps: number;
  requests: number;
  p50: number;
  p99: number;
  /** Transport errors (timeouts included) and non-2xx answers. */
  errors: number;
}

export async function runLoad(options: { url: string; connections: number; durationS: number; body: () => string; headers?: Record<string, string> }): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.durationS,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...options.headers },
    requests: [{ setupRequest: (req) => ({ ...req, body: options.body() }) }],
  });
  return {
    rps: result.duration > 0 ? result.requests.total / result.duration : 0,
    requests: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}
