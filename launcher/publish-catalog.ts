import type { RegistryStoreConfig } from '../schema/config/shared-config';
import { CatalogRegistry } from '../schema/registry/catalog/catalog-registry';
import { DEFAULT_CATALOG } from '../schema/registry/catalog/content';
import { openCatalogStore } from '../schema/registry/catalog/open-catalog-store';
import { headSigner } from '../schema/registry/signing';
import { notifyingCatalogStore } from '../schema/webhooks/registry-notifications';
import type { WebhookStore } from '../schema/webhooks/store';

/**
 * The first sharing catalog version: sharing-catalog.md's, published once. A registry that has a
 * catalog keeps it (republishing the document's would quietly undo an approved change). The
 * publish is announced to the registry webhooks (registry.catalog_published) as any other is.
 */
export async function publishInitialCatalog(store: RegistryStoreConfig, by: string, openWebhooks: () => WebhookStore, onError: (error: unknown) => void = () => undefined): Promise<{ status: 'published' | 'kept'; version: number }> {
  const catalog = new CatalogRegistry(notifyingCatalogStore(openCatalogStore(store), openWebhooks, onError), { signer: store.signingKey ? headSigner(store.signingKey) : null });
  try {
    const live = await catalog.liveVersion();
    if (live) return { status: 'kept', version: live.number };
    const outcome = await catalog.publish({ content: DEFAULT_CATALOG, by });
    if (outcome.status === 'refused') throw new Error('the registry refused the initial sharing catalog');
    return { status: 'published', version: outcome.version.number };
  } finally {
    await catalog.close();
  }
}
