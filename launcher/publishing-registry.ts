import type { RegistryStoreConfig } from '../schema/config/shared-config';
import { openRegistryStore } from '../schema/registry/open-registry';
import { Registry } from '../schema/registry/registry';
import { headSigner } from '../schema/registry/signing';
import type { WebhookStore } from '../schema/webhooks/store';
import { notifyingRegistryStore } from '../schema/webhooks/registry-notifications';

/**
 * The registry that `npm start` and `npm run publish` publish the running schemas to: the
 * configured store, signing with REGISTRY_SIGNING_KEY, each publish announced to the registry
 * webhooks (registry.published, …) as the registry subgraph's and the CLI's are.
 */
export function openPublishingRegistry(store: RegistryStoreConfig, openWebhooks: () => WebhookStore, onError: (error: unknown) => void = () => undefined): Registry {
  return new Registry(notifyingRegistryStore(openRegistryStore(store), openWebhooks, onError), { signer: store.signingKey ? headSigner(store.signingKey) : null });
}
