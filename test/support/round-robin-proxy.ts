import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse } from 'graphql';

/**
 * The load balancer in front of several gateways, as small as it can be: round robin over the
 * instances, an instance that refused or dropped a connection is skipped for `downForMs`, and a
 * retry-safe request (a GET, or a POST whose document holds queries only) that found its instance
 * gone is sent to the next one. A mutation, or a persisted query sent by hash alone (whose kind the
 * proxy cannot see), is never sent twice: it fails with 502 as it would at a real balancer.
 */

export interface RoundRobinProxy {
  url: string;
  /** Requests sent again to another instance after theirs failed. */
  readonly retries: number;
  /** Requests answered 502 (no instance could take them, or not retry-safe). */
  readonly failures: number;
  /** Answers per instance (by index). */
  readonly answered: number[];
  close(): Promise<void>;
}

export interface RoundRobinOptions {
  downForMs?: number;
}

function retrySafe(method: string, body: Buffer): boolean {
  if (method === 'GET') return true;
  try {
    const request = JSON.parse(body.toString('utf8')) as { query?: unknown };
    if (typeof request.query !== 'string') return false;
    return parse(request.query).definitions.every((d) => d.kind !== 'OperationDefinition' || d.operation === 'query');
  } catch {
    return false;
  }
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function forward(agent: http.Agent, upstream: URL, req: http.IncomingMessage, body: Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const { host: _host, connection: _connection, ...headers } = req.headers;
    const out = http.request({ agent, host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    out.on('error', reject);
    out.end(body);
  });
}

export async function startRoundRobinProxy(upstreams: string[], options: RoundRobinOptions = {}): Promise<RoundRobinProxy> {
  const targets = upstreams.map((u) => new URL(u));
  const downUntil = targets.map(() => 0);
  const answered = targets.map(() => 0);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const stats = { retries: 0, failures: 0 };
  let next = 0;
  const pick = (tried: Set<number>): number | null => {
    for (let n = 0; n < targets.length; n++) {
      const i = (next + n) % targets.length;
      if (!tried.has(i) && downUntil[i] <= Date.now()) {
        next = (i + 1) % targets.length;
        return i;
      }
    }
    const any = targets.findIndex((_, i) => !tried.has(i));
    return any === -1 ? null : any;
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      const safe = retrySafe(req.method ?? 'GET', body);
      const tried = new Set<number>();
      for (let i = pick(tried); i !== null; i = safe ? pick(tried) : null) {
        tried.add(i);
        try {
          const answer = await forward(agent, targets[i], req, body);
          answered[i] += 1;
          const { connection: _c, 'keep-alive': _k, 'transfer-encoding': _t, ...headers } = answer.headers;
          res.writeHead(answer.status, { ...headers, 'content-length': String(answer.body.length) });
          res.end(answer.body);
          return;
        } catch {
          downUntil[i] = Date.now() + (options.downForMs ?? 1000);
          if (safe && tried.size < targets.length) stats.retries += 1;
        }
      }
      stats.failures += 1;
      res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ message: 'no gateway instance answered', extensions: { code: 'BAD_GATEWAY' } }] }));
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    get retries() {
      return stats.retries;
    },
    get failures() {
      return stats.failures;
    },
    answered,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}
