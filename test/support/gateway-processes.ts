import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { PROVINCE_CODES } from '../../schema/model';
import type { Federation } from './federation';
import { freePort } from './redis-server';
import { TEST_AUTH_ENV } from './tokens';

/**
 * Gateway processes as deployed (node dist/gateway/main.js), built once into .test-dist, on the
 * subgraphs of a test federation: for scale-out tests and benchmarks that kill an instance.
 */

const root = path.resolve(__dirname, '../..');

export interface GatewayProcess {
  url: string;
  child: ChildProcess;
}

/** Compiles the project for child processes; returns its folder (remove it with removeBuild). */
export async function buildForProcesses(name: string): Promise<string> {
  const outDir = path.join(root, '.test-dist', `${name}-${process.pid}`);
  await promisify(execFile)(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.build.json'), '--outDir', outDir], { cwd: root });
  return outDir;
}

export function removeBuild(outDir: string): void {
  rmSync(outDir, { recursive: true, force: true });
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

async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
    return res.status === 200;
  } catch {
    return false;
  }
}

/** Starts `count` gateways from `outDir` with `env`, each on a free port, and waits until each answers. */
export async function startGatewayProcesses(outDir: string, count: number, env: NodeJS.ProcessEnv): Promise<GatewayProcess[]> {
  const started: GatewayProcess[] = [];
  for (let i = 0; i < count; i++) {
    const port = await freePort();
    const child = spawn(process.execPath, [path.join(outDir, 'gateway/main.js')], { env: { ...process.env, ...env, GATEWAY_PORT: String(port) }, stdio: ['ignore', 'ignore', 'inherit'] });
    started.push({ url: `http://127.0.0.1:${port}/graphql`, child });
  }
  for (const g of started) {
    const deadline = Date.now() + 60_000;
    while (!(await answers(g.url))) {
      if (g.child.exitCode !== null) throw new Error(`gateway ${g.url} exited with ${g.child.exitCode}`);
      if (Date.now() > deadline) throw new Error(`gateway ${g.url} did not start`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return started;
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
