import { readFileSync } from 'node:fs';
import { projectFile } from '../../schema/registry/project-file';
import { PAGE_SECURITY_HEADERS, createStaticPageHandler, fillTemplate, graphqlPostScript, htmlAsset, type PageAsset, type PageHandler } from '../http/static-page';
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

export type AuditPageHandler = PageHandler;

/**
 * The auditors' page: versions, each version's changes coloured by criticality, diffs between
 * any two versions, publish attempts and the hash-chain verification; and the access records
 * (who received which conditional data) with their export; and the sharing catalog's versions,
 * approvals and diffs in a section of their own. The page reads everything
 * through the gateway's own GraphQL endpoint (the registry subgraph), so that the gateway's
 * authentication and the sharing catalog decide who sees the history; its script and styles are
 * served from the project (no CDN).
 */
export function createAuditPageHandler(options: AuditPageOptions = {}): AuditPageHandler {
  const base = (options.basePath ?? '/audit').replace(/\/+$/, '');
  const dir = options.assetsDir ?? projectFile('gateway', 'assets', 'audit');
  const read = (name: string) => readFileSync(`${dir}/${name}`);
  const html = htmlAsset(fillTemplate(read('index.html').toString('utf8'), { BASE: base, GRAPHQL: options.graphqlPath ?? '/graphql' }));
  const assets = new Map<string, PageAsset>([
    [base, html],
    [`${base}/`, html],
    [`${base}/graphql-post.js`, graphqlPostScript()],
    [`${base}/audit.js`, { body: read('audit.js'), type: 'text/javascript; charset=utf-8' }],
    [`${base}/access.js`, { body: read('access.js'), type: 'text/javascript; charset=utf-8' }],
    [`${base}/signing.js`, { body: read('signing.js'), type: 'text/javascript; charset=utf-8' }],
    [`${base}/catalog.js`, { body: read('catalog.js'), type: 'text/javascript; charset=utf-8' }],
    [`${base}/audit.css`, { body: read('audit.css'), type: 'text/css; charset=utf-8' }],
  ]);
  const exportPath = new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/access-records\\.(csv|ndjson)$`);

  const page = createStaticPageHandler(base, assets);
  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const exported = options.registryOrigin && req.method === 'GET' ? exportPath.exec(path) : null;
    if (exported && options.registryOrigin) {
      proxyAccessExport(options.registryOrigin, exported[1], req, res, PAGE_SECURITY_HEADERS);
      return true;
    }
    return page(req, res);
  };
}
