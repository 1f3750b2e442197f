import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import type { GraphiQLTab } from './graphiql-examples';

export const GRAPHIQL_ASSETS_PATH = '/graphiql/assets/';

/**
 * GraphiQL for browsers, served from the gateway's own node_modules (graphiql's UMD build over
 * React 18's): the gateway has no internet, and an IDE that loads from a CDN would not start.
 */
const VENDOR_ASSETS: Readonly<Record<string, { pkg: string; file: string; type: string }>> = {
  'react.production.min.js': { pkg: 'react', file: 'umd/react.production.min.js', type: 'text/javascript' },
  'react-dom.production.min.js': { pkg: 'react-dom', file: 'umd/react-dom.production.min.js', type: 'text/javascript' },
  'graphiql.min.js': { pkg: 'graphiql', file: 'graphiql.min.js', type: 'text/javascript' },
  'graphiql.min.css': { pkg: 'graphiql', file: 'graphiql.min.css', type: 'text/css' },
  'graphql-ws.min.js': { pkg: 'graphql-ws', file: 'umd/graphql-ws.min.js', type: 'text/javascript' },
};

/** The packages' `exports` hide their UMD files from require.resolve; their package.json is exported. */
function vendorFile(pkg: string, file: string): string {
  return path.join(path.dirname(require.resolve(`${pkg}/package.json`)), file);
}

/** Starts GraphiQL with its example tabs (JSON in a script file of ours: the CSP allows no inline script). */
function startScript(tabs: readonly GraphiQLTab[]): string {
  return `(function () {
  var wsUrl = (window.location.protocol === 'https:' ? 'wss://' : 'ws://') + window.location.host + window.location.pathname;
  // Subscriptions run over graphql-ws on the same /graphql (queries and mutations stay on HTTP).
  var fetcher = GraphiQL.createFetcher({ url: window.location.pathname, wsClient: graphqlWs.createClient({ url: wsUrl, lazy: true }) });
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(React.createElement(GraphiQL, {
    fetcher: fetcher,
    defaultEditorToolsVisibility: true,
    shouldPersistHeaders: false,
    defaultTabs: ${JSON.stringify(tabs)},
    defaultQuery: '# YRD emergency federation gateway: write a query, then run it with Ctrl-Enter.\\n\\n{\\n  __typename\\n}\\n',
  }));
})();
`;
}

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>GraphiQL · YRD emergency federation gateway</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="${GRAPHIQL_ASSETS_PATH}graphiql.min.css">
  <style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
  <div id="graphiql">Loading GraphiQL…</div>
  <script src="${GRAPHIQL_ASSETS_PATH}react.production.min.js"></script>
  <script src="${GRAPHIQL_ASSETS_PATH}react-dom.production.min.js"></script>
  <script src="${GRAPHIQL_ASSETS_PATH}graphiql.min.js"></script>
  <script src="${GRAPHIQL_ASSETS_PATH}graphql-ws.min.js"></script>
  <script src="${GRAPHIQL_ASSETS_PATH}start.js"></script>
</body>
</html>
`;

/** The browser may load and connect to the gateway itself only; inline styles are GraphiQL's own. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "frame-ancestors 'none'",
].join('; ');

/** A GET from a browser (which accepts HTML) rather than a GraphQL client. */
export function wantsGraphiQL(req: IncomingMessage): boolean {
  if (req.method !== 'GET') return false;
  const accept = req.headers.accept ?? '';
  return accept.includes('text/html');
}

export function sendGraphiQLPage(res: ServerResponse): void {
  res.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-cache',
  });
  res.end(PAGE);
}

/** Serves /graphiql/assets/<name>; answers false when the path is not an asset of ours. `tabs` are read when start.js is asked for. */
export function sendGraphiQLAsset(urlPath: string, res: ServerResponse, tabs: () => readonly GraphiQLTab[] = () => []): boolean {
  if (!urlPath.startsWith(GRAPHIQL_ASSETS_PATH)) return false;
  const name = urlPath.slice(GRAPHIQL_ASSETS_PATH.length);
  if (name === 'start.js') {
    res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' });
    res.end(startScript(tabs()));
    return true;
  }
  const asset = Object.prototype.hasOwnProperty.call(VENDOR_ASSETS, name) ? VENDOR_ASSETS[name] : undefined;
  if (!asset) return false;
  const file = vendorFile(asset.pkg, asset.file);
  res.writeHead(200, { 'content-type': `${asset.type}; charset=utf-8`, 'cache-control': 'public, max-age=86400', 'x-content-type-options': 'nosniff' });
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
  return true;
}
