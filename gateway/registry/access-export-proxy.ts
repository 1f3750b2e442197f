import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { ReadableStream } from 'node:stream/web';

const PASSED_HEADERS = ['content-type', 'content-disposition'] as const;

/**
 * The access log's export as the /audit page links it: the same request (path's format, filter,
 * the caller's token) to the registry subgraph's /access-records, streamed back as it arrives.
 * The registry subgraph decides who may read it.
 */
export function proxyAccessExport(registryOrigin: string, format: string, req: IncomingMessage, res: ServerResponse, headers: Record<string, string>): void {
  const search = new URL(req.url ?? '/', 'http://gateway.invalid').search;
  const authorization = req.headers.authorization;
  fetch(`${registryOrigin}/access-records.${format}${search}`, { headers: authorization ? { authorization } : {} })
    .then((upstream) => {
      const passed = Object.fromEntries(PASSED_HEADERS.flatMap((h) => (upstream.headers.get(h) ? [[h, upstream.headers.get(h) as string]] : [])));
      res.writeHead(upstream.status, { ...passed, 'cache-control': 'no-store', ...headers });
      if (!upstream.body) return void res.end();
      Readable.fromWeb(upstream.body as ReadableStream<Uint8Array>).pipe(res);
    })
    .catch(() => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ message: 'the registry subgraph did not answer', extensions: { code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'registry' } }] }));
    });
}
