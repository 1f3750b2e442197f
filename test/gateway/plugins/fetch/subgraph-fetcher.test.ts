import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { subgraphFetcher, type SubgraphFetcher } from '../../../../gateway/plugins/fetch/subgraph-fetcher';

/** The subgraph fetcher: keep-alive connections, and a response the data sources can read. */

let server: http.Server;
let origin: string;
let connections = 0;
let fetcher: SubgraphFetcher;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url === '/broken') {
        res.writeHead(503, { 'content-type': 'text/plain' }).end('overloaded');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=30' });
      res.end(JSON.stringify({ data: { echo: Buffer.concat(chunks).toString('utf8'), auth: req.headers.authorization ?? null } }));
    });
  });
  server.on('connection', () => (connections += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fetcher = subgraphFetcher();
});

afterAll(async () => {
  await fetcher.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

test('sequential fetches to one subgraph reuse keep-alive connections', async () => {
  connections = 0;
  for (let i = 0; i < 20; i++) {
    const res = await fetcher(`${origin}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"n":${i}}` });
    expect(await res.json()).toEqual({ data: { echo: `{"n":${i}}`, auth: null } });
  }
  expect(connections).toBeLessThanOrEqual(2);
});

test('sends the headers it is given and answers status, headers and body as a fetch response does', async () => {
  const res = await fetcher(`${origin}/graphql`, { method: 'POST', headers: { authorization: 'Bearer t' }, body: '{}' });
  expect(res.ok).toBe(true);
  expect(res.status).toBe(200);
  expect(res.headers.get('Content-Type')).toBe('application/json');
  expect(res.headers.get('cache-control')).toBe('max-age=30');
  expect(JSON.parse(await res.clone().text())).toEqual({ data: { echo: '{}', auth: 'Bearer t' } });
});

test('a failing subgraph answers ok=false with its status text', async () => {
  const res = await fetcher(`${origin}/broken`, { method: 'POST', body: '{}' });
  expect(res.ok).toBe(false);
  expect(res.status).toBe(503);
  expect(res.statusText).toBe('Service Unavailable');
  expect(await res.text()).toBe('overloaded');
});

test('each URL reaches its own path, query string included, however the fetches interleave', async () => {
  const statuses: number[] = [];
  for (const path of ['/graphql', '/broken', '/graphql', '/broken?x=1', '/broken']) statuses.push((await fetcher(`${origin}${path}`, { method: 'POST', body: '{}' })).status);
  expect(statuses).toEqual([200, 503, 200, 200, 503]);
});
