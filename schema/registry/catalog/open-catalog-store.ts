import type { RegistryStoreConfig } from '../../config/shared-config';
import { FileRegistryStore } from '../file-store';
import { RedisRegistryStore } from '../redis-store';
import type { RegistryStore } from '../store';
import type { CatalogCheckRecord, CatalogVersionRecord } from './types';

export type CatalogStore = RegistryStore<CatalogVersionRecord, CatalogCheckRecord>;

/** The catalog's history beside the schema's: `<registry file>.catalog.jsonl`, or the registry's Redis prefix + `catalog:`. */
export function catalogFileOf(registryFile: string): string {
  return `${registryFile.replace(/\.jsonl$/, '')}.catalog.jsonl`;
}

export function openCatalogStore(config: RegistryStoreConfig, options: { maxReconnects?: number; watchIntervalMs?: number } = {}): CatalogStore {
  if (config.redisUrl) return new RedisRegistryStore<CatalogVersionRecord, CatalogCheckRecord>({ url: config.redisUrl, prefix: `${config.redisPrefix}catalog:`, maxReconnects: options.maxReconnects });
  return new FileRegistryStore<CatalogVersionRecord, CatalogCheckRecord>({ file: catalogFileOf(config.file), watchIntervalMs: options.watchIntervalMs });
}
