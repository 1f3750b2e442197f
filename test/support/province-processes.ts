import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './redis-server';

/**
 * Province subgraph processes (subgraphs/province/main.js of a build of this tree), as a deployment
 * runs replicas: each with its own memory, sharing only what goes through Redis.
 */

const root = path.resolve(__dirname, '../..');

export interface ProvinceProcess {
  url: string;
  child: ChildProcess;
  query<T>(query: string, variables?: Record<string, unknown>): Promise<{ data?: T | null; errors?: unknown[] }>;
  metrics(): Promise<string>;
  /** SIGKILL: no cleanup, the lease it holds stays until it expires. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export interface ProvinceBuild {
  start(env: NodeJS.ProcessEnv): Promise<ProvinceProcess>;
  remove(): void;
}

const exited = (child: ChildProcess): Promise<void> => new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));

/** Builds the tree (tsconfig.build.json) into a folder of its own, from which processes are started. */
export async function buildProvinceSubgraph(name: string): Promise<ProvinceBuild> {
  const outDir = path.join(root, '.test-dist', `${name}-${process.pid}`);
  await promisify(execFile)(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.build.json'), '--outDir', outDir], { cwd: root });
  return {
    async start(env) {
      const port = await freePort();
      const child = spawn(process.execPath, [path.join(outDir, 'subgraphs/province/main.js')], { env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', 'ignore', 'inherit'] });
      const base = `http://127.0.0.1:${port}`;
      const running: ProvinceProcess = {
        url: `${base}/graphql`,
        child,
        async query<T>(query: string, variables?: Record<string, unknown>) {
          const res = await fetch(running.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
          return (await res.json()) as { data?: T | null; errors?: unknown[] };
        },
        async metrics() {
          return (await fetch(`${base}/metrics`)).text();
        },
        async kill() {
          child.kill('SIGKILL');
          await exited(child);
        },
        async stop() {
          child.kill('SIGTERM');
          await exited(child);
        },
      };
      const deadline = Date.now() + 30_000;
      for (;;) {
        try {
          if ((await fetch(running.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' })).ok) return running;
        } catch {
          // not listening yet
        }
        if (child.exitCode !== null || Date.now() > deadline) throw new Error(`province subgraph process on ${port} did not start`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    remove() {
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}
