import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { execute, parse, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import { BENCHMARK_SUBGRAPHS, benchmarkSubgraphSchema, type BenchmarkSubgraph } from './schemas';

/**
 * The four benchmark subgraphs in one process at /accounts, /inventory, /products and /reviews,
 * kept lean (parsed documents cached, no server framework) so that they are never what a gateway
 * benchmark measures. `GET /fetches` answers how many requests each subgraph has received, so a
 * benchmark can tell how many subgraph fetches a gateway made per answer.
 */

export interface RunningSubgraphs {
  url(name: BenchmarkSubgraph): string;
  /** Requests the four subgraphs have received so far, together (what `GET /fetches` answers, summed). */
  fetches(): number;
  close(): Promise<void>;
}

export interface SubgraphOptions {
  /** Each answer waits this long first (tests that need fetches to overlap in flight); none by default. */
  delayMs?: number;
  /** Subgraphs that answer 503 to every request (tests of partial answers). */
  failing?: readonly BenchmarkSubgraph[];
}

export async function startBenchmarkSubgraphs(port = 0, host = '127.0.0.1', options: SubgraphOptions = {}): Promise<RunningSubgraphs> {
  const schemas = new Map<string, GraphQLSchema>(BENCHMARK_SUBGRAPHS.map((n) => [`/${n}`, benchmarkSubgraphSchema(n)]));
  const documents = new Map<string, DocumentNode>();
  const fetches: Record<string, number> = Object.fromEntries(BENCHMARK_SUBGRAPHS.map((n) => [n, 0]));
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (path === '/fetches' && req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(fetches));
      return;
    }
    const schema = schemas.get(path);
    if (schema) fetches[path.slice(1)]++;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        if (!schema || req.method !== 'POST') {
          res.writeHead(404).end();
          return;
        }
        if (options.failing?.includes(path.slice(1) as BenchmarkSubgraph)) {
          res.writeHead(503, { 'content-type': 'application/json' }).end('{"errors":[{"message":"unavailable"}]}');
          return;
        }
        let body: { query?: string; variables?: Record<string, unknown>; operationName?: string };
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof body;
        } catch {
          res.writeHead(400, { 'content-type': 'application/json' }).end('{"errors":[{"message":"bad JSON"}]}');
          return;
        }
        const key = `${(req.url ?? '').split('?')[0]}\n${body.query ?? ''}`;
        let document = documents.get(key);
        if (!document) {
          try {
            document = parse(body.query ?? '');
          } catch (e) {
            res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ message: (e as Error).message }] }));
            return;
          }
          const errors = validate(schema, document);
          if (errors.length > 0) {
            res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: errors.map((e) => ({ message: e.message })) }));
            return;
          }
          documents.set(key, document);
        }
        if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
        const result = await execute({ schema, document, variableValues: body.variables, operationName: body.operationName });
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result));
      })();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const address = server.address() as AddressInfo;
  return {
    url: (name) => `http://${host}:${address.port}/${name}`,
    fetches: () => Object.values(fetches).reduce((a, b) => a + b, 0),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

if (require.main === module) {
  const port = Number(process.env.PORT ?? 4200);
  void startBenchmarkSubgraphs(port).then((s) => console.log(JSON.stringify({ level: 'info', msg: 'benchmark subgraphs ready', accounts: s.url('accounts') })));
}
