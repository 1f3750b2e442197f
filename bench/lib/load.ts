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

export interface LoadOptions {
  url: string;
  connections: number;
  durationS: number;
  body: () => string;
  headers?: Record<string, string>;
  /** Called as each request is written, with its connection's context object (kept until the answer). */
  onSent?: (context: object) => void;
  /** Called with each whole answer's headers and its connection's context. */
  onAnswer?: (context: object, headers: Record<string, string | string[] | undefined>) => void;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const { onSent, onAnswer } = options;
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.durationS,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...options.headers },
    requests: [
      {
        setupRequest: (req, context: object) => {
          onSent?.(context);
          return { ...req, body: options.body() };
        },
        ...(onAnswer ? { onResponse: (_status: number, _body: string, context: object, headers?: Record<string, string | string[] | undefined>) => onAnswer(context, headers ?? {}) } : {}),
      },
    ],
  });
  return {
    rps: result.duration > 0 ? result.requests.total / result.duration : 0,
    requests: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}
