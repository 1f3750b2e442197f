import http from 'node:http';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer, type BaseContext } from '@apollo/server';
import { chromium, type Browser } from 'playwright-core';
import { graphqlHandler } from '../../schema/http/graphql-handler';
import { ForwardingDataSource } from '../../gateway/plugins/fetch/forwarding';
import { createAuditPageHandler } from '../../gateway/registry/audit-page';
import { RegistrySupergraphManager } from '../../gateway/registry/registry-supergraph';
import { FileRegistryStore } from '../../schema/registry/file-store';
import { Registry } from '../../schema/registry/registry';
import { REGISTRY_SDL, startRegistrySubgraph, type RunningRegistrySubgraph } from '../../subgraphs/registry/registry-subgraph';
import { mintToken, testVerifier } from '../support/tokens';

const fixture = (name: string) => readFile(path.join(__dirname, '../fixtures/registry', `${name}.graphql`), 'utf8');

/** The browser's getComputedStyle, typed here since the project compiles without the DOM library. */
type BrowserGlobal = { getComputedStyle(element: unknown): { color: string; backgroundColor: string } };

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

describe('the /audit page in a browser', () => {
  let dir: string;
  let registry: Registry;
  let subgraph: RunningRegistrySubgraph;
  let apollo: ApolloServer<BaseContext>;
  let server: http.Server;
  let origin: string;
  let browser: Browser;
  /** The registry is readable by auditors only: the page sends the token it keeps in sessionStorage. */
  let auditorToken: string;
  const newAuditorPage = async () => {
    const page = await browser.newPage();
    await page.addInitScript({ content: `sessionStorage.setItem('yrd.audit.token', ${JSON.stringify(auditorToken)});` });
    return page;
  };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'registry-audit-'));
    registry = new Registry(new FileRegistryStore({ file: path.join(dir, 'history.jsonl') }));
    subgraph = await startRegistrySubgraph({ registry, auth: testVerifier() });
    auditorToken = await mintToken({ role: 'auditor' });
    await registry.publish({ subgraph: 'registry', url: subgraph.url, sdl: REGISTRY_SDL, by: 'launcher' });
    await registry.publish({ subgraph: 'provinces', sdl: await fixture('province-v1'), by: 'ci' });
    await registry.publish({ subgraph: 'provinces', sdl: await fixture('province-field-removed'), by: 'dev' });
    await registry.publish({ subgraph: 'provinces', sdl: await fixture('province-field-removed'), by: 'lead', approval: { reason: 'areaDesc is unused' } });
    await registry.publish({ subgraph: 'provinces', sdl: await fixture('province-enum-value'), by: 'dev', approval: { reason: 'clients map an unknown level to their most severe' } });

    apollo = new ApolloServer<BaseContext>({ gateway: new ApolloGateway({ supergraphSdl: new RegistrySupergraphManager({ registry }), buildService: ({ url }) => new ForwardingDataSource({ url }) }) });
    await apollo.start();
    const graphql = graphqlHandler<BaseContext>(apollo, async ({ req }) => ({ authorization: req.headers.authorization }), 1 << 20);
    const audit = createAuditPageHandler({ graphqlPath: '/graphql' });
    server = http.createServer((req, res) => {
      if (audit(req, res)) return;
      if ((req.url ?? '').startsWith('/graphql')) {
        graphql(req, res).catch(() => res.end());
        return;
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await apollo?.stop();
    await subgraph?.close();
    await registry?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('lists the versions, marks the live one and shows the verified hash chain', async () => {
    const page = await newAuditorPage();
    const requested: string[] = [];
    page.on('request', (r) => requested.push(r.url()));
    await page.goto(`${origin}/audit`);
    await page.waitForSelector('tr.version[data-version="1"]');
    expect(await page.locator('tr.version').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-version')))).toEqual(['4', '3', '2', '1']);
    expect(await page.locator('tr.version[data-version="4"] .badge-live').textContent()).toBe('live');
    await page.waitForSelector('#verification.banner-ok');
    expect(await page.locator('#verification').textContent()).toBe('Hash chain intact: 4 versions verified.');
    expect(requested.every((url) => url.startsWith(origin))).toBe(true);
    await page.close();
  });

  it("shows a version's breaking change coloured as breaking, with its approval", async () => {
    const page = await newAuditorPage();
    await page.goto(`${origin}/audit`);
    await page.click('tr.version[data-version="3"]');
    await page.waitForSelector('#detail-title:text("Version 3")');
    const change = page.locator('#changes li.change').first();
    expect(await change.getAttribute('data-criticality')).toBe('BREAKING');
    expect(await change.textContent()).toContain("Warning.areaDescField 'areaDesc' was removed from object type 'Warning'");
    const colours = await change.evaluate((node) => {
      const style = (globalThis as unknown as BrowserGlobal).getComputedStyle(node);
      return { color: style.color, background: style.backgroundColor };
    });
    expect(colours).toEqual({ color: 'rgb(176, 0, 32)', background: 'rgb(253, 231, 234)' });
    expect(await page.locator('#detail-facts').textContent()).toContain('lead at');
    expect(await page.locator('#detail-facts').textContent()).toContain('areaDesc is unused');
    await page.close();
  });

  it('colours other criticalities differently, and diffs any two versions', async () => {
    const page = await newAuditorPage();
    await page.goto(`${origin}/audit#v=4`);
    await page.waitForSelector('#detail-title:text("Version 4 (live)")');
    const rows = page.locator('#changes li.change');
    expect(await rows.evaluateAll((items) => items.map((i) => [i.getAttribute('data-criticality'), (globalThis as unknown as BrowserGlobal).getComputedStyle(i).color]))).toEqual([
      ['DANGEROUS', 'rgb(138, 75, 0)'],
      ['SAFE', 'rgb(27, 110, 42)'],
    ]);
    await page.fill('#compare-with', '2');
    await page.click('#compare-form button');
    await page.waitForSelector('#changes-title:text("Changes from version 2 to 4")');
    expect(await rows.evaluateAll((items) => items.map((i) => i.getAttribute('data-criticality')))).toEqual(['DANGEROUS']);
    await page.close();
  });

  it('lists refused publish attempts', async () => {
    const page = await newAuditorPage();
    await page.goto(`${origin}/audit`);
    await page.waitForSelector('#checks tbody tr');
    const results = await page.locator('#checks tbody tr td:nth-child(4)').allTextContents();
    expect(results).toEqual(['accepted → 4', 'accepted → 3', 'refused', 'accepted → 2', 'accepted → 1']);
    await page.close();
  });

  it('serves its assets from the project with a strict content security policy', async () => {
    const html = await fetch(`${origin}/audit`);
    expect(html.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await html.text()).toContain('data-graphql="/graphql"');
    expect((await fetch(`${origin}/audit/audit.js`)).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await fetch(`${origin}/audit/nothing.js`)).status).toBe(404);
  });
  it('names the version that is missing when the newest was removed from the history', async () => {
    const file = path.join(dir, 'history.jsonl');
    const intact = await readFile(file, 'utf8');
    await writeFile(file, intact.split('\n').filter((l) => !(l.includes('"kind":"version"') && l.includes('"number":4,'))).join('\n'));
    try {
      const page = await newAuditorPage();
      await page.goto(`${origin}/audit`);
      await page.waitForSelector('#verification.banner-error');
      expect(await page.locator('#verification').textContent()).toBe('History tampered: version 4 is missing, yet the history names it.');
      await page.close();
    } finally {
      await writeFile(file, intact);
    }
  });
});
