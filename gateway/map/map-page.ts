import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectFile } from '../../schema/registry/project-file';
import { createStaticPageHandler, fillTemplate, graphqlPostScript, htmlAsset, type PageAsset, type PageHandler } from '../http/static-page';

export interface MapPageOptions {
  /** Where the page is served; default /map. */
  basePath?: string;
  /** The public GraphQL endpoint the page queries with the user's token. */
  graphqlPath?: string;
}

const SCRIPT = 'text/javascript; charset=utf-8';
const STYLE = 'text/css; charset=utf-8';

/** Leaflet's browser build from the gateway's own node_modules (no CDN, no tiles). */
function leafletFile(name: string): Buffer {
  return readFileSync(path.join(path.dirname(require.resolve('leaflet/package.json')), 'dist', name));
}

/**
 * The /map page: the county boundaries as the base map, warnings in force coloured by level,
 * rescue bases by capability and a vehicle's track across provinces, drawn with Leaflet from
 * the public GraphQL endpoint under the token the user gives (kept in sessionStorage). Every
 * file comes from the project; the page asks nothing of any other host.
 */
export function createMapPageHandler(options: MapPageOptions = {}): PageHandler {
  const base = (options.basePath ?? '/map').replace(/\/+$/, '');
  const read = (name: string) => readFileSync(projectFile('gateway', 'assets', 'map', name));
  const html = htmlAsset(fillTemplate(read('index.html').toString('utf8'), { BASE: base, GRAPHQL: options.graphqlPath ?? '/graphql' }));
  const assets = new Map<string, PageAsset>([
    [base, html],
    [`${base}/`, html],
    [`${base}/graphql-post.js`, graphqlPostScript()],
    [`${base}/map.js`, { body: read('map.js'), type: SCRIPT }],
    [`${base}/map-data.js`, { body: read('map-data.js'), type: SCRIPT }],
    [`${base}/map.css`, { body: read('map.css'), type: STYLE }],
    [`${base}/vendor/leaflet.js`, { body: leafletFile('leaflet.js'), type: SCRIPT }],
    [`${base}/vendor/leaflet.css`, { body: leafletFile('leaflet.css'), type: STYLE }],
  ]);
  return createStaticPageHandler(base, assets);
}
