import { openAccessLogStore } from '../access-log/open-access-log';
import { loadAccessLogConfig } from '../config/shared-config';
import { RegistryError } from './errors';
import type { Registry } from './registry';
import { headSigner } from './signing';

/** What `export-head` prints, for anchoring in another system. */
export interface SignedHeads {
  at: string;
  publicKey: string;
  schema: { number: number; hash: string; signature: string } | null;
  catalog: { number: number; hash: string; signature: string } | null;
  accessLog: { seq: number; hash: string; signature: string } | null;
}

/** The sharing catalog's history, where the registry keeps one. */
interface CatalogHead {
  liveVersion(): Promise<{ number: number; hash: string } | null>;
}

/** The newest schema version's, catalog version's and access record's hashes, each signed with REGISTRY_SIGNING_KEY. */
export async function exportHeads(registry: Registry, env: NodeJS.ProcessEnv, catalog: CatalogHead | null = null): Promise<SignedHeads> {
  const config = loadAccessLogConfig(env);
  if (!config.signingKey) throw new RegistryError('INVALID_INPUT', 'export-head needs REGISTRY_SIGNING_KEY');
  const signer = headSigner(config.signingKey);
  const store = openAccessLogStore(config);
  try {
    const [version, catalogVersion, access] = await Promise.all([registry.liveVersion(), catalog?.liveVersion() ?? null, store.head()]);
    return {
      at: new Date().toISOString(),
      publicKey: signer.publicKeyPem,
      schema: version ? { number: version.number, hash: version.hash, signature: signer.sign(version.hash) } : null,
      catalog: catalogVersion ? { number: catalogVersion.number, hash: catalogVersion.hash, signature: signer.sign(catalogVersion.hash) } : null,
      accessLog: access ? { seq: access.seq, hash: access.hash, signature: signer.sign(access.hash) } : null,
    };
  } finally {
    await store.close();
  }
}
