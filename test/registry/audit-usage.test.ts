import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { dayOf } from '../../schema/usage/types';
import { startAuditBrowser, type AuditBrowser } from '../support/audit-browser';

/** /audit lists, beside a version's breaking changes, the operations and clients the gateways saw use what they change (headless chromium). */

const fixture = (name: string) => readFile(path.join(__dirname, '../fixtures/registry', `${name}.graphql`), 'utf8');

describe('the /audit page: operations that breaking changes affect', () => {
  let audit: AuditBrowser;

  beforeAll(async () => {
    const today = dayOf(new Date());
    audit = await startAuditBrowser(
      async (registry) => {
        await registry.publish({ subgraph: 'provinces', sdl: await fixture('province-v1'), by: 'ci' });
        await registry.publish({ subgraph: 'provinces', sdl: await fixture('province-field-removed'), by: 'lead', approval: { reason: 'areaDesc is unused' } });
        await registry.publish({ subgraph: 'provinces', sdl: await fixture('province-enum-value'), by: 'dev', approval: { reason: 'clients map unknown levels' } });
      },
      {
        usage: [
          { day: today, client: 'dispatch-console', operationName: 'WarningAreas', operationHash: 'a'.repeat(64), coordinates: ['Query.warnings', 'Warning.areaDesc', 'Warning.id'], count: 3 },
          { day: today, client: 'map-app', operationName: 'WarningIds', operationHash: 'b'.repeat(64), coordinates: ['Query.warnings', 'Warning.id'], count: 5 },
        ],
      },
    );
  });

  afterAll(async () => {
    await audit?.close();
  });

  it("lists under a version's removed field the operation that used it and its client", async () => {
    const page = await audit.auditorPage();
    await page.goto(`${audit.origin}/audit#v=3`);
    await page.waitForSelector('#usage li.usage[data-path="Warning.areaDesc"] li.operation');
    expect(await page.locator('#usage li.usage[data-path="Warning.areaDesc"] li.operation').allTextContents()).toEqual([`WarningAreas from dispatch-console: 3 times, last ${dayOf(new Date())}`]);
    expect(await page.locator('#usage').textContent()).not.toContain('map-app');
    expect(await page.locator('#usage-title').isHidden()).toBe(false);
    await page.close();
  });

  it('says when a dangerous change affects no operation seen', async () => {
    const page = await audit.auditorPage();
    await page.goto(`${audit.origin}/audit#v=4`);
    await page.waitForSelector('#detail-title:text("Version 4")');
    await page.waitForSelector('#usage li.usage');
    expect(await page.locator('#usage li.usage').first().textContent()).toContain('No operation seen uses it (the approval is still required).');
    await page.close();
  });
});
