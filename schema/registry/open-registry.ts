import { FileRegistryStore } from './file-store';
import { RedisRegistryStore } from './redis-store';
import { Registry, type RegistryOptions } from './registry';
import type { RegistryStore } from './store';

export const DEFAULT_REGISTRY_FILE = '.registry/history.jsonl';

/** Redis when REDIS_URL is set (REGISTRY_REDIS_PREFIX optional), else the file REGISTRY_FILE. */
export function registryStoreFromEnv(env: NodeJS.ProcessEnv = process.env): RegistryStore {
  if (env.REDIS_URL) return new RedisRegistryStore({ url: env.REDIS_URL, ...(env.REGISTRY_REDIS_PREFIX ? { prefix: env.REGISTRY_REDIS_PREFIX } : {}) });
  return new FileRegistryStore({ file: env.REGISTRY_FILE || DEFAULT_REGISTRY_FILE });
}

export function openRegistryFromEnv(env: NodeJS.ProcessEnv = process.env, options: RegistryOptions = {}): Registry {
  return new Registry(registryStoreFromEnv(env), options);
}
