import cluster from 'node:cluster';
import { ConfigError } from '../schema/config/read-variables';
import { loadGatewayConfig } from './config';
import { missingGatewayNodeOptions } from './node-options';
import { serveClusterMetrics } from './plugins/http/cluster-metrics';
import { announceReady } from '../schema/ready-message';

/**
 * The gateway process. With GATEWAY_WORKERS=n > 1 this process is a node:cluster primary that only
 * forks n workers sharing the port (the gateway is stateless per request, so any worker serves any
 * request), restarts a worker that dies, gathers the workers' metrics for whichever answers /metrics,
 * and stops them all on SIGTERM or SIGINT.
 */

function log(level: string, msg: string, fields: Record<string, unknown> = {}): void {
  console.log(JSON.stringify({ level, time: new Date().toISOString(), service: 'gateway', msg, ...fields }));
}

interface ReadyMessage {
  gatewayReady: string;
}

function isReadyMessage(m: unknown): m is ReadyMessage {
  return typeof m === 'object' && m !== null && typeof (m as ReadyMessage).gatewayReady === 'string';
}

function runPrimary(workers: number): void {
  let ready = 0;
  let stopping = false;
  const everReady = new Set<number>();
  const fork = (): void => {
    const worker = cluster.fork();
    worker.on('message', (m: unknown) => {
      if (!isReadyMessage(m)) return;
      everReady.add(worker.id);
      ready += 1;
      if (ready !== workers) return;
      log('info', 'gateway ready', { url: m.gatewayReady, workers });
      announceReady({ gateway: m.gatewayReady });
    });
  };
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    if (!everReady.has(worker.id)) {
      log('fatal', 'gateway worker failed to start', { code, signal });
      stopping = true;
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
      process.exitCode = 1;
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(1);
      return;
    }
    ready -= 1;
    log('error', 'gateway worker exited; starting another', { pid: worker.process.pid, code, signal });
    fork();
  });
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    const running = Object.values(cluster.workers ?? {});
    if (running.length === 0) process.exit(0);
    for (const w of running) w?.process.kill('SIGTERM');
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  serveClusterMetrics();
  for (let i = 0; i < workers; i++) fork();
}

async function runGateway(): Promise<void> {
  const config = loadGatewayConfig(process.env, process.argv.slice(2));
  if (cluster.isPrimary && config.workers > 1) return runPrimary(config.workers);
  // Loaded only where requests are served: a primary that only forks workers does without the gateway's
  // modules (half its resident memory, counted again beside every worker's).
  const [{ startGateway }, { startTelemetry }] = await Promise.all([import('./server'), import('../schema/telemetry/start-telemetry')]);
  const telemetry = startTelemetry('yrd-gateway', process.env);
  const running = await startGateway(config);
  const missing = missingGatewayNodeOptions(process.execArgv, process.env.NODE_OPTIONS);
  if (missing.length > 0) running.logger.warn({ missing, start: `node ${missing.join(' ')} gateway/main.js` }, 'gateway started without its node options: under load its young generation fills before requests finish, and garbage collection costs more CPU per request');
  if (cluster.isWorker) process.send?.({ gatewayReady: running.url } satisfies ReadyMessage);
  else {
    running.logger.info({ url: running.url }, 'gateway ready');
    announceReady({ gateway: running.url });
  }
  // Apollo Server's own signal handlers are off (stopOnTerminationSignals: false in server.ts): they
  // would end the process as soon as the server stopped, before the access log's last batch is written.
  const stop = (): void => {
    void running.close().then(() => telemetry.shutdown()).then(
      () => process.exit(0),
      (error: unknown) => {
        running.logger.error({ cause: error instanceof Error ? error.message : String(error) }, 'gateway did not close cleanly');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

runGateway().catch((e: unknown) => {
  console.error(JSON.stringify({ level: 'fatal', msg: 'gateway failed to start', error: e instanceof Error ? e.message : String(e), ...(e instanceof ConfigError ? { code: e.code, problems: e.problems } : {}) }));
  process.exit(1);
});
