import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { PROVINCE_CODES } from '../../schema/model';
import type { Federation } from './federation';
import { urlOf, watchReady } from './child-ready';
import { releaseBuild, sharedBuild } from './shared-build';
import { TEST_AUTH_ENV } from './tokens';
import { GATEWAY_NODE_OPTIONS } from '../../gateway/node-options';

/**
 * Gateway processes as deployed (node dist/gateway/main.js), built once into .test-dist, on the
 * subgraphs of a test federation: for scale-out tests and benchmarks that kill an instance.
 */

export interface GatewayProcess {
  url: string;
  child: ChildProcess;
}

/** The project compiled for child processes (this run's shared build); returns its folder (release it with removeBuild). */
export async function buildForProcesses(name: string): Promise<string> {
  return sharedBuild(name);
}

export function removeBuild(outDir: string): void {
  releaseBuild(outDir);
}

/** The environment of a gateway process on `fed`'s subgraphs (tokens as the federation's). */
export function gatewayEnvOf(fed: Federation, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const config = fed.gatewayConfig;
  return {
    ...TEST_AUTH_ENV,
    REGION_URL: config.region.url,
    ...(config.credit ? { CREDIT_URL: config.credit.url } : {}),
    ...Object.fromEntries(PROVINCE_CODES.map((p) => [`PROVINCE_${p}_URL`, fed.provinceUrls[p]])),
    LOG_LEVEL: 'warn',
    ...extra,
  };
}

/** Starts `count` gateways from `outDir` with `env`, each on a port of its own choosing (port 0), and waits until each says where it listens. */
export async function startGatewayProcesses(outDir: string, count: number, env: NodeJS.ProcessEnv): Promise<GatewayProcess[]> {
  const children = Array.from({ length: count }, () => spawn(process.execPath, [...GATEWAY_NODE_OPTIONS, path.join(outDir, 'gateway/main.js')], { env: { ...process.env, ...env, GATEWAY_PORT: '0' }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] }));
  const ready = children.map((child, i) => watchReady(child, `gateway process ${i + 1}`));
  try {
    return await Promise.all(children.map(async (child, i) => ({ url: urlOf(await ready[i](), 'gateway'), child })));
  } catch (e) {
    for (const child of children) child.kill('SIGKILL');
    throw e;
  }
}

/** Stops the gateways still running (SIGTERM) and waits for each to exit. */
export async function stopGatewayProcesses(gateways: GatewayProcess[]): Promise<void> {
  await Promise.all(
    gateways.map(
      (g) =>
        new Promise<void>((resolve) => {
          if (g.child.exitCode !== null || g.child.signalCode !== null) return resolve();
          g.child.once('exit', () => resolve());
          g.child.kill('SIGTERM');
        }),
    ),
  );
}
