import { CallerVerifier } from '../../schema/caller';
import { accessLogSigner, openAccessLogStore } from '../../schema/access-log/open-access-log';
import { openRegistry } from '../../schema/registry/open-registry';
import { openRegistryCatalogs } from './catalogs';
import { loadRegistrySubgraphConfig } from './config';
import { startRegistrySubgraph } from './registry-subgraph';
import { startTelemetry } from '../../schema/telemetry/start-telemetry';
import { announceReady } from '../../schema/ready-message';
import { WebhookAllowList } from '../../schema/webhooks/allow-list';
import { openWebhookStore } from '../../schema/webhooks/open-webhook-store';

async function main(): Promise<void> {
  const config = loadRegistrySubgraphConfig(process.env);
  const telemetry = startTelemetry('yrd-registry', process.env);
  const registry = openRegistry(config.store);
  const accessLog = openAccessLogStore(config.accessLog);
  const catalog = await openRegistryCatalogs(config.store);
  const webhooks = { store: openWebhookStore(config.webhooks.store), allowList: new WebhookAllowList(config.webhooks.delivery.allowedTargets) };
  const running = await startRegistrySubgraph({ registry, accessLog, webhooks, catalog, usageStore: config.store, signer: accessLogSigner(config.accessLog), port: config.port, host: config.host, auth: new CallerVerifier(config.auth, 'accept') });
  console.log(`registry subgraph at ${running.url} (${config.store.redisUrl ? `Redis, prefix ${config.store.redisPrefix}` : `file ${config.store.file}`})`);
  announceReady({ registry: running.url });
  // The one place the process stops (Apollo Server's own signal handlers are off: they re-raised
  // the signal once its server stopped, so the process died by the default action, unflushed).
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    running
      .close()
      .then(() => Promise.all([registry.close(), accessLog.close(), webhooks.store.close(), catalog.close()]))
      .then(() => telemetry.shutdown())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          console.error('registry subgraph did not close cleanly', error);
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
