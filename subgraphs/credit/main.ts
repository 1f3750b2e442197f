import { Clock } from '../../adapters/kit/clock';
import { openSharedCache } from '../../schema/cache/open-shared-cache';
import { CallerVerifier } from '../../schema/caller';
import { loadCreditSubgraphConfig } from './config';
import { startCreditSubgraph } from './server';
import { startTelemetry } from '../../schema/telemetry/start-telemetry';
import { announceReady } from '../../schema/ready-message';

/**
 * The credit subgraph as its own process, configured by loadCreditSubgraphConfig: CREDIT_PORT, HOST,
 * CLOCK_NOW, LEGACY_CR_* (the platform), LEGACY_* tuning, REDIS_URL (the copy shared by replicas).
 */
async function main(): Promise<void> {
  const config = loadCreditSubgraphConfig(process.env);
  const telemetry = startTelemetry('yrd-credit', process.env);
  const started = Date.now();
  const cache = openSharedCache(config.cache);
  const clock = config.clockStart ? Clock.startingAt(config.clockStart) : new Clock();
  const subgraph = await startCreditSubgraph({
    port: config.port,
    host: config.host,
    clock,
    platform: config.platform,
    http: config.http,
    cache,
    auth: new CallerVerifier(config.auth, 'accept'),
  });
  console.log(JSON.stringify({ level: 'info', msg: 'credit subgraph ready', service: 'credit', url: subgraph.url, startupMs: Date.now() - started }));
  announceReady({ credit: subgraph.url });

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    console.log(JSON.stringify({ level: 'info', msg: 'credit subgraph stopping', service: 'credit', signal }));
    Promise.all([subgraph.close(), cache.close()]).then(() => telemetry.shutdown()).then(
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
