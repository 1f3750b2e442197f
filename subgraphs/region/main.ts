import { startRegionSubgraph } from './server';

/** The region subgraph as its own process: REGION_PORT (default 4210), HOST (default 127.0.0.1). */
async function main(): Promise<void> {
  const port = Number(process.env.REGION_PORT ?? 4210);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`REGION_PORT must be a port number, got "${process.env.REGION_PORT}"`);
  const started = Date.now();
  const subgraph = await startRegionSubgraph({ port, host: process.env.HOST ?? '127.0.0.1' });
  console.log(JSON.stringify({ level: 'info', msg: 'region subgraph ready', service: 'region', url: subgraph.url, startupMs: Date.now() - started }));
  process.send?.({ ready: subgraph.url });

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    console.log(JSON.stringify({ level: 'info', msg: 'region subgraph stopping', service: 'region', signal }));
    subgraph.close().then(
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
