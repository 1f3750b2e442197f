import os from 'node:os';
import { loadWebhooksConfig } from '../schema/webhooks/config';
import { openWebhookStore } from '../schema/webhooks/open-webhook-store';
import { loadPublishConfig } from './config';
import { publishInitialCatalog } from './publish-catalog';
import { publishRunningSchemas } from './publish-schemas';
import { openPublishingRegistry } from './publishing-registry';

/**
 * One-shot publish for deployments where the pieces run as separate services (docker-compose):
 * waits for the subgraphs, publishes what they serve (REGION_URL, REGISTRY_URL, PROVINCE_<P>_URL,
 * and CREDIT_URL when set)
 * to the registry (REDIS_URL or REGISTRY_FILE), and exits 0, or 1 when the registry refuses.
 */
async function waitForAll(urls: string[], timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const url of urls) {
    for (;;) {
      try {
        const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ _service { sdl } }"}' });
        if (res.status === 200) break;
      } catch {
        // not up yet
      }
      if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

async function main(): Promise<void> {
  const { urls, registryStore, publisher } = loadPublishConfig(process.env);
  await waitForAll([urls.region, urls.registry, ...Object.values(urls.provinces), ...(urls.credit ? [urls.credit] : [])]);
  // What is published is announced to the registry webhooks (issue 17).
  const openWebhooks = () => openWebhookStore(loadWebhooksConfig(process.env).store);
  const registry = openPublishingRegistry(registryStore, openWebhooks);
  try {
    const published = await publishRunningSchemas(registry, urls, publisher ?? `publish@${os.hostname()}`);
    console.log(JSON.stringify({ level: 'info', msg: 'schemas published', published }));
    const catalog = await publishInitialCatalog(registryStore, publisher ?? `publish@${os.hostname()}`, openWebhooks);
    console.log(JSON.stringify({ level: 'info', msg: 'sharing catalog', ...catalog }));
  } finally {
    await registry.close();
  }
}

main().catch((e: unknown) => {
  console.error(JSON.stringify({ level: 'fatal', msg: 'publish failed', error: e instanceof Error ? e.message : String(e) }));
  process.exit(1);
});
