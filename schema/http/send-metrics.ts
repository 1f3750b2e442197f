import type { ServerResponse } from 'node:http';

/** Answers GET /metrics with what `render` gives (Prometheus text), or 500 when it fails. */
export function sendMetrics(res: ServerResponse, render: () => Promise<{ contentType: string; body: string }>): void {
  render().then(
    ({ contentType, body }) => {
      res.writeHead(200, { 'content-type': contentType });
      res.end(body);
    },
    () => {
      res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ error: 'metrics unavailable' }));
    },
  );
}
