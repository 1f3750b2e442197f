import { clockFromEnv } from '../../adapters/kit/clock';
import { httpTuningFromEnv } from '../../adapters/kit/http-tuning-from-env';
import { cacheFromEnv } from '../../schema/cache/cache-from-env';
import { startCreditSubgraph } from './server';

/**
 * The credit subgraph as its own process: CREDIT_PORT (default 4230), HOST (default 127.0.0.1),
 * LEGACY_CR_URL, LEGACY_CR_USER, LEGACY_CR_PASSWORD, REDIS_URL (the copy shared by replicas).
 */
async function main(): Promise<void> {
  const port = Number(process.env.CREDIT_PORT ?? 4230);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`CREDIT_PORT must be a port number, got "${process.env.CREDIT_PORT}"`);
  const started = Date.now();
  const cache = cacheFromEnv(process.env);
  const subgraph = await startCreditSubgraph({ port, host: process.env.HOST ?? '127.0.0.1', clock: clockFromEnv(process.env), http: httpTuningFromEnv(process.env), cache });
  console.log(JSON.stringify({ level: 'info', msg: 'credit subgraph ready', service: 'credit', url: subgraph.url, startupMs: Date.now() - started }));
  process.send?.({ ready: subgraph.url });

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    console.log(JSON.stringify({ level: 'info', msg: 'credit subgraph stopping', service: 'credit', signal }));
    Promise.all([subgraph.close(), cache.close()]).then(
      () => process.exit(0),
      (e: unknown) => {
        console.error(JSON.stringify({ level: 'error', msg: 'credit subgraph did not stop cleanly', service: 'credit', error: String(e) }));
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(JSON.stringify({ level: 'fatal', msg: 'credit subgraph failed to start', service: 'credit', error: e instanceof Error ? e.message : String(e) }));
  process.exit(1);
});
