import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_CATALOG } from '../../../schema/registry/catalog/content';
import type { CatalogContent, CatalogVersionRecord } from '../../../schema/registry/catalog/types';
import { moved } from '../../support/catalog-edit';
import { compileRegistryCli, registryCli } from '../../support/registry-cli';

/** `npm run registry -- catalog …` on a history file: the sharing catalog published, refused, approved and rolled back like a schema. */


describe('registry CLI: catalog publish | check | approve | diff | history | rollback | verify', () => {
  let dir: string;
  let file: string;
  const cli = (...args: string[]) => registryCli(dir, file, 'catalog', ...args);
  const catalogFile = async (name: string, content: CatalogContent) => {
    const where = path.join(dir, `${name}.json`);
    await writeFile(where, JSON.stringify(content));
    return where;
  };

  beforeAll(async () => {
    await compileRegistryCli();
    dir = await mkdtemp(path.join(tmpdir(), 'catalog-cli-'));
    file = path.join(dir, 'history.jsonl');
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('publishes sharing-catalog.md as version 1, and a narrowing as SAFE without an approval', async () => {
    const first = await cli('publish', '--catalog', await catalogFile('document', DEFAULT_CATALOG), '--by', 'ci', '--json');
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ status: 'published', version: { number: 1, previousHash: null, changes: [], approval: null } });

    const narrowing = moved(DEFAULT_CATALOG, 'HazmatEnterprise.location', 'HAZMAT_DETAIL');
    const published = await cli('publish', '--catalog', await catalogFile('narrowing', narrowing), '--by', 'ci');
    expect(published.code).toBe(0);
    expect(published.stdout).toMatch(/published, live catalog version 2[\s\S]*NARROWED\s+HazmatEnterprise\.location: \(unconditional\) -> HAZMAT_DETAIL/);
  });

  it('refuses a widening without an approval, records the attempt, and publishes it once approved with a reason', async () => {
    const live = JSON.parse((await cli('show', '--json')).stdout) as CatalogContent;
    const widening = moved({ ...live, registryRoles: [...live.registryRoles, 'app'] }, 'HazmatEnterprise.contactPhone', null);
    const refused = await cli('publish', '--catalog', await catalogFile('widening', widening), '--by', 'dev');
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/refused \(check ([0-9a-f-]{36})\)/);
    expect(refused.stdout).toMatch(/WIDENED\s+HazmatEnterprise\.contactPhone: HAZMAT_DETAIL -> \(unconditional\)/);
    expect(refused.stdout).toMatch(/WIDENED\s+role:app: \(unconditional\) -> REGISTRY/);
    expect((JSON.parse((await cli('history', '--json')).stdout) as unknown[]).length).toBe(2);
    const checkId = /refused \(check ([0-9a-f-]{36})\)/.exec(refused.stdout)![1];

    expect((await cli('approve', checkId, '--by', 'chief-auditor')).code).toBe(2);
    const approved = await cli('approve', checkId, '--by', 'chief-auditor', '--reason', 'phones are published by law from 2027', '--json');
    expect(approved.code).toBe(0);
    const version = (JSON.parse(approved.stdout) as { version: CatalogVersionRecord }).version;
    expect(version).toMatchObject({ number: 3, publishedBy: 'dev', approval: { by: 'chief-auditor', reason: 'phones are published by law from 2027', at: expect.any(String) }});
    expect(version.entries.find((e) => e.name === 'HAZMAT_DETAIL')!.fields).not.toContain('HazmatEnterprise.contactPhone');
    expect(version.registryRoles).toContain('app');
    // A publish with --approve records the publisher as the approver.
    const again = await cli('publish', '--catalog', await catalogFile('widening-2', moved(widening, 'Waybill.goods', null)), '--by', 'lead', '--approve', 'goods are on the placard anyway', '--json');
    expect(JSON.parse(again.stdout)).toMatchObject({ status: 'published', version: { number: 4, approval: { by: 'lead', reason: 'goods are on the placard anyway' } } });
  });

  it('diffs any two versions, in either direction, exiting 1 when access widens', async () => {
    const widening = await cli('diff', '2', '3');
    expect(widening.code).toBe(1);
    expect(widening.stdout).toContain('WIDENED');
    const back = await cli('diff', '3', '2', '--json');
    expect(back.code).toBe(0);
    expect(JSON.parse(back.stdout)).toEqual([
      { kind: 'NARROWED', coordinate: 'HazmatEnterprise.contactPhone', from: null, to: 'HAZMAT_DETAIL' },
      { kind: 'NARROWED', coordinate: 'role:app', from: 'REGISTRY', to: null },
    ]);
  });

  it('rolls back to an earlier version as a new version pointing at it, with no approval, and lists the history newest first', async () => {
    const rollback = await cli('rollback', '1', '--by', 'oncall', '--json');
    expect(rollback.code).toBe(0);
    const version = (JSON.parse(rollback.stdout) as { version: CatalogVersionRecord }).version;
    expect(version).toMatchObject({ number: 5, rollbackOf: 1, approval: null, entries: DEFAULT_CATALOG.entries, registryRoles: DEFAULT_CATALOG.registryRoles });
    expect(version.changes).toEqual(expect.arrayContaining([{ kind: 'NARROWED', coordinate: 'HazmatEnterprise.contactPhone', from: null, to: 'HAZMAT_DETAIL' }]));
    const history = (await cli('history')).stdout.split('\n').filter(Boolean);
    expect(history[0]).toMatch(/^\*\s+5 .*oncall.*rollback of 1/);
    expect(history.map((l) => Number(l.slice(1, 6)))).toEqual([5, 4, 3, 2, 1]);
    expect(history.find((l) => /^\s+3 /.test(l))).toMatch(/approved by chief-auditor at .*: phones are published by law from 2027/);
  });

  it('keeps the catalog in its own hash chain beside the schema history, and verify finds an altered version', async () => {
    const catalogFileName = path.join(dir, 'history.catalog.jsonl');
    expect((await cli('verify')).stdout).toContain('ok: 5 catalog versions verified');
    const text = await readFile(catalogFileName, 'utf8');
    await writeFile(catalogFileName, text.replace('"registryRoles":["exchange","auditor"]', '"registryRoles":["app","exchange","auditor"]'));
    const tampered = await cli('verify');
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toMatch(/TAMPERED: catalog version 1 does not match/);
    await writeFile(catalogFileName, text);
  });

  it('refuses a catalog that names an unknown entry or one field under two entries, as a usage error', async () => {
    const unknown = await cli('publish', '--catalog', await catalogFile('unknown', { ...DEFAULT_CATALOG, entries: [{ name: 'SECRET' as never, fields: ['Warning.headline'] }] }), '--by', 'dev');
    expect(unknown).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown catalog entry "SECRET"') });
    const twice = { ...DEFAULT_CATALOG, entries: [...DEFAULT_CATALOG.entries, { name: 'MUTUAL_AID' as const, fields: ['Waybill.goods'] }] };
    expect((await cli('publish', '--catalog', await catalogFile('twice', twice), '--by', 'dev')).stderr).toContain('Waybill.goods is listed under both HAZMAT_DETAIL and MUTUAL_AID');
  });
});
