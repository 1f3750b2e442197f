import path from 'node:path';
import { readFile, writeFile } from 'node:fs/promises';
import { headSigner } from '../../schema/registry/signing';
import { startAuditBrowser, type AuditBrowser } from '../support/audit-browser';
import { rewriteHistoryWhole } from '../support/history-rewrite';
import { fixtureSdl } from '../support/registry-sdl';
import { newSigningSeed } from '../support/signing-keys';

/** /audit shows the public key the history is signed with, each version's signature, and a rewritten history as such. */
describe('the /audit page of a signed history', () => {
  const signer = headSigner(newSigningSeed());
  let audit: AuditBrowser;

  beforeAll(async () => {
    audit = await startAuditBrowser(async (registry) => {
      await registry.publish({ subgraph: 'provinces', sdl: await fixtureSdl('province-v1'), by: 'ci' });
    }, { signer });
  });

  afterAll(async () => {
    await audit?.close();
  });

  it("shows the key's fingerprint and PEM, and a version's signature", async () => {
    const page = await audit.auditorPage();
    await page.goto(`${audit.origin}/audit#v=2`);
    await page.waitForSelector('#signing-fingerprint');
    expect(await page.locator('#signing-fingerprint').textContent()).toBe(signer.fingerprint);
    expect(await page.locator('#signing-public-key').textContent()).toBe(signer.publicKeyPem);
    await page.waitForSelector('#verification.banner-ok');
    await page.waitForSelector('#detail-title:has-text("Version 2")');
    const version = await audit.registry.version(2);
    expect(await page.locator('#detail-facts dd').allTextContents()).toContain(version?.signature);
    await page.close();
  });

  it('names a history rewritten whole with fresh hashes as not signed by the key', async () => {
    const file = path.join(audit.dir, 'history.jsonl');
    const intact = await readFile(file, 'utf8');
    await rewriteHistoryWhole(file);
    try {
      const page = await audit.auditorPage();
      await page.goto(`${audit.origin}/audit`);
      await page.waitForSelector('#verification.banner-error');
      expect(await page.locator('#verification').textContent()).toBe(
        "History tampered: version 2 is not signed by the deployment's key (the history was rewritten, or signed with another key).",
      );
      await page.close();
    } finally {
      await writeFile(file, intact);
    }
  });
});
