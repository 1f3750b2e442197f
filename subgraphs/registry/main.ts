import { openRegistryFromEnv } from '../../schema/registry/open-registry';
import { startRegistrySubgraph } from './registry-subgraph';

async function main(): Promise<void> {
  const port = Number(process.env.REGISTRY_PORT ?? 4220);
  if (!Number.isInteger(port) || port < 0) throw new Error(`REGISTRY_PORT must be a port number, got "${process.env.REGISTRY_PORT}"`);
  const registry = openRegistryFromEnv(process.env);
  const running = await startRegistrySubgraph({ registry, port, host: process.env.REGISTRY_HOST ?? '127.0.0.1' });
  console.log(`registry subgraph at ${running.url} (${process.env.REDIS_URL ? 'Redis' : `file ${process.env.REGISTRY_FILE || '.registry/history.jsonl'}`})`);
  process.send?.({ ready: running.url });
  const stop = () => {
    running
      .close()
      .then(() => registry.close())
      .finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
