import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FileRegistryStore } from '../../schema/registry/file-store';
import { Registry } from '../../schema/registry/registry';
import { fixtureSdl, published } from '../support/registry-sdl';
import { isRegistryError } from '../../schema/registry/errors';


describe('Registry over the file store', () => {
  let dir: string;
  let file: string;
  let registry: Registry;
  let clock = Date.parse('2026-07-12T08:00:00Z');

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'registry-'));
    file = path.join(dir, 'history.jsonl');
    registry = new Registry(new FileRegistryStore({ file }), { now: () => new Date((clock += 1000)) });
    published(await registry.publish({ subgraph: 'region', url: 'http://127.0.0.1:4210/graphql', sdl: await fixtureSdl('region-v1'), by: 'ci' }));
    published(await registry.publish({ subgraph: 'provinces', sdl: await fixtureSdl('province-v1'), by: 'ci' }));
  });

  afterEach(async () => {
    await registry.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('composes each publish into the next live version, chained to the previous hash', async () => {
    const [first, second] = await registry.history();
    expect(first).toMatchObject({ number: 1, previousHash: null, publishedBy: 'ci', changes: [], approval: null, rollbackOf: null });
    expect(second.number).toBe(2);
    expect(second.previousHash).toBe(first.hash);
    expect(second.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(second.subgraphs.map((s) => s.name)).toEqual(['province-AH', 'province-JS', 'province-SH', 'province-ZJ', 'region']);
    expect(second.supergraphSdl).toContain('join__graph(name: "provinces"');
    expect(second.supergraphSdl).not.toContain('province-SH');
    expect(second.apiSchemaSdl).toContain('type Warning');
    expect(second.apiSchemaSdl).not.toContain('join__');
    expect((await registry.liveVersion())?.number).toBe(2);
  });

  it('classifies a removed field as BREAKING and refuses it without approval, recording the refusal', async () => {
    const outcome = await registry.publish({ subgraph: 'provinces', sdl: await fixtureSdl('province-field-removed'), by: 'dev' });
    expect(outcome.status).toBe('refused');
    expect(outcome.check.changes).toEqual([
      { criticality: 'BREAKING', type: 'FIELD_REMOVED', path: 'Warning.areaDesc', message: "Field 'areaDesc' was removed from object type 'Warning'" },
    ]);
    expect((await registry.liveVersion())?.number).toBe(2);
    const checks = await registry.checks();
    expect(checks[checks.length - 1]).toMatchObject({ by: 'dev', subgraph: 'provinces', accepted: false, version: null });
  });

  it('classifies an added optional argument as SAFE and publishes it', async () => {
    const version = published(await registry.publish({ subgraph: 'provinces', sdl: await fixtureSdl('province-optional-argument'), by: 'dev' }));
    expect(version.changes).toEqual([expect.objectContaining({ criticality: 'SAFE', type: 'FIELD_ARGUMENT_ADDED', path: 'Query.warnings.level' })]);
  });

  it('classifies an added enum value as DANGEROUS, refuses it without approval and publishes it with one', async () => {
    const refused = await registry.publish({ subgraph: 'provinces', sdl: await fixtureSdl('province-enum-value'), by: 'dev' });
    expect(refused.status).toBe('refused');
    expect(refused.check.changes).toEqual([expect.objectContaining({ criticality: 'DANGEROUS', type: 'ENUM_VALUE_ADDED', path: 'WarningLevel.PURPLE' })]);
    expect((await registry.liveVersion())?.number).toBe(2);
    const version = published(await registry.publish({ subgraph: 'provinces', sdl: await fixtureSdl('province-enum-value'), by: 'dev', approval: { reason: 'clients map an unknown level to RED' } }));
    expect(version.changes).toEqual([expect.objectContaining({ criticality: 'DANGEROUS', type: 'ENUM_VALUE_ADDED', path: 'WarningLevel.PURPLE' })]);
    expect(version.approval).toEqual({ by: 'dev', reason: 'clients map an unknown level to RED', at: expect.any(String) });
  });

  it('refuses a province shard whose SDL drifts from the other shards', async () => {
    const outcome = await registry.publish({ subgraph: 'province-JS', url: 'http://127.0.0.1:4202/graphql', sdl: await fixtureSdl('province-field-added'), by: 'js-team' });
    expect(outcome.status).toBe('refused');
    expect(outcome.check.errors.join('\n')).toMatch(/shard identity: province-JS serves an SDL different from province-AH/);
    expect((await registry.liveVersion())?.number).toBe(2);
  });

  it('accepts a shard re-registering the shared SDL at its own URL (whitespace is not drift)', async () => {
    const sdl = `# served by Jiangsu\n${await fixtureSdl('province-v1')}\n\n`;
    const version = published(await registry.publish({ subgraph: 'province-JS', url: 'http://127.0.0.1:4202/graphql', sdl, by: 'js-team' }));
    expect(version.subgraphs.find((s) => s.name === 'province-JS')?.url).toBe('http://127.0.0.1:4202/graphql');
    expect(version.changes).toEqual([]);
  });

  it('refuses a composition error with the composition message', async () => {
    const outcome = await registry.publish({ subgraph: 'region', sdl: await fixtureSdl('region-conflicting'), by: 'dev' });
    expect(outcome.status).toBe('refused');
    expect(outcome.check.errors).toEqual(expect.arrayContaining([expect.stringContaining('Non-shareable field "Query.warning" is resolved from multiple subgraphs')]));
    const checks = await registry.checks();
    expect(checks[checks.length - 1]).toMatchObject({ subgraph: 'region', accepted: false });
  });

  it('publishes an approved breaking change and records the approval in the version', async () => {
    const version = published(
      await registry.publish({ subgraph: 'provinces', sdl: await fixtureSdl('province-field-removed'), by: 'lead', approval: { reason: 'areaDesc moved to Warning.area (ticket 42)' } }),
    );
    expect(version.approval).toEqual({ by: 'lead', reason: 'areaDesc moved to Warning.area (ticket 42)', at: expect.any(String) });
    expect(version.changes[0].criticality).toBe('BREAKING');
    const checks = await registry.checks();
    expect(checks[checks.length - 1]).toMatchObject({ accepted: true, version: 3 });
  });

  it('records an identical publish as an accepted check without a new version', async () => {
    const outcome = await registry.publish({ subgraph: 'provinces', sdl: await fixtureSdl('province-v1'), by: 'ci' });
    expect(outcome.status).toBe('unchanged');
    expect((await registry.history()).length).toBe(2);
    expect(outcome.check).toMatchObject({ accepted: true, version: 2 });
  });

  it('check is a dry run: it reports what publish would do and records nothing', async () => {
    const before = (await readFile(file, 'utf8')).length;
    const result = await registry.check({ subgraph: 'provinces', sdl: await fixtureSdl('province-field-removed'), by: 'ci' });
    expect(result).toMatchObject({ status: 'refused', errors: [], changes: [expect.objectContaining({ criticality: 'BREAKING' })] });
    expect((await readFile(file, 'utf8')).length).toBe(before);
  });

  it('diffs any two versions in either direction', async () => {
    published(await registry.publish({ subgraph: 'provinces', sdl: await fixtureSdl('province-field-added'), by: 'dev' }));
    expect(await registry.diff(2, 3)).toEqual([expect.objectContaining({ criticality: 'SAFE', type: 'FIELD_ADDED', path: 'Warning.instruction' })]);
    expect(await registry.diff(3, 2)).toEqual([expect.objectContaining({ criticality: 'BREAKING', type: 'FIELD_REMOVED', path: 'Warning.instruction' })]);
    await expect(registry.diff(1, 9)).rejects.toMatchObject({ code: 'VERSION_NOT_FOUND' });
  });

  it('rolls back by publishing an earlier version again as a new version that points at it', async () => {
    const v2 = await registry.version(2);
    published(await registry.publish({ subgraph: 'provinces', sdl: await fixtureSdl('province-field-added'), by: 'dev' }));
    const rollback = published(await registry.rollback(2, 'oncall'));
    expect(rollback).toMatchObject({ number: 4, rollbackOf: 2, publishedBy: 'oncall', supergraphSdl: v2?.supergraphSdl, apiSchemaSdl: v2?.apiSchemaSdl });
    expect(rollback.changes).toEqual([expect.objectContaining({ criticality: 'BREAKING', path: 'Warning.instruction' })]);
    expect((await registry.liveVersion())?.number).toBe(4);
    expect(await registry.verify()).toEqual({ ok: true, versionsChecked: 4, firstBadVersion: null });
    await expect(registry.rollback(4, 'oncall')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('verify detects a stored version edited in the file', async () => {
    published(await registry.publish({ subgraph: 'provinces', sdl: await fixtureSdl('province-field-added'), by: 'dev' }));
    expect(await registry.verify()).toEqual({ ok: true, versionsChecked: 3, firstBadVersion: null });
    const lines = (await readFile(file, 'utf8')).split('\n');
    const index = lines.findIndex((l) => l.includes('"kind":"version"') && l.includes('"number":2,'));
    lines[index] = lines[index].replace('"publishedBy":"ci"', '"publishedBy":"mallory"');
    await writeFile(file, lines.join('\n'));
    expect(await registry.verify()).toEqual({ ok: false, versionsChecked: 2, firstBadVersion: 2, cause: 'altered' });
  });

  it('verify detects a version whose hash was recomputed after an edit, by the broken link after it', async () => {
    published(await registry.publish({ subgraph: 'provinces', sdl: await fixtureSdl('province-field-added'), by: 'dev' }));
    const { versionHash } = await import('../../schema/registry/version-hash');
    const lines = (await readFile(file, 'utf8')).split('\n');
    const index = lines.findIndex((l) => l.includes('"kind":"version"') && l.includes('"number":2,'));
    const line = JSON.parse(lines[index]) as { record: Parameters<typeof versionHash>[0] & { hash: string } };
    line.record.publishedBy = 'mallory';
    line.record.hash = versionHash(line.record);
    lines[index] = JSON.stringify(line);
    await writeFile(file, lines.join('\n'));
    expect(await registry.verify()).toEqual({ ok: false, versionsChecked: 3, firstBadVersion: 3, cause: 'altered' });
  });

  it('verify detects the newest version removed from the file, by the checks that still name it', async () => {
    published(await registry.publish({ subgraph: 'provinces', sdl: await fixtureSdl('province-field-added'), by: 'dev' }));
    expect((await registry.publish({ subgraph: 'provinces', sdl: await fixtureSdl('province-field-added'), by: 'dev' })).status).toBe('unchanged');
    const lines = (await readFile(file, 'utf8')).split('\n');
    const index = lines.findIndex((l) => l.includes('"kind":"version"') && l.includes('"number":3,'));
    lines.splice(index, 2);
    await writeFile(file, lines.join('\n'));
    expect((await registry.history()).map((v) => v.number)).toEqual([1, 2]);
    expect(await registry.verify()).toEqual({ ok: false, versionsChecked: 2, firstBadVersion: 3, cause: 'missing' });
  });

  it('refuses malformed input with INVALID_INPUT before touching the history', async () => {
    const sdl = await fixtureSdl('province-v1');
    await expect(registry.publish({ subgraph: 'bad name', sdl, by: 'ci' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(registry.publish({ subgraph: 'provinces', sdl, by: ' ' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(registry.publish({ subgraph: 'provinces', sdl, by: 'ci', approval: { reason: '' } })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(registry.publish({ subgraph: 'region', url: 'localhost:4210', sdl, by: 'ci' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect((await registry.history()).length).toBe(2);
    const syntax = await registry.publish({ subgraph: 'region', sdl: 'type Query {', by: 'ci' });
    expect(syntax.status).toBe('refused');
    expect(syntax.check.errors[0]).toMatch(/^subgraph region: Syntax Error/);
    expect(isRegistryError(new Error('x'))).toBe(false);
  });
});
