import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FileAccessLogStore } from '../../schema/access-log/file-store';
import type { AccessEntry } from '../../schema/access-log/types';
import { startAuditBrowser, type AuditBrowser } from '../support/audit-browser';
import { bearer } from '../support/tokens';

/** The access-records tab of /audit in headless chromium: filters, the per-day chart, the export links. */

const entry = (day: number, sub: string, released: AccessEntry['released'], refused: AccessEntry['refused'] = []): AccessEntry => ({
  at: `2026-07-${day}T03:00:00.000Z`,
  requestId: `r-${day}-${sub}`,
  sub,
  role: sub.startsWith('sh') ? 'province' : 'exchange',
  province: sub.startsWith('sh') ? 'SH' : null,
  clientName: 'dispatch-console',
  operationName: 'Detail',
  operationHash: 'd'.repeat(64),
  kind: 'QUERY',
  released,
  refused,
  outcome: refused.length ? 'PARTIAL' : 'OK',
});

describe('the access records tab of /audit', () => {
  let audit: AuditBrowser;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'audit-access-'));
    const accessLog = new FileAccessLogStore({ file: path.join(dir, 'access.jsonl') });
    await accessLog.append([
      entry(10, 'exchange-1', [{ entry: 'HAZMAT_DETAIL', province: 'JS', records: 4 }]),
      entry(10, 'sh-officer', [{ entry: 'HAZMAT_DETAIL', province: 'SH', records: 2 }]),
      entry(11, 'exchange-1', [{ entry: 'VEHICLE_TRACK', province: 'ZJ', records: 1 }], [{ entry: 'HAZMAT_DETAIL', province: 'AH', records: 3 }]),
    ]);
    audit = await startAuditBrowser(async () => undefined, { accessLog });
  }, 60_000);

  afterAll(async () => {
    await audit?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('lists the records, charts released records per day by entry and province, and verifies the log', async () => {
    const page = await audit.auditorPage();
    await page.goto(`${audit.origin}/audit`);
    await page.click('#tab-access');
    await page.waitForSelector('tr.access-record[data-id="1"]');
    expect(await page.locator('tr.access-record').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id')))).toEqual(['3', '2', '1']);
    await page.waitForSelector('#access-verification.banner-ok');
    expect(await page.locator('#access-verification').textContent()).toBe('Access log intact: 3 records verified.');
    const chart = await page.locator('#access-chart .bar').evaluateAll((bars) => bars.map((b) => [b.closest('.day')?.getAttribute('data-day'), b.getAttribute('data-key'), b.getAttribute('data-records')]));
    expect(chart).toEqual([
      ['2026-07-10', 'HAZMAT_DETAIL JS', '4'],
      ['2026-07-10', 'HAZMAT_DETAIL SH', '2'],
      ['2026-07-11', 'VEHICLE_TRACK ZJ', '1'],
    ]);
    expect(await page.locator('#schema-panel').isHidden()).toBe(true);
    await page.close();
  });

  it('filters, and the export links carry the same filter through the gateway to the registry', async () => {
    const page = await audit.auditorPage();
    await page.goto(`${audit.origin}/audit`);
    await page.click('#tab-access');
    await page.waitForSelector('tr.access-record');
    await page.fill('#access-filter input[name="sub"]', 'exchange-1');
    await page.selectOption('#access-filter select[name="province"]', 'AH');
    await page.click('#access-filter button[type="submit"]');
    await page.waitForFunction(() => (globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }).document.querySelectorAll('tr.access-record').length === 1);
    expect(await page.locator('tr.access-record').getAttribute('data-id')).toBe('3');
    const href = await page.locator('#export-ndjson').getAttribute('href');
    expect(href).toBe('/audit/access-records.ndjson?sub=exchange-1&province=AH');
    const download = page.waitForEvent('download');
    await page.click('#export-csv');
    expect((await download).suggestedFilename()).toBe('access-records.csv');
    await page.close();

    const auditor = await bearer({ role: 'auditor' });
    const ndjson = await fetch(`${audit.origin}${href}`, { headers: auditor });
    expect(ndjson.status).toBe(200);
    expect((await ndjson.text()).trim().split('\n').map((l) => (JSON.parse(l) as { seq: number }).seq)).toEqual([3]);
    const refused = await fetch(`${audit.origin}${href}`, { headers: await bearer({ role: 'exchange' }) });
    expect(refused.status).toBe(403);
  });
});
