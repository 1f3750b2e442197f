import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { urlOf, watchReady } from './child-ready';
import { releaseBuild, sharedBuild } from './shared-build';
import { PROVINCE_NODE_OPTIONS } from '../../subgraphs/province/node-options';

/**
 * Province subgraph processes (subgraphs/province/main.js of a build of this tree), as a deployment
 * runs replicas: each with its own memory, sharing only what goes through Redis.
 */

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

/** The tree built (tsconfig.build.json, this run's shared build), from which processes are started. */
export async function buildProvinceSubgraph(name: string): Promise<ProvinceBuild> {
  const outDir = await sharedBuild(name);
  return {
    async start(env) {
      const child = spawn(process.execPath, [...PROVINCE_NODE_OPTIONS, path.join(outDir, 'subgraphs/province/main.js')], { env: { ...process.env, ...env, PORT: '0', HOST: '127.0.0.1' }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
      const ready = watchReady(child, `province subgraph process ${String(env.PROVINCE)}`);
      let url: string;
      try {
        url = urlOf(await ready(), String(env.PROVINCE));
      } catch (e) {
        child.kill('SIGKILL');
        throw e;
      }
      const base = url.replace(/\/graphql$/, '');
      const running: ProvinceProcess = {
        url,
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
      return running;
    },
    remove() {
      releaseBuild(outDir);
    },
  };
}
