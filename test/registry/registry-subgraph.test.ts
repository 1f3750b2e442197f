import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FileRegistryStore } from '../../schema/registry/file-store';
import { Registry } from '../../schema/registry/registry';
import { REGISTRY_SDL, startRegistrySubgraph, type RunningRegistrySubgraph } from '../../subgraphs/registry/registry-subgraph';
import { registryGql, type Answer } from '../support/registry-gql';
import { bearer, testVerifier } from '../support/tokens';

const fixture = (name: string) => readFile(path.join(__dirname, '../fixtures/registry', `${name}.graphql`), 'utf8');

describe('registry subgraph over HTTP', () => {
  let dir: string;
  let registry: Registry;
  let subgraph: RunningRegistrySubgraph;

  const gql = registryGql(() => subgraph.url);

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'registry-subgraph-'));
    registry = new Registry(new FileRegistryStore({ file: path.join(dir, 'history.jsonl') }));
    subgraph = await startRegistrySubgraph({ registry, auth: testVerifier() });
    await registry.publish({ subgraph: 'registry', url: subgraph.url, sdl: REGISTRY_SDL, by: 'launcher' });
    await registry.publish({ subgraph: 'provinces', sdl: await fixture('province-v1'), by: 'ci' });
    await registry.publish({ subgraph: 'provinces', sdl: await fixture('province-field-removed'), by: 'dev' });
    await registry.publish({ subgraph: 'provinces', sdl: await fixture('province-field-removed'), by: 'lead', approval: { reason: 'unused field' } });
    await registry.publish({ subgraph: 'provinces', sdl: await fixture('province-enum-value'), by: 'dev', approval: { reason: 'clients map an unknown level to their most severe' } });
  });

  afterAll(async () => {
    await subgraph.close();
    await registry.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('composes with its own SDL: the registry subgraph is version 1 of its own history', async () => {
    const answer = await gql<{ schemaVersion: { subgraphs: { name: string; url: string; sdlHash: string }[] } }>('{ schemaVersion(number: 1) { subgraphs { name url sdlHash } } }');
    expect(answer.data?.schemaVersion.subgraphs).toEqual([{ name: 'registry', url: subgraph.url, sdlHash: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
  });

  it('pages schemaVersions newest first with cursors and a total count', async () => {
    const query = 'query($after: String) { schemaVersions(first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { number live publishedBy } } } }';
    type Page = { schemaVersions: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: { number: number; live: boolean } }[] } };
    const first = await gql<Page>(query);
    expect(first.data?.schemaVersions).toMatchObject({ totalCount: 4, pageInfo: { hasNextPage: true } });
    expect(first.data?.schemaVersions.edges.map((e) => [e.node.number, e.node.live])).toEqual([
      [4, true],
      [3, false],
    ]);
    const second = await gql<Page>(query, { after: first.data?.schemaVersions.pageInfo.endCursor });
    expect(second.data?.schemaVersions.edges.map((e) => e.node.number)).toEqual([2, 1]);
    expect(second.data?.schemaVersions.pageInfo).toEqual({ hasNextPage: false, endCursor: expect.any(String) });
  });

  it('answers a version with its chain, approval, changes, SDLs and live flag', async () => {
    const answer = await gql<{ schemaVersion: Record<string, unknown>; liveSchemaVersion: { number: number; live: boolean } }>(
      `{ schemaVersion(number: 3) { number hash previousHash createdAt publishedBy supergraphSdl apiSchemaSdl rollbackOf live
           approval { by reason at } changes { criticality type path message } subgraphs { name sdl } }
         liveSchemaVersion { number live } }`,
    );
    const v3 = answer.data?.schemaVersion;
    const v2 = await registry.version(2);
    expect(v3).toMatchObject({ number: 3, previousHash: v2?.hash, publishedBy: 'lead', rollbackOf: null, live: false, approval: { by: 'lead', reason: 'unused field' } });
    expect(v3?.changes).toEqual([{ criticality: 'BREAKING', type: 'FIELD_REMOVED', path: 'Warning.areaDesc', message: "Field 'areaDesc' was removed from object type 'Warning'" }]);
    expect(String(v3?.apiSchemaSdl)).toContain('schemaVersions');
    expect(answer.data?.liveSchemaVersion).toEqual({ number: 4, live: true });
    expect((await gql<{ schemaVersion: null }>('{ schemaVersion(number: 99) { number } }')).data).toEqual({ schemaVersion: null });
  });

  it('diffs two versions in either direction, and names a missing version', async () => {
    const answer = await gql<{ forward: { criticality: string; path: string }[]; back: { criticality: string; path: string }[] }>(
      '{ forward: schemaDiff(from: 3, to: 4) { criticality path } back: schemaDiff(from: 4, to: 3) { criticality path } }',
    );
    expect(answer.data?.forward).toEqual([
      { criticality: 'DANGEROUS', path: 'WarningLevel.PURPLE' },
      { criticality: 'SAFE', path: 'Warning.areaDesc' },
    ]);
    expect(answer.data?.back).toEqual([
      { criticality: 'BREAKING', path: 'Warning.areaDesc' },
      { criticality: 'BREAKING', path: 'WarningLevel.PURPLE' },
    ]);
    const missing = await gql('{ schemaDiff(from: 1, to: 42) { path } }');
    expect(missing.errors?.[0].extensions?.code).toBe('VERSION_NOT_FOUND');
  });

  it('lists every publish attempt newest first, refusals included', async () => {
    const answer = await gql<{ schemaChecks: { totalCount: number; edges: { node: { by: string; subgraph: string; accepted: boolean; errors: string[]; version: number | null; changes: { criticality: string }[] } }[] } }>(
      '{ schemaChecks(first: 10) { totalCount edges { cursor node { id at by subgraph accepted errors version changes { criticality } } } } }',
    );
    expect(answer.data?.schemaChecks.totalCount).toBe(5);
    expect(answer.data?.schemaChecks.edges.map((e) => [e.node.by, e.node.accepted, e.node.version])).toEqual([
      ['dev', true, 4],
      ['lead', true, 3],
      ['dev', false, null],
      ['ci', true, 2],
      ['launcher', true, 1],
    ]);
    expect(answer.data?.schemaChecks.edges[2].node.changes).toEqual([{ criticality: 'BREAKING' }]);
  });

  it('verifies the hash chain', async () => {
    expect((await gql('{ verifySchemaHistory { ok versionsChecked firstBadVersion } }')).data).toEqual({ verifySchemaHistory: { ok: true, versionsChecked: 4, firstBadVersion: null } });
  });

  it('refuses a page size over 500 with BAD_USER_INPUT', async () => {
    const answer = await gql('{ schemaVersions(first: 501) { totalCount } }');
    expect(answer.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('is readable by auditors and the exchange platform only: others get FORBIDDEN, a forged token UNAUTHENTICATED (401)', async () => {
    const query = '{ liveSchemaVersion { number } }';
    for (const role of ['auditor', 'exchange'] as const) {
      expect((await gql<{ liveSchemaVersion: { number: number } }>(query, {}, await bearer({ role }))).data?.liveSchemaVersion.number).toBe(4);
    }
    const refused = [{}, await bearer({ role: 'app', catalog: ['HAZMAT_DETAIL', 'VEHICLE_TRACK', 'RESCUE_RESOURCES', 'MUTUAL_AID'] }), await bearer({ role: 'province', province: 'SH' })];
    for (const headers of refused) {
      const answer = await gql<{ liveSchemaVersion: null }>(query, {}, headers);
      expect(answer.data?.liveSchemaVersion ?? null).toBeNull();
      expect(answer.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    }
    const forged = await fetch(subgraph.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await bearer({ role: 'auditor' }, { secret: 'another-secret-of-at-least-32-bytes-long!!' })) },
      body: JSON.stringify({ query }),
    });
    expect(forged.status).toBe(401);
    expect(((await forged.json()) as Answer<null>).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});
