import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FileRegistryStore } from '../../schema/registry/file-store';
import { Registry } from '../../schema/registry/registry';
import { compileRegistryCli, registryCli } from '../support/registry-cli';

const fixture = (name: string) => path.join(__dirname, '../fixtures/registry', `${name}.graphql`);

describe('registry CLI (the compiled script behind `npm run registry`)', () => {
  let dir: string;
  let file: string;

  const cli = (...args: string[]) => registryCli(dir, file, ...args);

  beforeAll(async () => {
    await compileRegistryCli();
    dir = await mkdtemp(path.join(tmpdir(), 'registry-cli-'));
    file = path.join(dir, 'history.jsonl');
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('exits 0 on a publish and 1 on a refused one, 0 again once the breaking change is approved', async () => {
    expect((await cli('publish', '--subgraph', 'region', '--url', 'http://127.0.0.1:4210/graphql', '--sdl', fixture('region-v1'), '--by', 'ci')).code).toBe(0);
    const first = await cli('publish', '--subgraph', 'provinces', '--sdl', fixture('province-v1'), '--by', 'ci');
    expect(first).toMatchObject({ code: 0, stdout: expect.stringContaining('published, live version 2') });

    const refused = await cli('publish', '--subgraph', 'provinces', '--sdl', fixture('province-field-removed'), '--by', 'dev');
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/refused[\s\S]*BREAKING\s+Warning\.areaDesc[\s\S]*--approve/);

    const approved = await cli('publish', '--subgraph', 'provinces', '--sdl', fixture('province-field-removed'), '--by', 'lead', '--approve', 'nobody reads areaDesc', '--json');
    expect(approved.code).toBe(0);
    expect(JSON.parse(approved.stdout)).toMatchObject({ status: 'published', version: { number: 3, approval: { by: 'lead', reason: 'nobody reads areaDesc' } } });
  });

  it('check is a dry run: 1 for a drifting shard, a breaking or an unapproved dangerous change, 0 for a safe or approved one', async () => {
    expect((await cli('check', '--subgraph', 'province-SH', '--sdl', fixture('province-field-added'))).code).toBe(1);
    expect((await cli('check', '--subgraph', 'provinces', '--sdl', fixture('province-v1'))).code).toBe(0);
    expect((await cli('check', '--subgraph', 'provinces', '--sdl', fixture('province-enum-value'))).code).toBe(1);
    expect((await cli('check', '--subgraph', 'provinces', '--sdl', fixture('province-enum-value'), '--approve', 'clients map unknown levels')).code).toBe(0);
    const history = JSON.parse((await cli('history', '--json')).stdout) as { number: number }[];
    expect(history.map((v) => v.number)).toEqual([3, 2, 1]);
  });

  it('diff exits 1 when the changes break clients and 0 when they do not', async () => {
    const breaking = await cli('diff', '2', '3');
    expect(breaking.code).toBe(1);
    expect(breaking.stdout).toContain('BREAKING');
    expect((await cli('diff', '3', '2')).code).toBe(0);
  });

  it('rollback publishes a new version pointing at the earlier one', async () => {
    const rollback = await cli('rollback', '2', '--by', 'oncall', '--json');
    expect(rollback.code).toBe(0);
    expect(JSON.parse(rollback.stdout)).toMatchObject({ version: { number: 4, rollbackOf: 2 } });
    expect((await cli('history')).stdout).toMatch(/^\*\s+4 .*rollback of 2/m);
  });

  it('verify exits 0 on an intact history and 1 once a stored version is edited', async () => {
    expect(await cli('verify')).toMatchObject({ code: 0, stdout: expect.stringContaining('4 versions verified') });
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace('"publishedBy":"lead"', '"publishedBy":"someone-else"'));
    expect(await cli('verify')).toMatchObject({ code: 1, stdout: expect.stringContaining('version 3 does not match') });
    await writeFile(file, text.split('\n').filter((l) => !(l.includes('"kind":"version"') && l.includes('"number":4,'))).join('\n'));
    expect(await cli('verify')).toMatchObject({ code: 1, stdout: expect.stringContaining('version 4 is missing') });
    await writeFile(file, text);
  });

  it('exits 2 on usage errors and 3 when the registry cannot be read', async () => {
    const runs = await Promise.all([
      cli(),
      cli('frobnicate'),
      cli('publish', '--subgraph', 'region', '--sdl', fixture('region-v1')),
      cli('publish', '--nope'),
      cli('diff', 'one', '2'),
      cli('rollback', '99', '--by', 'oncall'),
      cli('publish', '--subgraph', 'region', '--sdl', path.join(dir, 'missing.graphql'), '--by', 'ci'),
    ]);
    expect(runs.map((r) => r.code)).toEqual([2, 2, 2, 2, 2, 2, 2]);
    expect(runs[1].stderr).toContain('unknown command "frobnicate"');
    expect(runs[5].stderr).toContain('VERSION_NOT_FOUND');
    const unreadable = await Promise.all([cli('history', '--file', dir), cli('history', '--redis', 'redis://127.0.0.1:1')]);
    expect(unreadable.map((r) => r.code)).toEqual([3, 3]);
  });

  it('concurrent publishes from six processes on one file end in a gapless chain that lost none', async () => {
    const shared = path.join(dir, 'concurrent.jsonl');
    const sdlFiles = await Promise.all(
      Array.from({ length: 6 }, async (_, i) => {
        const sdlFile = path.join(dir, `extra${i}.graphql`);
        await writeFile(sdlFile, `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])\ntype Query { extra${i}: String }\n`);
        return sdlFile;
      }),
    );
    const runs = await Promise.all(sdlFiles.map((sdl, i) => cli('publish', '--file', shared, '--subgraph', `extra${i}`, '--sdl', sdl, '--by', `p${i}`)));
    expect(runs.map((r) => r.code)).toEqual(Array(6).fill(0));

    const registry = new Registry(new FileRegistryStore({ file: shared }));
    const history = await registry.history();
    expect(history.map((v) => v.number)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(history[5].subgraphs.map((s) => s.name)).toEqual(['extra0', 'extra1', 'extra2', 'extra3', 'extra4', 'extra5']);
    expect(await registry.verify()).toEqual({ ok: true, versionsChecked: 6, firstBadVersion: null });
    await registry.close();
  });
});
