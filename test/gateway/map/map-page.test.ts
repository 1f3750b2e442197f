import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { referenceBoundaries } from '../../../schema/boundaries';
import { divisions, isWithin } from '../../../schema/geography';
import { startFederation, type Federation } from '../../support/federation';
import { pullAll } from '../../support/paging';
import { launchChromium } from '../../support/chromium';

/**
 * The /map page in headless chromium against a running federation: it draws the counties, the
 * warnings in force, the bases and a vehicle's track from the public endpoint under the token the
 * user types, and nothing it asks for leaves 127.0.0.1.
 */

const root = path.resolve(__dirname, '../../..');
const SCREENSHOT = path.join(root, 'test-results', 'map.png');
/** Set by the page each time it has drawn (a selector: the page's policy forbids the evaluation of strings). */
const DRAWN = (n: number) => `#map-page[data-drawn="${n}"]`;
/** The browser's sessionStorage, typed here since the project compiles without the DOM library. */
type BrowserGlobal = { sessionStorage: { getItem(key: string): string | null } };

let fed: Federation;
let browser: Browser;
let context: BrowserContext;
let origin: string;
const outside: string[] = [];
const browserErrors: string[] = [];

beforeAll(async () => {
  fed = await startFederation();
  origin = new URL(fed.url).origin;
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.protocol === 'data:' || url.hostname === '127.0.0.1') return route.continue();
    outside.push(url.href);
    return route.abort();
  });
}, 60_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await fed?.close();
});

async function openMap(query: string): Promise<Page> {
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().includes('Failed to load resource')) browserErrors.push(message.text());
  });
  page.on('pageerror', (error) => browserErrors.push(error.message));
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.protocol !== 'data:' && url.hostname !== '127.0.0.1') outside.push(url.href);
  });
  await page.goto(`${origin}/map${query}`);
  return page;
}

const count = (page: Page, selector: string): Promise<number> => page.locator(selector).count();

/** The counties the warnings in force cover, from the API's warnings and the reference geography. */
async function expectedWarningCounties(counties: string[]): Promise<number> {
  const { nodes } = await pullAll<{ active: boolean; areas: { adcode: string }[] }>(fed, 'warnings', 'active areas { adcode }', { first: 500 });
  const areas = nodes.filter((w) => w.active).flatMap((w) => w.areas.map((a) => a.adcode));
  expect(areas.length).toBeGreaterThan(0);
  return counties.filter((c) => areas.some((a) => isWithin(c, a))).length;
}

function crossProvincePlate(): { plate: string; points: number } {
  const byPlate = new Map<string, { provinces: Set<string>; points: number }>();
  for (const t of fed.dataset.trackPoints) {
    const seen = byPlate.get(t.plate) ?? { provinces: new Set<string>(), points: 0 };
    seen.provinces.add(t.province);
    seen.points += 1;
    byPlate.set(t.plate, seen);
  }
  const [plate, seen] = [...byPlate].filter(([, s]) => s.provinces.size > 1).sort((a, b) => b[1].points - a[1].points)[0];
  return { plate, points: seen.points };
}

describe('the /map page', () => {
  it('draws counties, warnings in force, bases and, once a token with VEHICLE_TRACK is typed in, a track across provinces', async () => {
    const boundaries = referenceBoundaries();
    const counties = [...divisions().values()].filter((d) => d.level === 'COUNTY' && boundaries.geometriesOf(d.adcode).length > 0).map((d) => d.adcode);
    const { nodes: bases } = await pullAll<{ location: unknown }>(fed, 'rescueBases', 'location { lng }', { first: 500 });
    const { plate, points } = crossProvincePlate();

    const page = await openMap(`?plate=${encodeURIComponent(plate)}`);
    await page.waitForSelector(DRAWN(1), { state: 'attached', timeout: 60_000 });
    expect(await count(page, 'path.county')).toBe(counties.length);
    expect(await count(page, 'path.province')).toBe(4);
    expect(await count(page, 'path.warning-area')).toBe(await expectedWarningCounties(counties));
    expect(await count(page, 'path.base')).toBe(bases.filter((b) => b.location !== null).length);
    // Anonymous: the track is conditional (VEHICLE_TRACK), so none is drawn and the page says why.
    expect(await count(page, 'path.track')).toBe(0);
    expect(await page.locator('#error').textContent()).toContain('FORBIDDEN');

    const token = await fed.token({ role: 'exchange', catalog: ['VEHICLE_TRACK'] });
    await page.fill('#token', token);
    await page.click('#token-form button');
    await page.waitForSelector(DRAWN(2), { state: 'attached', timeout: 60_000 });
    expect(await page.evaluate(() => (globalThis as unknown as BrowserGlobal).sessionStorage.getItem('yrd.map.token'))).toBe(token);
    expect(await count(page, 'path.track')).toBe(1);
    expect(await count(page, 'path.track-point')).toBe(points);
    expect(await page.locator('[data-count="provinces on the track"]').textContent()).not.toBe('1');
    expect(await page.locator('#error').isHidden()).toBe(true);

    mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
    expect(statSync(SCREENSHOT).size).toBeGreaterThan(20_000);
    await page.close();
  }, 120_000);

  it('keeps the token for the tab across a reload, and colours bases by the capability chosen', async () => {
    const { nodes } = await pullAll<{ location: unknown }>(fed, 'rescueBases', 'location { lng }', { first: 500, filter: { capabilities: ['WATER'] }, argTypes: 'RescueBaseFilter' });
    const token = await fed.token({ role: 'exchange', catalog: ['VEHICLE_TRACK'] });
    const page = await openMap('?capability=WATER');
    await page.waitForSelector(DRAWN(1), { state: 'attached', timeout: 60_000 });
    await page.fill('#token', token);
    await page.click('#token-form button');
    await page.waitForSelector(DRAWN(2), { state: 'attached', timeout: 60_000 });
    await page.reload();
    await page.waitForSelector(DRAWN(1), { state: 'attached', timeout: 60_000 });
    expect(await page.inputValue('#token')).toBe(token);
    expect(await page.inputValue('#capability')).toBe('WATER');
    expect(await count(page, 'path.base')).toBe(nodes.filter((b) => b.location !== null).length);
    expect(await count(page, 'path.base-WATER')).toBe(await count(page, 'path.base'));
    await page.close();
  }, 120_000);

  it('asked nothing of any host but 127.0.0.1, and raised no browser error (no CSP violation)', () => {
    expect(outside).toEqual([]);
    expect(browserErrors).toEqual([]);
  });

  it('serves its assets and Leaflet from the project under a policy that allows nothing from outside', async () => {
    const html = await fetch(`${origin}/map`);
    expect(html.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await html.text()).toContain('data-graphql="/graphql"');
    const leaflet = await fetch(`${origin}/map/vendor/leaflet.js`);
    expect(leaflet.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await leaflet.text()).toContain('Leaflet');
    expect((await fetch(`${origin}/map/nothing.js`)).status).toBe(404);
  });
});
