import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import Redis from 'ioredis';
import { RedisCache } from '../../schema/cache/redis-cache';
import { ResilientCache } from '../../schema/cache/resilient-cache';
import { until } from './until';

/**
 * A real redis-server (Debian's /usr/bin/redis-server) on a free loopback port, without
 * persistence. stop() and start() again keep the port, so resilience tests can take Redis away
 * and bring it back under clients that stay configured with `url`.
 */
export interface RedisServerHandle {
  readonly port: number;
  readonly url: string;
  readonly running: boolean;
  /** The server process, while it runs (to pause it with SIGSTOP, as a machine too busy to schedule it would). */
  readonly pid: number | null;
  start(): Promise<void>;
  stop(): Promise<void>;
  restart(): Promise<void>;
}

const REDIS_SERVER = process.env.REDIS_SERVER_BIN ?? '/usr/bin/redis-server';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    let answer = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      answer += chunk.toString();
      if (answer.includes('\r\n')) done(answer.startsWith('+PONG'));
    });
  });
}

class RedisServer implements RedisServerHandle {
  private child: ChildProcess | null = null;
  private output = '';

  constructor(
    readonly port: number,
    private readonly extraArgs: readonly string[] = [],
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.child !== null;
  }

  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  async start(): Promise<void> {
    if (this.child) return;
    const child = spawn(REDIS_SERVER, ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'no', '--loglevel', 'warning', ...this.extraArgs], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout?.on('data', (d: Buffer) => (this.output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (this.output += d.toString()));
    let exited = false;
    let spawnError: Error | null = null;
    child.once('exit', () => {
      exited = true;
      if (this.child === child) this.child = null;
    });
    child.once('error', (error) => {
      spawnError = error;
      if (this.child === child) this.child = null;
    });
    try {
      await until(async () => {
        if (spawnError) throw new Error(`${REDIS_SERVER} could not start (npm test installs Debian's redis-server): ${spawnError.message}`);
        if (exited) throw new Error(`redis-server exited at start: ${this.output.trim()}`);
        return ping(this.port);
      }, 10_000, `redis-server: PING on port ${this.port}`, 50);
    } catch (error) {
      child.kill('SIGKILL');
      throw error;
    }
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = null;
    if (child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }
}

export interface RedisServerOptions {
  /** Chooses the port (default: any free one). */
  port?: () => Promise<number>;
  /** More redis-server arguments, for the chosen port. */
  args?: (port: number) => string[];
}

/** Starts a redis-server; retries on another port if the chosen one was taken meanwhile. */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServerHandle> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await (options.port ?? freePort)();
    const server = new RedisServer(port, options.args?.(port));
    try {
      await server.start();
      return server;
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

/** A redis-server with a connection of the test's own beside the clients under test: to pause Redis (CLIENT PAUSE), drop their connections (CLIENT KILL) or look at keys. */
export interface RedisServerWithAdmin {
  readonly server: RedisServerHandle;
  readonly admin: Redis;
  /** A resilient cache on this server under `keyPrefix`, once its client has connected. */
  cache(keyPrefix: string): Promise<ResilientCache>;
  stop(): Promise<void>;
}

export async function startRedisServerWithAdmin(): Promise<RedisServerWithAdmin> {
  const server = await startRedisServer();
  const admin = new Redis(server.url);
  return {
    server,
    admin,
    async cache(keyPrefix) {
      const cache = new ResilientCache(new RedisCache({ url: server.url, keyPrefix }));
      await cache.remote.ready(5_000);
      return cache;
    },
    async stop() {
      admin.disconnect();
      await server.stop();
    },
  };
}
