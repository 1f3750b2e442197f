import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { projectFile } from '../../schema/registry/project-file';
import { proxyAccessExport } from './access-export-proxy';

export interface AuditPageOptions {
  /** Where the page is served; default /audit. */
  basePath?: string;
  /** The gateway's GraphQL endpoint, which the page queries for the registry's history. */
  graphqlPath?: string;
  /** Default gateway/assets/audit of this project. */
  assetsDir?: string;
  /** The registry subgraph's origin, whose access-log export the page links through `<base>/access-records.csv|ndjson`. */
  registryOrigin?: string;
}

/** Answers the request and returns true when it is for the page or its assets, else false. */
export type AuditPageHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

interface Asset {
  body: Buffer;
  type: string;
}

const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

function htmlAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The auditors' page: versions, each version's changes coloured by criticality, diffs between
 * any two versions, publish attempts and the hash-chain verification; and the access records
 * (who received which conditional data) with their export. The page reads everything
 * through the gateway's own GraphQL endpoint (the registry subgraph), so that the gateway's
 * authentication and the sharing catalog decide who sees the history; its script and styles are
 * served from the project (no CDN).
 */
export function createAuditPageHandler(options: AuditPageOptions = {}): AuditPageHandler {
  const base = (options.basePath ?? '/audit').replace(/\/+$/, '');
  const dir = options.assetsDir ?? projectFile('gateway', 'assets', 'audit');
  const read = (name: string) => readFileSync(`${dir}/${name}`);
  const html = read('index.html')
    .toString('utf8')
    .replace(/\{\{BASE\}\}/g, htmlAttribute(base))
    .replace(/\{\{GRAPHQL\}\}/g, htmlAttribute(options.graphqlPath ?? '/graphql'));
  const assets = new Map<string, Asset>([
    [base, { body: Buffer.from(html), type: 'text/html; charset=utf-8' }],
    [`${base}/`, { body: Buffer.from(html), type: 'text/html; charset=utf-8' }],
    [`${base}/audit.js`, { body: read('audit.js'), type: 'text/javascript; charset=utf-8' }],
    [`${base}/access.js`, { body: read('access.js'), type: 'text/javascript; charset=utf-8' }],
    [`${base}/audit.css`, { body: read('audit.css'), type: 'text/css; charset=utf-8' }],
  ]);
  const exportPath = new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/access-records\\.(csv|ndjson)$`);

  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== base && !path.startsWith(`${base}/`)) return false;
    const exported = options.registryOrigin && req.method === 'GET' ? exportPath.exec(path) : null;
    if (exported && options.registryOrigin) {
      proxyAccessExport(options.registryOrigin, exported[1], req, res, SECURITY_HEADERS);
      return true;
    }
    const asset = assets.get(path);
    if (!asset) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS });
      res.end('not found');
      return true;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
      res.end('method not allowed');
      return true;
    }
    res.writeHead(200, { 'content-type': asset.type, 'content-length': asset.body.length, 'cache-control': 'no-cache', ...SECURITY_HEADERS });
    res.end(req.method === 'HEAD' ? undefined : asset.body);
    return true;
  };
}
