import type { RegistryStoreConfig } from '../config/shared-config';
import { FileRegistryStore } from './file-store';
import { RedisRegistryStore } from './redis-store';
import { Registry, type RegistryOptions } from './registry';
import { headSigner } from './signing';
import type { RegistryStore } from './store';

export const DEFAULT_REGISTRY_FILE = '.registry/history.jsonl';

/** Redis (under its prefix) when a URL is given, else the file. */
export function openRegistryStore(config: RegistryStoreConfig): RegistryStore {
  if (config.redisUrl) return new RedisRegistryStore({ url: config.redisUrl, prefix: config.redisPrefix });
  return new FileRegistryStore({ file: config.file });
}

/** The registry of the configured store, signing with the configured key (REGISTRY_SIGNING_KEY) unless the options say otherwise. */
export function openRegistry(config: RegistryStoreConfig, options: RegistryOptions = {}): Registry {
  return new Registry(openRegistryStore(config), { signer: config.signingKey ? headSigner(config.signingKey) : null, ...options });
}
