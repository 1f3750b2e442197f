import { verify } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError } from '../../schema/config/read-variables';
import { runCli } from '../../schema/registry/cli';
import { FileRegistryStore } from '../../schema/registry/file-store';
import { Registry } from '../../schema/registry/registry';
import { headSigner } from '../../schema/registry/signing';
import { loadRegistrySubgraphConfig } from '../../subgraphs/registry/config';
import { REGISTRY_SDL, startRegistrySubgraph, type RunningRegistrySubgraph } from '../../subgraphs/registry/registry-subgraph';
import { readHistoryLines, rewriteHistoryWhole, writeHistoryLines } from '../support/history-rewrite';
import { registryGql } from '../support/registry-gql';
import { fixtureSdl } from '../support/registry-sdl';
import { newSigningSeed } from '../support/signing-keys';
import { testVerifier } from '../support/tokens';

/**
 * Every schema version is signed with REGISTRY_SIGNING_KEY (Ed25519 over its hash). `verify`, the
 * CLI and the registry subgraph check the signatures, so that a history rewritten whole with
 * fresh, consistent hashes (which the hash chain alone accepts) is detected.
 */

describe('signed schema history', () => {
  const key = newSigningSeed();
  const signer = headSigner(key);
  let dir: string;
  let file: string;
  let registry: Registry;
  let subgraph: RunningRegistrySubgraph;
  let intact: string;
  const gql = registryGql(() => subgraph.url);
  const cli = async (args: string[], env: NodeJS.ProcessEnv) => {
    const out: string[] = [];
    const code = await runCli(args, env, { out: (l) => out.push(l), err: (l) => out.push(l) });
    return { code, out: out.join('\n') };
  };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'registry-signed-'));
    file = path.join(dir, 'history.jsonl');
    registry = new Registry(new FileRegistryStore({ file }), { signer });
    subgraph = await startRegistrySubgraph({ registry, auth: testVerifier() });
    await registry.publish({ subgraph: 'registry', url: subgraph.url, sdl: REGISTRY_SDL, by: 'launcher' });
    await registry.publish({ subgraph: 'provinces', sdl: await fixtureSdl('province-v1'), by: 'ci' });
    await registry.publish({ subgraph: 'provinces', sdl: await fixtureSdl('province-field-removed'), by: 'lead', approval: { reason: 'unused field' } });
    intact = await readFile(file, 'utf8');
  });

  afterEach(async () => {
    await writeFile(file, intact);
  });

  afterAll(async () => {
    await subgraph.close();
    await registry.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('signs every version over its hash with the deployment key, and verifies', async () => {
    const versions = await registry.history();
    expect(versions).toHaveLength(3);
    for (const v of versions) expect(verify(null, Buffer.from(v.hash), signer.publicKeyPem, Buffer.from(v.signature ?? '', 'base64'))).toBe(true);
    expect(await registry.verify()).toEqual({ ok: true, versionsChecked: 3, firstBadVersion: null });
    expect(await cli(['verify', '--file', file], { REGISTRY_SIGNING_KEY: key })).toEqual({ code: 0, out: 'ok: 3 versions verified' });
  });

  it('tampering with one version is found by its hash', async () => {
    const lines = await readHistoryLines(file);
    const second = lines.filter((l) => l.kind === 'version')[1];
    second.record.publishedBy = 'mallory';
    await writeHistoryLines(file, lines);
    expect(await registry.verify()).toEqual({ ok: false, versionsChecked: 2, firstBadVersion: 2, cause: 'altered' });
    expect(await cli(['verify', '--file', file], { REGISTRY_SIGNING_KEY: key })).toEqual({ code: 1, out: 'TAMPERED: version 2 does not match the hash chain' });
  });

  it('a history rewritten whole with fresh hashes passes the hash chain and is found only by the signatures', async () => {
    await rewriteHistoryWhole(file);
    const unsigned = new Registry(new FileRegistryStore({ file }));
    try {
      expect(await unsigned.verify()).toEqual({ ok: true, versionsChecked: 3, firstBadVersion: null });
    } finally {
      await unsigned.close();
    }
    expect(await registry.verify()).toEqual({ ok: false, versionsChecked: 3, firstBadVersion: 3, cause: 'signature' });
    const run = await cli(['verify', '--file', file], { REGISTRY_SIGNING_KEY: key });
    expect(run).toEqual({ code: 1, out: expect.stringContaining('TAMPERED: version 3 is not signed by') });
    expect((await cli(['verify', '--file', file], {})).code).toBe(0);
  });

  it('a rewrite that keeps the old signatures fails at the first version whose hash they no longer cover', async () => {
    const lines = await readHistoryLines(file);
    const signatures = lines.filter((l) => l.kind === 'version').map((l) => l.record.signature);
    await rewriteHistoryWhole(file);
    const rewritten = await readHistoryLines(file);
    rewritten.filter((l) => l.kind === 'version').forEach((l, i) => (l.record.signature = signatures[i]));
    await writeHistoryLines(file, rewritten);
    expect(await registry.verify()).toMatchObject({ ok: false, firstBadVersion: 1, cause: 'signature' });
  });

  it('a history signed with another key fails, and so does verifying the real one with a wrong key', async () => {
    const other = headSigner(newSigningSeed());
    await rewriteHistoryWhole(file, other);
    expect(await registry.verify()).toMatchObject({ ok: false, firstBadVersion: 1, cause: 'signature' });
    await writeFile(file, intact);
    const wrongKey = new Registry(new FileRegistryStore({ file }), { signer: other });
    try {
      expect(await wrongKey.verify()).toMatchObject({ ok: false, firstBadVersion: 1, cause: 'signature' });
    } finally {
      await wrongKey.close();
    }
  });

  it('the registry subgraph serves the public key and the signatures to auditors, and its verification names the signature', async () => {
    const query = '{ registrySigningKey { algorithm publicKeyPem fingerprint } schemaVersion(number: 2) { hash signature } verifySchemaHistory { ok firstBadVersion cause } }';
    type Answer = { registrySigningKey: { algorithm: string; publicKeyPem: string; fingerprint: string }; schemaVersion: { hash: string; signature: string }; verifySchemaHistory: { ok: boolean; firstBadVersion: number | null; cause: string | null } };
    const before = await gql<Answer>(query);
    expect(before.data?.registrySigningKey).toEqual({ algorithm: 'Ed25519', publicKeyPem: signer.publicKeyPem, fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const { schemaVersion, registrySigningKey } = before.data ?? ({} as Answer);
    expect(verify(null, Buffer.from(schemaVersion.hash), registrySigningKey.publicKeyPem, Buffer.from(schemaVersion.signature, 'base64'))).toBe(true);
    expect(before.data?.verifySchemaHistory).toEqual({ ok: true, firstBadVersion: null, cause: null });
    await rewriteHistoryWhole(file);
    const after = await gql<Answer>(query);
    expect(after.data?.verifySchemaHistory).toEqual({ ok: false, firstBadVersion: 3, cause: 'SIGNATURE' });
    expect(after.data?.schemaVersion.signature).toBeNull();
  });

  it('without a key nothing is signed and the subgraph says so; in production the registry subgraph refuses to start without one', async () => {
    const plain = new Registry(new FileRegistryStore({ file: path.join(dir, 'plain.jsonl') }));
    const plainSubgraph = await startRegistrySubgraph({ registry: plain, auth: testVerifier() });
    try {
      const v = await plain.publish({ subgraph: 'registry', url: plainSubgraph.url, sdl: REGISTRY_SDL, by: 'launcher' });
      expect(v.status === 'published' && v.version.signature).toBeUndefined();
      const answer = await registryGql(() => plainSubgraph.url)<{ registrySigningKey: null; verifySchemaHistory: { ok: boolean } }>('{ registrySigningKey { fingerprint } verifySchemaHistory { ok } }');
      expect(answer.data).toEqual({ registrySigningKey: null, verifySchemaHistory: { ok: true } });
    } finally {
      await plainSubgraph.close();
      await plain.close();
    }
    expect(loadRegistrySubgraphConfig({}).store.signingKey).toBeNull();
    let problems: readonly { variable: string; reason: string }[] = [];
    try {
      loadRegistrySubgraphConfig({ NODE_ENV: 'production' });
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      problems = e.problems;
    }
    expect(problems).toEqual([expect.objectContaining({ variable: 'REGISTRY_SIGNING_KEY', reason: expect.stringContaining('required in production') })]);
    expect(loadRegistrySubgraphConfig({ NODE_ENV: 'production', REGISTRY_SIGNING_KEY: key })).toMatchObject({ store: { signingKey: key }, accessLog: { signingKey: key } });
  });
});
