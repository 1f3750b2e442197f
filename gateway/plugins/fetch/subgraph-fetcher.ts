import type { RemoteGraphQLDataSource } from '@apollo/gateway';
import { Agent } from 'undici';
import { rememberText } from '../../http/answer-text';
import { Http1Pool } from '../../http/http1-pool';
import { headerText } from '../../http/operation-types';
import { requestWhole } from '../../http/whole-response';

/**
 * The transport of subgraph data sources (`RemoteGraphQLDataSource`'s `fetcher`): keep-alive
 * connection pools per origin (Http1Pool for http:, undici for https:), and a plain response
 * object instead of a WHATWG one.
 * The default fetcher (make-fetch-happen) costs several times more CPU per fetch, and that CPU
 * is the gateway's throughput.
 */

type Fetcher = RemoteGraphQLDataSource['fetcher'];
type FetcherRequestInit = NonNullable<Parameters<Fetcher>[1]>;
type FetcherResponse = Awaited<ReturnType<Fetcher>>;

export interface SubgraphFetcherOptions {
  /** Connections per subgraph origin. */
  connectionsPerOrigin?: number;
  keepAliveTimeoutMs?: number;
  /** Deadline of one fetch, headers and body. */
  timeoutMs?: number;
  /**
   * Whether each response's text is remembered beside it (answer-text.ts), for fetch
   * de-duplication to copy it for every request that shared the fetch (default true). Without
   * de-duplication nobody reads it.
   */
  keepTexts?: boolean;
}

export interface SubgraphFetcher extends Fetcher {
  close(): Promise<void>;
}

class ResponseHeaders implements Iterable<[string, string]> {
  private readonly map = new Map<string, string>();

  append(name: string, value: string): void {
    const previous = this.map.get(name.toLowerCase());
    this.map.set(name.toLowerCase(), previous === undefined ? value : `${previous}, ${value}`);
  }
  get(name: string): string | null {
    return this.map.get(name.toLowerCase()) ?? null;
  }
  has(name: string): boolean {
    return this.map.has(name.toLowerCase());
  }
  set(name: string, value: string): void {
    this.map.set(name.toLowerCase(), value);
  }
  delete(name: string): void {
    this.map.delete(name.toLowerCase());
  }
  entries(): IterableIterator<[string, string]> {
    return this.map.entries();
  }
  keys(): IterableIterator<string> {
    return this.map.keys();
  }
  values(): IterableIterator<string> {
    return this.map.values();
  }
  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.map.entries();
  }
}

class BufferedResponse implements FetcherResponse {
  readonly redirected = false;
  readonly bodyUsed = false;

  constructor(
    readonly url: string,
    readonly status: number,
    readonly headers: ResponseHeaders,
    private readonly body: string,
  ) {}

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }
  get statusText(): string {
    return STATUS_TEXT[this.status] ?? '';
  }
  async text(): Promise<string> {
    return this.body;
  }
  async json(): Promise<unknown> {
    return JSON.parse(this.body);
  }
  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = Buffer.from(this.body, 'utf8');
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  }
  clone(): FetcherResponse {
    return new BufferedResponse(this.url, this.status, this.headers, this.body);
  }
}

const STATUS_TEXT: Record<number, string> = { 200: 'OK', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout' };

const MAX_TARGETS = 256;

export function subgraphFetcher(options: SubgraphFetcherOptions = {}): SubgraphFetcher {
  const keepTexts = options.keepTexts ?? true;
  const connections = options.connectionsPerOrigin ?? 64;
  const keepAliveTimeoutMs = options.keepAliveTimeoutMs ?? 30_000;
  const timeoutMs = options.timeoutMs ?? 30_000;
  // http: origins through Http1Pool (less CPU a fetch); https: through undici, which speaks TLS.
  const pools = new Map<string, Http1Pool>();
  let agent: Agent | null = null;
  const httpsAgent = (): Agent => (agent ??= new Agent({ connections, pipelining: 1, keepAliveTimeout: keepAliveTimeoutMs, headersTimeout: timeoutMs, bodyTimeout: timeoutMs }));
  // Each URL's origin and path, parsed once: a gateway fetches from a few subgraph URLs, thousands of times a second.
  const targets = new Map<string, { origin: string; path: string; pool: Http1Pool | null }>();
  const targetOf = (url: string): { origin: string; path: string; pool: Http1Pool | null } => {
    let target = targets.get(url);
    if (!target) {
      const parsed = new URL(url);
      let pool: Http1Pool | null = null;
      if (parsed.protocol === 'http:') {
        pool = pools.get(parsed.origin) ?? new Http1Pool(parsed.origin, { connections, keepAliveTimeoutMs });
        pools.set(parsed.origin, pool);
      }
      target = { origin: parsed.origin, path: `${parsed.pathname}${parsed.search}`, pool };
      if (targets.size >= MAX_TARGETS) targets.clear();
      targets.set(url, target);
    }
    return target;
  };
  const fetcher = async (url: string, init: FetcherRequestInit = {}): Promise<FetcherResponse> => {
    const target = targetOf(url);
    const method = init.method ?? 'GET';
    const signal = init.signal as AbortSignal | undefined;
    const res = target.pool
      ? await target.pool.request(
          { method, path: target.path, headers: init.headers, body: init.body },
          { signal, deadline: { ms: timeoutMs, error: () => new Error(`${target.origin} did not answer within ${timeoutMs} ms`) } },
        )
      : await requestWhole(httpsAgent(), { origin: target.origin, path: target.path, method: method as 'GET', headers: init.headers, body: init.body }, signal ? { signal } : {});
    const headers = new ResponseHeaders();
    for (const [name, value] of Object.entries(res.headers)) {
      if (value !== undefined) headers.set(name, headerText(value));
    }
    const response = new BufferedResponse(url, res.statusCode, headers, res.text);
    return keepTexts ? rememberText(response, res.text) : response;
  };
  return Object.assign(fetcher, { close: async () => void (await Promise.all([...[...pools.values()].map((p) => p.close()), agent?.close()])) });
}
