import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FileRegistryStore } from '../../schema/registry/file-store';
import { Registry } from '../../schema/registry/registry';
import { startFederation, type Federation } from '../support/federation';
import { compileRegistryCli, registryCli } from '../support/registry-cli';
import { EVERY_ENTRY, bearer } from '../support/tokens';

/**
 * Usage-aware checks: the gateway counts which fields and arguments each operation uses, per
 * client name, beside the registry; `registry check` and `publish` name, for a breaking change,
 * the operations and clients seen using what it removes.
 */

let dir: string;
let file: string;
let fed: Federation;
let removedSdl: string;

async function serviceSdl(url: string): Promise<string> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ _service { sdl } }"}' });
  return ((await res.json()) as { data: { _service: { sdl: string } } }).data._service.sdl;
}

/** The SDL without one field or argument definition and the description before it. */
function withoutDefinition(sdl: string, indent: string, definition: string): string {
  const description = `(?:"""(?:(?!""")[\\s\\S])*"""|"[^"\\n]*")\\n${indent}`;
  return sdl.replace(new RegExp(`\\n${indent}(?:${description})?${definition}\\n`), '\n');
}

async function send(client: string, query: string): Promise<void> {
  const res = await fetch(fed.url, { method: 'POST', headers: { 'content-type': 'application/json', 'apollographql-client-name': client, ...(await bearer(EVERY_ENTRY)) }, body: JSON.stringify({ query }) });
  const body = (await res.json()) as { errors?: unknown[] };
  expect(body.errors).toBeUndefined();
}

beforeAll(async () => {
  await compileRegistryCli();
  dir = await mkdtemp(path.join(tmpdir(), 'usage-check-'));
  file = path.join(dir, 'history.jsonl');
  fed = await startFederation({ credit: false, gatewayEnv: { REGISTRY_FILE: file } });
  const registry = new Registry(new FileRegistryStore({ file }));
  try {
    await registry.publish({ subgraph: 'region', url: fed.gatewayConfig.region.url, sdl: await serviceSdl(fed.gatewayConfig.region.url), by: 'ci' });
    const provinceSdl = await serviceSdl(fed.provinceUrls.SH);
    await registry.publish({ subgraph: 'provinces', sdl: provinceSdl, by: 'ci' });
    const warning = /\ntype Warning [^{]*\{[\s\S]*?\n\}/.exec(provinceSdl)![0];
    removedSdl = provinceSdl.replace(warning, withoutDefinition(warning, '  ', 'instruction: String'));
    expect(removedSdl).not.toBe(provinceSdl);
    await writeFile(path.join(dir, 'instruction-removed.graphql'), removedSdl);
  } finally {
    await registry.close();
  }
}, 120_000);

afterAll(async () => {
  await fed?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('usage-aware schema checks', () => {
  const check = (...extra: string[]) => registryCli(dir, file, 'check', '--subgraph', 'provinces', '--sdl', path.join(dir, 'instruction-removed.graphql'), ...extra);

  it('says when a breaking change affects no operation seen in the window, and still wants the approval', async () => {
    const result = await check();
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/BREAKING Warning\.instruction:\n\s+no operation seen in the last 14 days uses it \(the approval is still required\)/);
  });

  it('reports a removed field that a recorded operation used, with its client, and not the clients that did not use it', async () => {
    await send('dispatch-console', 'query WarningInstructions { warnings(first: 2) { edges { node { id instruction } } } }');
    await send('dispatch-console', 'query WarningInstructions { warnings(first: 2) { edges { node { id instruction } } } }');
    await send('map-app', 'query WarningHeadlines { warnings(first: 2, filter: { provinces: [JS] }) { edges { node { id headline } } } }');
    const usageFile = path.join(dir, 'history.usage.jsonl');
    for (const deadline = Date.now() + 5000; !(await readFile(usageFile, 'utf8').catch(() => '')).includes('WarningHeadlines'); ) {
      if (Date.now() > deadline) throw new Error('the gateway wrote no usage');
      await new Promise((r) => setTimeout(r, 100));
    }

    const result = await check('--json');
    expect(result.code).toBe(1);
    const { usage } = JSON.parse(result.stdout) as { usage: { change: { path: string }; operations: { operationName: string; clients: string[]; count: number }[] }[] };
    const removed = usage.find((u) => u.change.path === 'Warning.instruction');
    expect(removed?.operations).toEqual([expect.objectContaining({ operationName: 'WarningInstructions', clients: ['dispatch-console'], count: 2 })]);

    const refused = await registryCli(dir, file, 'publish', '--subgraph', 'provinces', '--sdl', path.join(dir, 'instruction-removed.graphql'), '--by', 'dev');
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/BREAKING Warning\.instruction:\n\s+WarningInstructions [0-9a-f]{12} from dispatch-console: 2 times, last \d{4}-\d{2}-\d{2}/);
    expect(refused.stdout).not.toContain('map-app');
  });

  it('counts arguments too: a removed argument names the operations that passed it', async () => {
    const filterRemoved = removedSdl.replace(/\n {2}warnings\([\s\S]*?\): WarningConnection!/, (field) => withoutDefinition(field, '    ', 'filter: WarningFilter'));
    expect(filterRemoved).not.toBe(removedSdl);
    await writeFile(path.join(dir, 'filter-removed.graphql'), filterRemoved);
    const result = await registryCli(dir, file, 'check', '--subgraph', 'provinces', '--sdl', path.join(dir, 'filter-removed.graphql'));
    expect(result.stdout).toMatch(/BREAKING Query\.warnings\.filter:\n\s+WarningHeadlines [0-9a-f]{12} from map-app: 1 times/);
  });
});
