import type { RegistryStoreConfig } from '../../schema/config/shared-config';
import { CatalogRegistry } from '../../schema/registry/catalog/catalog-registry';
import { LiveCatalog } from '../../schema/registry/catalog/live-catalog';
import { openCatalogStore, type CatalogStore } from '../../schema/registry/catalog/open-catalog-store';
import { headSigner } from '../../schema/registry/signing';

/**
 * The registry subgraph's sharing catalog: the history it publishes to and the live version it
 * enforces, over one store (one file watcher, or one Redis connection and subscription), so the
 * live catalog hears the subgraph's own publications as they are written.
 */
export interface RegistryCatalogs {
  registry: CatalogRegistry;
  live: LiveCatalog;
  /** Closes the one store both read. */
  close(): Promise<void>;
}

export async function openRegistryCatalogs(config: RegistryStoreConfig, open: (config: RegistryStoreConfig) => CatalogStore = openCatalogStore): Promise<RegistryCatalogs> {
  const store = open(config);
  const registry = new CatalogRegistry(store, { signer: config.signingKey ? headSigner(config.signingKey) : null });
  const live = new LiveCatalog(store);
  try {
    await live.start();
  } catch (e) {
    await store.close();
    throw e;
  }
  return { registry, live, close: () => live.close() };
}
