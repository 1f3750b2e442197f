import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { provinceSubgraphSdl } from '../../subgraphs/province/schema';
import { compileRegistryCli, registryCli } from '../support/registry-cli';

/**
 * Contract v1.1 published with `npm run registry` (the compiled CLI) as an operator would: the
 * province SDL served before the release is live; the one served now is refused for its DANGEROUS
 * WarningEvent values with the hint to approve, and published with `--approve "reason"`.
 */

const ROOT = path.resolve(__dirname, '../..');
const NEW_EVENTS = ['HAIL', 'FROST', 'HAZE', 'DROUGHT', 'FLASH_FLOOD', 'URBAN_WATERLOGGING'];

describe('publishing contract v1.1 with the registry CLI', () => {
  let dir: string;
  let file: string;
  let current: string;
  const cli = (...args: string[]) => registryCli(dir, file, ...args);

  beforeAll(async () => {
    await compileRegistryCli();
    dir = await mkdtemp(path.join(tmpdir(), 'registry-v1-1-'));
    file = path.join(dir, 'history.jsonl');
    current = path.join(dir, 'province-now.graphql');
    await writeFile(current, provinceSubgraphSdl());
    expect((await cli('publish', '--subgraph', 'region', '--url', 'http://127.0.0.1:4210/graphql', '--sdl', path.join(ROOT, 'schema/snapshots/region.graphql'), '--by', 'ci')).code).toBe(0);
    expect((await cli('publish', '--subgraph', 'provinces', '--sdl', path.join(__dirname, '../fixtures/registry/province-pre-v1-1.graphql'), '--by', 'ci')).code).toBe(0);
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('check and publish refuse the new WarningEvent values without --approve, naming them DANGEROUS', async () => {
    const check = await cli('check', '--subgraph', 'provinces', '--sdl', current);
    expect(check.code).toBe(1);
    const refused = await cli('publish', '--subgraph', 'provinces', '--sdl', current, '--by', 'ci');
    expect(refused.code).toBe(1);
    for (const e of NEW_EVENTS) expect(refused.stdout).toMatch(new RegExp(`DANGEROUS\\s+WarningEvent\\.${e}\\b`));
    expect(refused.stdout).not.toMatch(/BREAKING/);
    expect(refused.stdout).toMatch(/breaking and dangerous changes need --approve "reason"/);
  });

  it('publish --approve makes them the live version with the reason, and history shows it', async () => {
    const reason = 'contract v1.1: six warning events of the 2026 releases (issue 18)';
    const approved = await cli('publish', '--subgraph', 'provinces', '--sdl', current, '--by', 'lead', '--approve', reason, '--json');
    expect(approved.code).toBe(0);
    const outcome = JSON.parse(approved.stdout) as { status: string; version: { number: number; approval: { by: string; reason: string }; changes: { criticality: string; path: string }[] } };
    expect(outcome).toMatchObject({ status: 'published', version: { number: 3, approval: { by: 'lead', reason } } });
    expect(outcome.version.changes.filter((c) => c.criticality === 'DANGEROUS').map((c) => c.path).sort()).toEqual(NEW_EVENTS.map((e) => `WarningEvent.${e}`).sort());
    const history = await cli('history');
    expect(history.stdout).toContain(`approved by lead: ${reason}`);
    expect((await cli('verify')).code).toBe(0);
  });
});
