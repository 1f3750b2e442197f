import { gatewayConfigFromEnv } from './config';
import { startGateway } from './server';

async function main(): Promise<void> {
  const config = gatewayConfigFromEnv(process.env, process.argv.slice(2));
  const running = await startGateway(config);
  running.logger.info({ url: running.url }, 'gateway ready');
  const stop = (): void => {
    void running.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(JSON.stringify({ level: 'fatal', msg: 'gateway failed to start', error: e instanceof Error ? e.message : String(e) }));
  process.exit(1);
});
