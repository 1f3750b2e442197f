import { type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { publishInitialCatalog } from '../../../launcher/publish-catalog';
import { publishRunningSchemas } from '../../../launcher/publish-schemas';
import type { RegistryStoreConfig } from '../../../schema/config/shared-config';
import { CatalogRegistry } from '../../../schema/registry/catalog/catalog-registry';
import { DEFAULT_CATALOG } from '../../../schema/registry/catalog/content';
import { moved } from '../../support/catalog-edit';
import { LiveCatalog } from '../../../schema/registry/catalog/live-catalog';
import { openCatalogStore } from '../../../schema/registry/catalog/open-catalog-store';
import { FileRegistryStore } from '../../../schema/registry/file-store';
import { Registry } from '../../../schema/registry/registry';
import { FileWebhookStore } from '../../../schema/webhooks/file-store';
import { PROVINCE_CODES } from '../../../schema/model';
import { startRegistrySubgraph } from '../../../subgraphs/registry/registry-subgraph';
import { startFederation, type Federation } from '../../support/federation';
import { startGatewayProcesses } from '../../support/gateway-processes';
import { releaseBuild, sharedBuild } from '../../support/shared-build';
import { bearer, TEST_AUTH_ENV, testVerifier } from '../../support/tokens';

/**
 * The live sharing catalog reaches two gateway processes and the province subgraphs without a
 * restart: every catalog publish, approval and rollback below is checked by a query through both
 * gateways (whose response caches hold the answer from before), and once directly against a
 * province subgraph.
 */

let outDir: string;
const QUERY = '{ hazmatEnterprises(first: 3, filter: { provinces: [SH] }) { edges { node { creditCode location { lat } contactPhone } } } }';
const APP = { sub: 'app-1', role: 'app' as const, catalog: [] };

type Answer = { data?: { hazmatEnterprises?: { edges: { node: { location: unknown; contactPhone: string | null } }[] } } | null; errors?: { path?: (string | number)[]; extensions?: { code?: string; entry?: string } }[] };

let dir: string;
let store: RegistryStoreConfig;
let fed: Federation;
let registry: Registry;
let catalog: CatalogRegistry;
let live: LiveCatalog;
const closers: (() => Promise<void>)[] = [];
const gateways: { url: string; child: ChildProcess }[] = [];

async function ask(url: string, query: string, headers: Record<string, string>): Promise<Answer> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });
  return (await res.json()) as Answer;
}

/** Whether the answer gives location and contactPhone, or refuses them (the entry of the FORBIDDEN errors at each). */
function seen(answer: Answer): Record<'location' | 'contactPhone', string> {
  const nodes = answer.data?.hazmatEnterprises?.edges.map((e) => e.node) ?? [];
  if (nodes.length === 0) throw new Error(`no enterprises: ${JSON.stringify(answer).slice(0, 300)}`);
  const state = (field: 'location' | 'contactPhone') => {
    const refusals = (answer.errors ?? []).filter((e) => e.path?.at(-1) === field && e.extensions?.code === 'FORBIDDEN');
    if (refusals.length === 0 && nodes.some((n) => n[field] !== null)) return 'visible';
    const entries = new Set(refusals.map((e) => e.extensions?.entry));
    return nodes.every((n) => n[field] === null) && refusals.length === nodes.length && entries.size === 1 ? `FORBIDDEN ${[...entries][0]}` : `mixed ${JSON.stringify(answer).slice(0, 200)}`;
  };
  return { location: state('location'), contactPhone: state('contactPhone') };
}

async function everyGatewaySees(expected: Record<'location' | 'contactPhone', string>, timeoutMs = 5000): Promise<void> {
  const headers = await bearer(APP);
  const since = Date.now();
  await Promise.all(
    gateways.map(async (g) => {
      for (;;) {
        const now = seen(await ask(g.url, QUERY, headers));
        if (now.location === expected.location && now.contactPhone === expected.contactPhone) return;
        if (Date.now() - since > timeoutMs) expect(now).toEqual(expected);
        await new Promise((r) => setTimeout(r, 50));
      }
    }),
  );
}


