import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startAuditBrowser, type AuditBrowser, type BrowserGlobal } from '../support/audit-browser';

const fixture = (name: string) => readFile(path.join(__dirname, '../fixtures/registry', `${name}.graphql`), 'utf8');

describe('the /audit page in a browser', () => {
  let audit: AuditBrowser;
  let dir: string;
  let origin: string;
  const newAuditorPage = () => audit.auditorPage();

  beforeAll(async () => {
    audit = await startAuditBrowser(async (registry) => {
      await registry.publish({ subgraph: 'provinces', sdl: await fixture('province-v1'), by: 'ci' });
      await registry.publish({ subgraph: 'provinces', sdl: await fixture('province-field-removed'), by: 'dev' });
      await registry.publish({ subgraph: 'provinces', sdl: await fixture('province-field-removed'), by: 'lead', approval: { reason: 'areaDesc is unused' } });
      await registry.publish({ subgraph: 'provinces', sdl: await fixture('province-enum-value'), by: 'dev', approval: { reason: 'clients map an unknown level to their most severe' } });
    });
    ({ dir, origin } = audit);
  });

  afterAll(async () => {
    await audit?.close();
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
