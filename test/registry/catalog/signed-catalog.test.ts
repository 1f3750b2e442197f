import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../../../schema/registry/cli';
import { catalogVersionHash } from '../../../schema/registry/catalog/catalog-hash';
import { CatalogRegistry } from '../../../schema/registry/catalog/catalog-registry';
import { DEFAULT_CATALOG } from '../../../schema/registry/catalog/content';
import { catalogFileOf, openCatalogStore } from '../../../schema/registry/catalog/open-catalog-store';
import { headSigner } from '../../../schema/registry/signing';
import { moved } from '../../support/catalog-edit';
import { readHistoryLines, rewriteHistoryWhole } from '../../support/history-rewrite';
import { newSigningSeed } from '../../support/signing-keys';

/**
 * The sharing catalog's history is signed as the schema's is (REGISTRY_SIGNING_KEY, Ed25519 over
 * each version's hash): a catalog history rewritten whole with fresh, consistent hashes passes the
 * hash chain and fails the signatures; `export-head` prints the catalog's head signed.
 */
describe('signed sharing catalog history', () => {
  const key = newSigningSeed();
  const signer = headSigner(key);
  let dir: string;
  let file: string;
  const open = (withSigner: boolean) => new CatalogRegistry(openCatalogStore({ file, redisUrl: null, redisPrefix: 'unused:', signingKey: withSigner ? key : null }), { signer: withSigner ? signer : null });

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'catalog-signed-'));
    file = path.join(dir, 'history.jsonl');
    const catalog = open(true);
    await catalog.publish({ content: DEFAULT_CATALOG, by: 'launcher' });
    await catalog.publish({ content: moved(DEFAULT_CATALOG, 'HazmatEnterprise.location', 'HAZMAT_DETAIL'), by: 'ci' });
    await catalog.close();
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('signs every catalog version over its hash, and verifies', async () => {
    const catalog = open(true);
    const versions = await catalog.history();
    expect(versions).toHaveLength(2);
    for (const v of versions) expect(signer.verify(v.hash, v.signature as string)).toBe(true);
    expect(await catalog.verify()).toEqual({ ok: true, versionsChecked: 2, firstBadVersion: null });
    await catalog.close();
  });

  it('detects a catalog history rewritten whole with consistent hashes only by its signatures', async () => {
    await rewriteHistoryWhole(catalogFileOf(file), null, catalogVersionHash);
    expect((await readHistoryLines(catalogFileOf(file))).find((l) => l.kind === 'version')?.record.publishedBy).toBe('mallory');
    const unsigned = open(false);
    expect((await unsigned.verify()).ok).toBe(true);
    await unsigned.close();
    const signed = open(true);
    expect(await signed.verify()).toMatchObject({ ok: false, cause: 'signature' });
    await signed.close();
  });

  it('detects a rewrite signed with another key', async () => {
    await rewriteHistoryWhole(catalogFileOf(file), headSigner(newSigningSeed()), catalogVersionHash);
    const signed = open(true);
    expect(await signed.verify()).toMatchObject({ ok: false, firstBadVersion: 1, cause: 'signature' });
    await signed.close();
  });

  it('`registry export-head` prints the live catalog version signed', async () => {
    const out: string[] = [];
    const code = await runCli(['export-head', '--file', file], { REGISTRY_SIGNING_KEY: key, ACCESS_LOG_FILE: path.join(dir, 'access.jsonl') }, { out: (l) => out.push(l), err: (l) => out.push(l) });
    expect(code).toBe(0);
    const heads = JSON.parse(out.join('\n')) as { catalog: { number: number; hash: string; signature: string } };
    const live = (await readHistoryLines(catalogFileOf(file))).filter((l) => l.kind === 'version').at(-1)?.record;
    expect(heads.catalog).toEqual({ number: 2, hash: live?.hash, signature: expect.any(String) });
    expect(signer.verify(heads.catalog.hash, heads.catalog.signature)).toBe(true);
  });
});
