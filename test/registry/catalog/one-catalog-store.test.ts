import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RegistryStoreConfig } from '../../../schema/config/shared-config';
import { DEFAULT_CATALOG } from '../../../schema/registry/catalog/content';
import type { CatalogView } from '../../../schema/registry/catalog/live-catalog';
import { openCatalogStore } from '../../../schema/registry/catalog/open-catalog-store';
import { openRegistryCatalogs } from '../../../subgraphs/registry/catalogs';

/** The registry subgraph's catalog history and live catalog share one store: one watcher, one connection. */

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'one-catalog-store-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('the registry subgraph\'s sharing catalog', () => {
  it('opens one store for the history and the live catalog, which hears its own publication without polling the file', async () => {
    const config: RegistryStoreConfig = { redisUrl: null, redisPrefix: '', file: path.join(dir, 'registry.jsonl'), signingKey: null };
    let opened = 0;
    // A watcher that would not notice a change for a minute: only the shared store's own announcement can reach the live catalog in time.
    const catalogs = await openRegistryCatalogs(config, (c) => {
      opened += 1;
      return openCatalogStore(c, { watchIntervalMs: 60_000 });
    });
    try {
      expect(opened).toBe(1);
      expect(catalogs.live.current().version).toBeNull();
      const changed = new Promise<CatalogView>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('the live catalog did not hear the publication within 5 s')), 5000);
        catalogs.live.onChange((view) => {
          clearTimeout(timer);
          resolve(view);
        });
      });
      const outcome = await catalogs.registry.publish({ content: DEFAULT_CATALOG, by: 'test' });
      expect(outcome.status).toBe('published');
      expect((await changed).version).toBe(1);
      expect(catalogs.live.current().version).toBe(1);
    } finally {
      await catalogs.close();
    }
  });
});
