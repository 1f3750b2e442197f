import http from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer, type BaseContext } from '@apollo/server';
import { chromium, type Browser, type Page } from 'playwright-core';
import { graphqlHandler } from '../../schema/http/graphql-handler';
import { ForwardingDataSource } from '../../gateway/plugins/fetch/forwarding';
import { createAuditPageHandler } from '../../gateway/registry/audit-page';
import { RegistrySupergraphManager } from '../../gateway/registry/registry-supergraph';
import { FileRegistryStore } from '../../schema/registry/file-store';
import { Registry } from '../../schema/registry/registry';
import { REGISTRY_SDL, startRegistrySubgraph, type RunningRegistrySubgraph } from '../../subgraphs/registry/registry-subgraph';
import { mintToken, testVerifier } from './tokens';

/**
 * A registry over a history file, its subgraph, a gateway serving the registry's live version with
 * the /audit page beside /graphql, and headless Debian chromium: the auditors' view as deployed.
 */
export interface AuditSite {
  /** The folder of the history file (history.jsonl). */
  dir: string;
  registry: Registry;
  origin: string;
  browser: Browser;
  /** A page that presents an auditor's token, as the page keeps it in sessionStorage. */
  newAuditorPage(): Promise<Page>;
  close(): Promise<void>;
}

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** `history` publishes what the site shows, after the registry subgraph itself (the gateway starts on the live version). */
export async function startAuditSite(history: (registry: Registry) => Promise<void>): Promise<AuditSite> {
  const dir = await mkdtemp(path.join(tmpdir(), 'registry-audit-'));
  const registry = new Registry(new FileRegistryStore({ file: path.join(dir, 'history.jsonl') }));
  const subgraph: RunningRegistrySubgraph = await startRegistrySubgraph({ registry, auth: testVerifier() });
  const auditorToken = await mintToken({ role: 'auditor' });
  await registry.publish({ subgraph: 'registry', url: subgraph.url, sdl: REGISTRY_SDL, by: 'launcher' });
  await history(registry);

  const apollo = new ApolloServer<BaseContext>({ gateway: new ApolloGateway({ supergraphSdl: new RegistrySupergraphManager({ registry }), buildService: ({ url }) => new ForwardingDataSource({ url }) }) });
  await apollo.start();
  const graphql = graphqlHandler<BaseContext>(apollo, async ({ req }) => ({ authorization: req.headers.authorization }), 1 << 20);
  const audit = createAuditPageHandler({ graphqlPath: '/graphql' });
  const server = http.createServer((req, res) => {
    if (audit(req, res)) return;
    if ((req.url ?? '').startsWith('/graphql')) {
      graphql(req, res).catch(() => res.end());
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  return {
    dir,
    registry,
    origin,
    browser,
    async newAuditorPage() {
      const page = await browser.newPage();
      await page.addInitScript({ content: `sessionStorage.setItem('yrd.audit.token', ${JSON.stringify(auditorToken)});` });
      return page;
    },
    async close() {
      await browser.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await apollo.stop();
      await subgraph.close();
      await registry.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