beforeAll(async () => {
  const build = sharedBuild('catalog-reload');
  dir = await mkdtemp(path.join(tmpdir(), 'catalog-reload-'));
  store = { file: path.join(dir, 'history.jsonl'), redisUrl: null, redisPrefix: 'unused:', signingKey: null };
  fed = await startFederation({ credit: false, catalogStore: store, gatewayEnv: { REGISTRY_FILE: store.file } });
  closers.push(() => fed.close());
  registry = new Registry(new FileRegistryStore({ file: store.file }));
  catalog = new CatalogRegistry(openCatalogStore(store), { liveApiSchema: async () => (await registry.liveVersion())?.apiSchemaSdl ?? null });
  live = await new LiveCatalog(openCatalogStore(store, { watchIntervalMs: 100 })).start();
  const registrySubgraph = await startRegistrySubgraph({ registry, catalog: { registry: catalog, live }, port: 0, auth: testVerifier() });
  closers.push(() => registrySubgraph.close());
  const urls = { region: fed.gatewayConfig.region.url, registry: registrySubgraph.url, provinces: fed.provinceUrls };
  await publishRunningSchemas(registry, urls, 'test');
  expect(await publishInitialCatalog(store, 'npm-start', () => new FileWebhookStore(path.join(dir, 'webhooks.json')))).toEqual({ status: 'published', version: 1 });
  outDir = await build;
  const started = await Promise.allSettled(
    [0, 1].map((i) => {
      const env = {
        ...TEST_AUTH_ENV,
        SUPERGRAPH_SOURCE: 'registry',
        REGISTRY_FILE: store.file,
        REDIS_URL: '',
        REGION_URL: urls.region,
        REGISTRY_URL: urls.registry,
        ...Object.fromEntries(PROVINCE_CODES.map((p) => [`PROVINCE_${p}_URL`, fed.provinceUrls[p]])),
        ACCESS_LOG_FILE: path.join(dir, `access-${i}.jsonl`),
        LOG_LEVEL: 'warn',
      };
      return startGatewayProcesses(outDir, 1, env);
    }),
  );
  for (const s of started) if (s.status === 'fulfilled') gateways.push(...s.value);
  for (const s of started) if (s.status === 'rejected') throw s.reason;
  await Promise.all(
    gateways.map(async (g) => {
      const deadline = Date.now() + 60_000;
      for (;;) {
        const health = await fetch(g.url.replace('/graphql', '/health')).then((r) => r.json() as Promise<{ catalogVersion?: number }>, () => null);
        if (health?.catalogVersion === 1) return;
        if (Date.now() > deadline) throw new Error(`gateway ${g.url} did not start on catalog version 1`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }),
  );
}, 240_000);

afterAll(async () => {
  for (const g of gateways) g.child.kill('SIGTERM');
  await Promise.all(gateways.map((g) => new Promise<void>((resolve) => (g.child.exitCode !== null ? resolve() : g.child.once('exit', () => resolve())))));
  for (const close of closers.reverse()) await close().catch(() => undefined);
  await Promise.all([registry?.close(), catalog?.close(), live?.close()]);
  await rm(dir, { recursive: true, force: true });
  if (outDir) releaseBuild(outDir);
});

describe('the live sharing catalog in two gateway processes and the province subgraphs, without a restart', () => {
  it('starts on sharing-catalog.md: the location is unconditional, the contact phone HAZMAT_DETAIL', async () => {
    await everyGatewaySees({ location: 'visible', contactPhone: 'FORBIDDEN HAZMAT_DETAIL' }, 0);
  });

  it('refuses a catalog that names a non-null field or one the schema does not serve', async () => {
    await expect(catalog.publish({ content: moved(DEFAULT_CATALOG, 'HazmatEnterprise.name', 'HAZMAT_DETAIL'), by: 'dpo' })).rejects.toThrow(/HazmatEnterprise\.name is non-null/);
    await expect(catalog.publish({ content: moved(DEFAULT_CATALOG, 'HazmatEnterprise.secret', 'HAZMAT_DETAIL'), by: 'dpo' })).rejects.toThrow(/no field HazmatEnterprise\.secret/);
    expect((await catalog.history()).length).toBe(1);
  });

  it('publishes a narrowing as SAFE, and every gateway and the province subgraph itself then refuse the field', async () => {
    const outcome = await catalog.publish({ content: moved(DEFAULT_CATALOG, 'HazmatEnterprise.location', 'HAZMAT_DETAIL'), by: 'dpo' });
    expect(outcome).toMatchObject({ status: 'published', version: { number: 2, approval: null, changes: [{ kind: 'NARROWED', coordinate: 'HazmatEnterprise.location', from: null, to: 'HAZMAT_DETAIL' }] } });
    await everyGatewaySees({ location: 'FORBIDDEN HAZMAT_DETAIL', contactPhone: 'FORBIDDEN HAZMAT_DETAIL' });
    const direct = await ask(fed.provinceUrls.SH, QUERY, await bearer(APP));
    expect(seen(direct).location).toBe('FORBIDDEN HAZMAT_DETAIL');
    const holder = seen(await ask(gateways[0].url, QUERY, await bearer({ ...APP, catalog: ['HAZMAT_DETAIL'] })));
    expect(holder).toEqual({ location: 'visible', contactPhone: 'visible' });
    for (const g of gateways) expect(await fetch(g.url.replace('/graphql', '/health')).then((r) => r.json())).toMatchObject({ catalogVersion: 2 });
  });

  it('refuses a widening without an approval (nothing changes), and publishes it approved with a reason to every gateway', async () => {
    const widening = moved(moved(DEFAULT_CATALOG, 'HazmatEnterprise.location', 'HAZMAT_DETAIL'), 'HazmatEnterprise.contactPhone', null);
    const refused = await catalog.publish({ content: widening, by: 'dev' });
    expect(refused).toMatchObject({ status: 'refused', check: { accepted: false, changes: [{ kind: 'WIDENED', coordinate: 'HazmatEnterprise.contactPhone', from: 'HAZMAT_DETAIL', to: null }] } });
    await new Promise((r) => setTimeout(r, 600));
    await everyGatewaySees({ location: 'FORBIDDEN HAZMAT_DETAIL', contactPhone: 'FORBIDDEN HAZMAT_DETAIL' }, 0);

    const approved = await catalog.approve(refused.check.id, 'chief-auditor', 'emergency phones are public from 2027');
    expect(approved).toMatchObject({ status: 'published', version: { number: 3, publishedBy: 'dev', approval: { by: 'chief-auditor', reason: 'emergency phones are public from 2027' } } });
    await everyGatewaySees({ location: 'FORBIDDEN HAZMAT_DETAIL', contactPhone: 'visible' });
  });

  it('serves catalog versions and diffs to auditors through the gateway, and refuses apps', async () => {
    const query = '{ liveCatalogVersion { number } catalogVersions(first: 5) { totalCount edges { node { number live publishedBy approval { by reason } changes { kind coordinate } } } } catalogDiff(from: 1, to: 3) { kind coordinate from to } }';
    const auditor = (await ask(gateways[1].url, query, await bearer({ sub: 'aud', role: 'auditor' }))) as { data: { liveCatalogVersion: { number: number }; catalogVersions: { totalCount: number; edges: { node: { number: number; live: boolean; approval: unknown } }[] }; catalogDiff: unknown[] } };
    expect(auditor.data.liveCatalogVersion).toEqual({ number: 3 });
    expect(auditor.data.catalogVersions.totalCount).toBe(3);
    expect(auditor.data.catalogVersions.edges.map((e) => [e.node.number, e.node.live])).toEqual([[3, true], [2, false], [1, false]]);
    expect(auditor.data.catalogVersions.edges[0].node.approval).toEqual({ by: 'chief-auditor', reason: 'emergency phones are public from 2027' });
    expect(auditor.data.catalogDiff).toEqual([
      { kind: 'WIDENED', coordinate: 'HazmatEnterprise.contactPhone', from: 'HAZMAT_DETAIL', to: null },
      { kind: 'NARROWED', coordinate: 'HazmatEnterprise.location', from: null, to: 'HAZMAT_DETAIL' },
    ]);
    const app = await ask(gateways[1].url, '{ liveCatalogVersion { number } }', await bearer(APP));
    expect(app.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('rolls back to version 1 as version 4, and every gateway serves sharing-catalog.md again', async () => {
    const outcome = await catalog.rollback(1, 'oncall');
    expect(outcome).toMatchObject({ status: 'published', version: { number: 4, rollbackOf: 1, approval: null } });
    await everyGatewaySees({ location: 'visible', contactPhone: 'FORBIDDEN HAZMAT_DETAIL' });
    expect((await catalog.verify()).ok).toBe(true);
  });
});
