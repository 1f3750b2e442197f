import type { Browser } from 'playwright-core';
import { startOpsFederation, type OpsFederation } from '../../../fixtures/gateway/ops-federation';
import { launchChromium } from '../../../support/chromium';

/** Set into GraphiQL's query editor (CodeMirror) as a user would type it. */
const BROWSER_QUERY = 'query FromTheBrowser { regionName warning(id: "SH:Warning:1") { headline } }';

describe('GraphiQL on GET /graphql', () => {
  let fed: OpsFederation;
  let browser: Browser;

  beforeAll(async () => {
    fed = await startOpsFederation();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await fed?.close();
  });

  test('a browser loads GraphiQL from the gateway alone, runs a query and sees the result', async () => {
    const page = await browser.newPage();
    const requested: string[] = [];
    const problems: string[] = [];
    page.on('request', (r) => requested.push(r.url()));
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    await page.route('**/*', (route) => {
      const url = new URL(route.request().url());
      return url.protocol === 'data:' || url.hostname === '127.0.0.1' ? route.continue() : route.abort();
    });

    const response = await page.goto(`${fed.origin}/graphql`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-type']).toContain('text/html');

    await page.waitForSelector('.graphiql-query-editor .CodeMirror', { timeout: 20_000 });
    await page.evaluate((query) => {
      const { document } = globalThis as unknown as { document: { querySelector(s: string): { CodeMirror: { setValue(v: string): void } } } };
      document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.setValue(query);
    }, BROWSER_QUERY);
    await page.click('.graphiql-execute-button');
    // A selector, not a predicate function: the page's CSP forbids the eval that polling a function needs.
    await page.waitForSelector('.graphiql-response >> text=台风红色预警', { timeout: 20_000 });
    const result = await page.textContent('.graphiql-response');
    expect(result).toContain('"regionName": "长三角"');
    expect(result).toContain('上海 台风红色预警');

    const elsewhere = requested.filter((u) => !u.startsWith('data:') && new URL(u).hostname !== '127.0.0.1');
    expect(elsewhere).toEqual([]);
    expect(requested.some((u) => u.includes('/graphiql/assets/graphiql.min.js'))).toBe(true);
    expect(problems).toEqual([]);
    expect(fed.logs.lines.some((l) => l.operationName === 'FromTheBrowser' && l.status === 200)).toBe(true);
    await page.close();
  });

  test('a GraphQL client\'s GET keeps GraphQL-over-HTTP semantics, CSRF prevention included', async () => {
    const url = `${fed.origin}/graphql?query=${encodeURIComponent('query ViaGet { regionName }')}`;
    const accept = 'application/graphql-response+json, application/json';
    const res = await fetch(url, { headers: { accept, 'apollo-require-preflight': 'true' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('json');
    expect(res.headers.get('x-request-id')).toBeTruthy();
    expect(await res.json()).toEqual({ data: { regionName: '长三角' } });

    const simple = await fetch(url, { headers: { accept } });
    expect(simple.status).toBe(400);
    expect(simple.headers.get('content-type')).toContain('json');
  });

  test('the page and its assets carry a policy that lets the browser load from the gateway only', async () => {
    const page = await fetch(`${fed.origin}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    const asset = await fetch(`${fed.origin}/graphiql/assets/graphiql.min.css`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toContain('text/css');
    expect((await fetch(`${fed.origin}/graphiql/assets/..%2f..%2fpackage.json`)).status).toBe(404);
    expect((await fetch(`${fed.origin}/graphiql/assets/package.json`)).status).toBe(404);
  });
});
