import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { projectFile } from '../../schema/registry/project-file';

/** One file of a page: its bytes and content type. */
export interface PageAsset {
  body: Buffer;
  type: string;
}

/** Answers the request and returns true when it is for the page or its assets, else false. */
export type PageHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

/** Nothing from outside: scripts, styles and connections to the gateway itself only. */
export const PAGE_SECURITY_HEADERS = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

function htmlAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A page's HTML with each `{{NAME}}` replaced by its value, escaped for an attribute. */
export function fillTemplate(html: string, values: Readonly<Record<string, string>>): string {
  return html.replace(/\{\{([A-Z]+)\}\}/g, (whole, name: string) => (name in values ? htmlAttribute(values[name]) : whole));
}

/** The script every page asks the gateway with (gateway/assets/shared/graphql-post.js), as an asset. */
export function graphqlPostScript(): PageAsset {
  return { body: readFileSync(projectFile('gateway', 'assets', 'shared', 'graphql-post.js')), type: 'text/javascript; charset=utf-8' };
}

/** An HTML page as an asset. */
export function htmlAsset(html: string): PageAsset {
  return { body: Buffer.from(html), type: 'text/html; charset=utf-8' };
}

/**
 * A page of the gateway's own (the auditors' /audit, the /map): its files under `base`, read once
 * at start, served with GET or HEAD under a content security policy that lets nothing in from outside.
 */
export function createStaticPageHandler(base: string, assets: ReadonlyMap<string, PageAsset>): PageHandler {
  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== base && !path.startsWith(`${base}/`)) return false;
    const asset = assets.get(path);
    if (!asset) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', ...PAGE_SECURITY_HEADERS });
      res.end('not found');
      return true;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
      res.end('method not allowed');
      return true;
    }
    res.writeHead(200, { 'content-type': asset.type, 'content-length': asset.body.length, 'cache-control': 'no-cache', ...PAGE_SECURITY_HEADERS });
    res.end(req.method === 'HEAD' ? undefined : asset.body);
    return true;
  };
}
