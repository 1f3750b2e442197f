import { CallerVerifier } from '../../schema/caller';
import { loadRegionSubgraphConfig } from './config';
import { startRegionSubgraph } from './server';
import { startTelemetry } from '../../schema/telemetry/start-telemetry';
import { announceReady } from '../../schema/ready-message';

/** The region subgraph as its own process: REGION_PORT (default 4210), HOST (default 127.0.0.1). */
async function main(): Promise<void> {
  const config = loadRegionSubgraphConfig(process.env);
  const telemetry = startTelemetry('yrd-region', process.env);
  const started = Date.now();
  const subgraph = await startRegionSubgraph({ port: config.port, host: config.host, auth: new CallerVerifier(config.auth, 'accept') });
  console.log(JSON.stringify({ level: 'info', msg: 'region subgraph ready', service: 'region', url: subgraph.url, startupMs: Date.now() - started }));
  announceReady({ region: subgraph.url });

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    console.log(JSON.stringify({ level: 'info', msg: 'region subgraph stopping', service: 'region', signal }));
    subgraph.close().then(() => telemetry.shutdown()).then(
      () => process.exit(0),
      (e: unknown) => {
        console.error(JSON.stringify({ level: 'error', msg: 'region subgraph did not stop cleanly', service: 'region', error: String(e) }));
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(JSON.stringify({ level: 'fatal', msg: 'region subgraph failed to start', service: 'region', error: e instanceof Error ? e.message : String(e) }));
  process.exit(1);
});
