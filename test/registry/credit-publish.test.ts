import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FileRegistryStore } from '../../schema/registry/file-store';
import { Registry } from '../../schema/registry/registry';
import { fixtureSdl, published, snapshotSdl } from '../support/registry-sdl';
import { startAuditBrowser, type AuditBrowser } from '../support/audit-browser';

/** The credit subgraph joins a running federation through the registry, as any subgraph (issue 19). */


describe('publishing the credit subgraph', () => {
  let dir: string;
  let registry: Registry;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'credit-registry-'));
    registry = new Registry(new FileRegistryStore({ file: path.join(dir, 'history.jsonl') }));
    published(await registry.publish({ subgraph: 'region', url: 'http://127.0.0.1:4210/graphql', sdl: await snapshotSdl('region'), by: 'ci' }));
    published(await registry.publish({ subgraph: 'provinces', sdl: await fixtureSdl('province-before-credit'), by: 'ci' }));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('publishes the provinces’ new key and shared Provenance, then credit as a new subgraph, every change SAFE', async () => {
    // The province SDL as served when credit joined (before contract v1.1, whose new enum values need an approval: contract-v1-1-history.test.ts).
    const provinces = published(await registry.publish({ subgraph: 'provinces', sdl: await fixtureSdl('province-pre-v1-1'), by: 'ci' }));
    expect(provinces.changes.filter((c) => c.criticality !== 'SAFE')).toEqual([]);
    const credit = published(await registry.publish({ subgraph: 'credit', url: 'http://127.0.0.1:4230/graphql', sdl: await snapshotSdl('credit'), by: 'ci' }));
    expect(credit.changes.length).toBeGreaterThan(0);
    expect(credit.changes.filter((c) => c.criticality !== 'SAFE')).toEqual([]);
    expect(credit.changes.map((c) => c.path)).toEqual(expect.arrayContaining(['CreditSanction', 'HazmatEnterprise.sanctions', 'ResourceOrganisation.sanctions', 'Query.creditSanctions', 'Query.sanctionsOf']));
    expect((await registry.liveVersion())?.number).toBe(credit.number);
  });
});

describe('the credit subgraph on /audit', () => {
  let audit: AuditBrowser;
  let creditVersion: number;

  beforeAll(async () => {
    audit = await startAuditBrowser(async (registry) => {
      published(await registry.publish({ subgraph: 'region', url: 'http://127.0.0.1:4210/graphql', sdl: await snapshotSdl('region'), by: 'ci' }));
      published(await registry.publish({ subgraph: 'provinces', sdl: await fixtureSdl('province-before-credit'), by: 'ci' }));
      published(await registry.publish({ subgraph: 'provinces', sdl: await fixtureSdl('province-pre-v1-1'), by: 'ci' }));
      creditVersion = published(await registry.publish({ subgraph: 'credit', url: 'http://127.0.0.1:4230/graphql', sdl: await snapshotSdl('credit'), by: 'credit-launcher' })).number;
    });
  });
  afterAll(async () => {
    await audit?.close();
  });

  it('shows the version that added the credit subgraph: who published it, its subgraphs, and its changes, all SAFE', async () => {
    const page = await audit.auditorPage();
    await page.goto(`${audit.origin}/audit#v=${creditVersion}`);
    await page.waitForSelector(`#detail-title:text("Version ${creditVersion} (live)")`);
    expect(await page.locator('#detail-facts').textContent()).toContain('credit-launcher');
    expect(await page.locator('#subgraphs li strong').allTextContents()).toEqual(expect.arrayContaining(['credit', 'province-SH', 'province-JS', 'province-ZJ', 'province-AH', 'region']));
    expect(await page.locator('#subgraphs li', { hasText: 'credit' }).textContent()).toContain('http://127.0.0.1:4230/graphql');
    const changes = page.locator('#changes li.change');
    const criticalities = await changes.evaluateAll((items) => items.map((i) => i.getAttribute('data-criticality')));
    expect(criticalities.length).toBeGreaterThan(0);
    expect(new Set(criticalities)).toEqual(new Set(['SAFE']));
    const texts = (await changes.allTextContents()).join('\n');
    for (const added of ['creditSanctions', 'sanctionsOf', 'CreditSanction']) expect(texts).toContain(added);
    await page.close();
  });
});
