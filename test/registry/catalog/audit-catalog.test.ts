import { DEFAULT_CATALOG } from '../../../schema/registry/catalog/content';
import { moved } from '../../support/catalog-edit';
import { startAuditBrowser, type AuditBrowser } from '../../support/audit-browser';

/** The sharing catalog's section of /audit, in headless chromium: its versions, approvals and diffs beside the schema's. */


describe('the /audit page: the sharing catalog beside the schema history', () => {
  let audit: AuditBrowser;

  beforeAll(async () => {
    audit = await startAuditBrowser(
      async () => undefined,
      {
        catalog: async (catalog) => {
          await catalog.publish({ content: DEFAULT_CATALOG, by: 'npm-start' });
          await catalog.publish({ content: moved(DEFAULT_CATALOG, 'HazmatEnterprise.location', 'HAZMAT_DETAIL'), by: 'dpo' });
          const refused = await catalog.publish({ content: moved(moved(DEFAULT_CATALOG, 'HazmatEnterprise.location', 'HAZMAT_DETAIL'), 'Waybill.goods', null), by: 'dev' });
          if (refused.status !== 'refused') throw new Error('a widening without approval was published');
          await catalog.approve(refused.check.id, 'chief-auditor', 'goods are on the placard anyway');
        },
      },
    );
  });

  afterAll(async () => {
    await audit?.close();
  });

  it('lists the catalog versions newest first with the approval of the widening: who, when, why', async () => {
    const page = await audit.auditorPage();
    await page.goto(`${audit.origin}/audit`);
    await page.waitForSelector('tr.catalog-version[data-catalog-version="1"]');
    expect(await page.locator('tr.catalog-version').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-catalog-version')))).toEqual(['3', '2', '1']);
    expect(await page.locator('tr.catalog-version[data-catalog-version="3"] .badge-live').textContent()).toBe('live');
    const approval = await page.locator('tr.catalog-version[data-catalog-version="3"] .approval').textContent();
    expect(approval).toMatch(/^chief-auditor, .+: goods are on the placard anyway$/);
    expect(await page.locator('#catalog-status').textContent()).toBe('Catalog hash chain intact: 3 versions verified.');
    expect(await page.locator('#verification').textContent()).toContain('Hash chain intact');
    await page.close();
  });

  it("shows a version's catalog changes, and the diff between any two versions", async () => {
    const page = await audit.auditorPage();
    await page.goto(`${audit.origin}/audit`);
    await page.waitForSelector('#catalog-changes li.catalog-change');
    const live = await page.locator('#catalog-changes li.catalog-change').evaluateAll((items) => items.map((i) => [i.getAttribute('data-kind'), i.textContent]));
    expect(live).toEqual([['WIDENED', 'WIDENEDWaybill.goodsHAZMAT_DETAIL → unconditional']]);
    await page.click('tr.catalog-version[data-catalog-version="2"]');
    await page.waitForSelector('#catalog-changes-title:text("Catalog version 2")');
    expect(await page.locator('#catalog-changes li.catalog-change').evaluateAll((items) => items.map((i) => i.getAttribute('data-kind')))).toEqual(['NARROWED']);
    await page.fill('#catalog-from', '1');
    await page.fill('#catalog-to', '3');
    await page.click('#catalog-compare button');
    await page.waitForSelector('#catalog-changes-title:text("from version 1 to 3")');
    const diff = await page.locator('#catalog-changes li.catalog-change').evaluateAll((items) => items.map((i) => i.textContent));
    expect(diff).toEqual(['NARROWEDHazmatEnterprise.locationunconditional → HAZMAT_DETAIL', 'WIDENEDWaybill.goodsHAZMAT_DETAIL → unconditional']);
    await page.close();
  });
});
