import http from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { apolloGateway } from '../../gateway/apollo-gateway';
import { ApolloServer, type BaseContext } from '@apollo/server';
import type { Browser, Page } from 'playwright-core';
import { graphqlHandler } from '../../schema/http/graphql-handler';
import { ForwardingDataSource } from '../../gateway/plugins/fetch/forwarding';
import { createAuditPageHandler } from '../../gateway/registry/audit-page';
import { RegistrySupergraphManager } from '../../gateway/registry/registry-supergraph';
import { FileRegistryStore } from '../../schema/registry/file-store';
import { Registry } from '../../schema/registry/registry';
import { REGISTRY_SDL, startRegistrySubgraph, type RunningRegistrySubgraph } from '../../subgraphs/registry/registry-subgraph';
import { mintToken, testVerifier } from './tokens';
import type { SegmentedAccessLogStore } from '../../schema/access-log/store';
import { launchChromium } from './chromium';
import type { HeadSigner } from '../../schema/registry/signing';
import { CatalogRegistry } from '../../schema/registry/catalog/catalog-registry';
import { LiveCatalog } from '../../schema/registry/catalog/live-catalog';
import { openCatalogStore } from '../../schema/registry/catalog/open-catalog-store';
import { FileUsageStore } from '../../schema/usage/file-usage-store';
import type { UsageEntry } from '../../schema/usage/types';

/** The browser's getComputedStyle, typed here since the project compiles without the DOM library. */
export type BrowserGlobal = { getComputedStyle(element: unknown): { color: string; backgroundColor: string } };

/**
 * A registry on a file, its subgraph, a gateway composed from it with the /audit page beside
 * /graphql, and headless chromium: what an auditor sees of the history that `publish` writes
 * (and of the access log, when one is given).
 */
export interface AuditBrowser {
  dir: string;
  registry: Registry;
  origin: string;
  /** A page that holds an auditor's token as the /audit page keeps it (the registry is for auditors only). */
  auditorPage(): Promise<Page>;
  close(): Promise<void>;
}

export interface AuditBrowserOptions {
  accessLog?: SegmentedAccessLogStore;
  signer?: HeadSigner;
  /** Publishes sharing catalog versions, which the registry subgraph serves beside the schema's. */
  catalog?: (catalog: CatalogRegistry) => Promise<void>;
  /** Operation usage as the gateways would have counted it, beside the registry (history.usage.jsonl). */
  usage?: UsageEntry[];
}

export async function startAuditBrowser(publish: (registry: Registry) => Promise<void>, options: AuditBrowserOptions = {}): Promise<AuditBrowser> {
  const dir = await mkdtemp(path.join(tmpdir(), 'registry-audit-'));
  const registry = new Registry(new FileRegistryStore({ file: path.join(dir, 'history.jsonl') }), { signer: options.signer ?? null });
  let subgraph: RunningRegistrySubgraph | undefined;
  let apollo: ApolloServer<BaseContext> | undefined;
  let server: http.Server | undefined;
  let browser: Browser | undefined;
  const catalogStore = { file: path.join(dir, 'history.jsonl'), redisUrl: null, redisPrefix: 'unused:', signingKey: null };
  const catalog = options.catalog ? { registry: new CatalogRegistry(openCatalogStore(catalogStore)), live: LiveCatalog.fixed() } : undefined;
  const close = async (): Promise<void> => {
    await browser?.close();
    await catalog?.registry.close();
    server?.closeAllConnections();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    await apollo?.stop();
    await subgraph?.close();
    await registry.close();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    if (options.usage) await new FileUsageStore(path.join(dir, 'history.usage.jsonl')).record(options.usage);
    subgraph = await startRegistrySubgraph({ registry, auth: testVerifier(), catalog, usageStore: catalogStore, ...(options.accessLog ? { accessLog: options.accessLog } : {}) });
    if (catalog && options.catalog) await options.catalog(catalog.registry);
    const auditorToken = await mintToken({ role: 'auditor' });
    await registry.publish({ subgraph: 'registry', url: subgraph.url, sdl: REGISTRY_SDL, by: 'launcher' });
    await publish(registry);

    apollo = new ApolloServer<BaseContext>({ gateway: apolloGateway({ supergraphSdl: new RegistrySupergraphManager({ registry }), buildService: ({ name, url }) => new ForwardingDataSource({ url, subgraph: name }) }) });
    await apollo.start();
    const graphql = graphqlHandler<BaseContext>(apollo, async ({ req }) => ({ authorization: req.headers.authorization }), 1 << 20);
    const audit = createAuditPageHandler({ graphqlPath: '/graphql', registryOrigin: new URL(subgraph.url).origin });
    server = http.createServer((req, res) => {
      if (audit(req, res)) return;
      if ((req.url ?? '').startsWith('/graphql')) {
        graphql(req, res).catch(() => res.end());
        return;
      }
      res.writeHead(404).end();
    });
    const listening = server;
    await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(listening.address() as AddressInfo).port}`;
    const launched = await launchChromium();
    browser = launched;
    const auditorPage = async (): Promise<Page> => {
      const page = await launched.newPage();
      await page.addInitScript({ content: `sessionStorage.setItem('yrd.audit.token', ${JSON.stringify(auditorToken)});` });
      return page;
    };
    return { dir, registry, origin, auditorPage, close };
  } catch (e) {
    await close();
    throw e;
  }
}
