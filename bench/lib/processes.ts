import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { watchReady, type ReadyUrls } from '../../test/support/child-ready';

/** Child processes for benchmarks: start them (on port 0: each says where it listens), wait until they answer, stop them all. */

/** A port free now; another process may take it before a child binds it, so children of ours listen on port 0 instead. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export interface Started {
  child: ChildProcess;
  /** Where the child listens, once it says so (schema/ready-message.ts). */
  ready(timeoutMs?: number): Promise<ReadyUrls>;
  stop(): Promise<void>;
}

export function startProcess(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Started {
  const child = spawn(command, args, { env: { ...process.env, ...options.env }, cwd: options.cwd, stdio: ['ignore', 'ignore', 'pipe', 'ipc'], detached: true });
  const ready = watchReady(child, `${command} ${args.join(' ')}`);
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => {
    stderr = (stderr + c.toString()).slice(-4000);
  });
  child.on('exit', (code) => {
    if (code && code !== 0 && !stopped) console.error(`${command} ${args.join(' ')} exited ${code}: ${stderr}`);
  });
  let stopped = false;
  return {
    child,
    ready,
    stop: () =>
      new Promise<void>((resolve) => {
        stopped = true;
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        try {
          process.kill(-(child.pid as number), 'SIGTERM');
        } catch {
          resolve();
        }
        setTimeout(() => {
          try {
            process.kill(-(child.pid as number), 'SIGKILL');
          } catch {
            // already gone
          }
        }, 5000).unref();
      }),
  };
}

/** Until `url` answers 200 to `init` (a GET by default), polling every `intervalMs`. */
export async function waitForAnswer(url: string, init: RequestInit = {}, timeoutMs = 60_000, intervalMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url, init)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

/** Polls with a POST until the GraphQL endpoint answers 200. */
export function waitForGraphQL(url: string, timeoutMs = 60_000): Promise<void> {
  return waitForAnswer(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' }, timeoutMs, 200);
}
