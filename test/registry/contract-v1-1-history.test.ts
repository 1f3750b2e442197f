import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Registry } from '../../schema/registry/registry';
import type { SchemaChange, SchemaVersionRecord } from '../../schema/registry/types';
import { provinceSubgraphSdl } from '../../subgraphs/province/schema';
import { startAuditBrowser, type AuditBrowser } from '../support/audit-browser';

/**
 * Contract v1.1 reaching clients through the registry as a deployment would: the province SDL
 * served before the release (test/fixtures/registry/province-pre-v1-1.graphql, the snapshot of
 * main before issue 18) is live; the SDL the province subgraph serves now is published after it.
 * Its additions are SAFE; the new values of the existing enum WarningEvent are DANGEROUS, refused
 * without an approval and published with one whose reason is recorded; /audit shows the version
 * with its changes. The assertions name this branch's additions and hold whatever other v1.1
 * additions (waybill, enterprise fields) the current SDL carries, as long as they are SAFE.
 */

const ROOT = path.resolve(__dirname, '../..');
const NEW_EVENTS = ['HAIL', 'FROST', 'HAZE', 'DROUGHT', 'FLASH_FLOOD', 'URBAN_WATERLOGGING'];
const SAFE_ADDITIONS = [
  'RescueForceType', 'RescueTeam.forceType', 'RescueBaseFilter.forceTypes',
  'WarningFilter.zone', 'EnterpriseFilter.zone', 'WaybillFilter.zone', 'RescueBaseFilter.zone',
];
const REASON = 'Contract v1.1: the six warning events of the 2026 releases; clients show an unknown event by its Chinese name';

describe('the registry history of contract v1.1', () => {
  let site: AuditBrowser;
  let registry: Registry;
  let before: SchemaVersionRecord;
  let refusedChanges: SchemaChange[];
  let version: SchemaVersionRecord;

  beforeAll(async () => {
    site = await startAuditBrowser(async (r) => {
      await r.publish({ subgraph: 'region', url: 'http://127.0.0.1:4210/graphql', sdl: await readFile(path.join(ROOT, 'schema/snapshots/region.graphql'), 'utf8'), by: 'ci' });
      await r.publish({ subgraph: 'provinces', sdl: await readFile(path.join(__dirname, '../fixtures/registry/province-pre-v1-1.graphql'), 'utf8'), by: 'ci' });
    });
    registry = site.registry;
    before = (await registry.liveVersion()) as SchemaVersionRecord;

    const refused = await registry.publish({ subgraph: 'provinces', sdl: provinceSubgraphSdl(), by: 'ci' });
    if (refused.status !== 'refused') throw new Error(`expected a refusal, got ${refused.status}`);
    refusedChanges = refused.check.changes;

    const approved = await registry.publish({ subgraph: 'provinces', sdl: provinceSubgraphSdl(), by: 'lead', approval: { reason: REASON } });
    if (approved.status !== 'published') throw new Error(`expected a new version, got ${approved.status}: ${JSON.stringify(approved.check)}`);
    version = approved.version;
  });

  afterAll(async () => {
    await site?.close();
  });

  it('classifies the additions as SAFE and nothing as BREAKING', () => {
    expect(refusedChanges.filter((c) => c.criticality === 'BREAKING')).toEqual([]);
    const safePaths = refusedChanges.filter((c) => c.criticality === 'SAFE').map((c) => c.path);
    for (const addition of SAFE_ADDITIONS) expect(safePaths).toContain(addition);
  });

  it('classifies the new values of WarningEvent, and nothing else, as DANGEROUS', () => {
    expect(refusedChanges.filter((c) => c.criticality === 'DANGEROUS').map((c) => [c.type, c.path])).toEqual(
      NEW_EVENTS.map((e) => ['ENUM_VALUE_ADDED', `WarningEvent.${e}`]).sort((a, b) => a[1].localeCompare(b[1])),
    );
  });

  it('refused them without an approval, leaving the live version and recording the refused check', async () => {
    const checks = await registry.checks();
    const refusal = checks.find((c) => !c.accepted && c.subgraph === 'provinces');
    expect(refusal).toMatchObject({ by: 'ci', accepted: false, version: null, errors: [] });
    expect(refusal?.changes).toEqual(refusedChanges);
    expect(version.number).toBe(before.number + 1);
  });

  it('published them with the approval, its reason recorded in the hash-chained version', async () => {
    expect(version).toMatchObject({ publishedBy: 'lead', previousHash: before.hash, approval: { by: 'lead', reason: REASON, at: expect.any(String) } });
    expect(version.changes).toEqual(refusedChanges);
    expect(version.apiSchemaSdl).toMatch(/enum RescueForceType/);
    expect((await registry.liveVersion())?.number).toBe(version.number);
    expect(await registry.verify()).toMatchObject({ ok: true });
  });

  it('/audit shows the version with its approval and its changes, the new events as DANGEROUS', async () => {
    const page = await site.auditorPage();
    try {
      await page.goto(`${site.origin}/audit#v=${version.number}`);
      await page.waitForSelector(`#detail-title:text("Version ${version.number} (live)")`);
      expect(await page.locator('#detail-facts').textContent()).toContain(REASON);
      const rows = await page.locator('#changes li.change').evaluateAll((items) => items.map((i) => [i.getAttribute('data-criticality'), i.textContent ?? '']));
      expect(rows).toHaveLength(refusedChanges.length);
      for (const e of NEW_EVENTS) expect(rows).toContainEqual(['DANGEROUS', expect.stringContaining(`WarningEvent.${e}`)]);
      for (const addition of SAFE_ADDITIONS) expect(rows).toContainEqual(['SAFE', expect.stringContaining(addition)]);
      expect(rows.some(([criticality]) => criticality === 'BREAKING')).toBe(false);
    } finally {
      await page.close();
    }
  });
});
