import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ProvinceCode } from '../../schema/model';
import { CallCounter } from './call-counter';
import type { SimClock } from './clock';
import { FaultInjector, type FaultSettings } from './faults';

export interface SimRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** Values of the route pattern's `:name` segments, URI-decoded. */
  params: Record<string, string>;
}

export interface SimResponse {
  status: number;
  headers?: Record<string, string>;
  body: Buffer | string;
}

export type Handler = (req: SimRequest) => SimResponse | Promise<SimResponse>;

export interface Route {
  method: 'GET' | 'POST';
  /** e.g. "/api/v2/warnings/:id" */
  pattern: string;
  handler: Handler;
}

/** What makes one legacy system: its routes and how it answers when things go wrong. */
/** A simulated system: one of the four provinces, or the region's credit platform (CR). */
export type SimSource = ProvinceCode | 'CR';

export interface SimulatorSpec<S extends SimSource = ProvinceCode> {
  province: S;
  routes: Route[];
  /** The system's own answer when it breaks (e.g. Anhui's HTML 503 page). */
  serverError(): SimResponse;
  /** A body that the system's format does not parse. */
  malformed(): SimResponse;
  /** An unknown path or method, answered in the system's own format. */
  notFound(req: SimRequest): SimResponse;
  /** Extra control routes under /__sim/ (e.g. to read the mutual-aid store); not counted, not faulted. */
  adminRoutes?: Route[];
}

const ADMIN_PREFIX = '/__sim/';

interface CompiledRoute extends Route {
  segments: string[];
}

function compile(routes: Route[]): CompiledRoute[] {
  return routes.map((r) => ({ ...r, segments: r.pattern.split('/') }));
}

function match(routes: CompiledRoute[], method: string, path: string): { route: CompiledRoute; params: Record<string, string> } | 'method' | null {
  const parts = path.split('/');
  let pathMatched = false;
  for (const route of routes) {
    if (route.segments.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < parts.length; i++) {
      const seg = route.segments[i];
      if (seg.startsWith(':')) {
        try {
          params[seg.slice(1)] = decodeURIComponent(parts[i]);
        } catch {
          ok = false;
          break;
        }
      } else if (seg !== parts[i]) {
        ok = false;
        break;
      }
    }
    if (!ok) continue;
    pathMatched = true;
    if (route.method === method) return { route, params };
  }
  return pathMatched ? 'method' : null;
}

function json(status: number, value: unknown): SimResponse {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(value) };
}

/**
 * An HTTP server for one simulated legacy system, with fault injection, call counters and a
 * control API under /__sim/ (calls, faults, clock).
 */
export class SimServer<S extends SimSource = ProvinceCode> {
  readonly faults = new FaultInjector();
  readonly calls = new CallCounter();
  /** The calls among `calls` that the system refused for its rate limit (HTTP 429). */
  readonly rateLimited = new CallCounter();
  private readonly server: http.Server;
  private readonly routes: CompiledRoute[];
  private readonly admin: CompiledRoute[];
  private readonly held = new Set<import('node:net').Socket>();

  constructor(
    private readonly spec: SimulatorSpec<S>,
    readonly clock: SimClock,
  ) {
    this.routes = compile(spec.routes);
    this.admin = compile([...this.controlRoutes(), ...(spec.adminRoutes ?? [])]);
    this.server = http.createServer((req, res) => {
      void this.handle(req, res);
    });
    this.server.keepAliveTimeout = 5_000;
  }

  get province(): S {
    return this.spec.province;
  }

  async listen(port = 0, host = '127.0.0.1'): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    return this.url;
  }

  get url(): string {
    const addr = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${addr.port}`;
  }

  async close(): Promise<void> {
    for (const socket of this.held) socket.destroy();
    this.held.clear();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private controlRoutes(): Route[] {
    return [
      { method: 'GET', pattern: '/__sim/calls', handler: () => json(200, { total: this.calls.total(), calls: this.calls.snapshot() }) },
      { method: 'POST', pattern: '/__sim/calls/reset', handler: () => (this.calls.reset(), json(200, { ok: true })) },
      { method: 'GET', pattern: '/__sim/faults', handler: () => json(200, this.faults.current) },
      {
        method: 'POST',
        pattern: '/__sim/faults',
        handler: (req) => json(200, this.faults.set(JSON.parse(req.body.toString('utf8') || '{}') as Partial<FaultSettings>)),
      },
      { method: 'POST', pattern: '/__sim/faults/reset', handler: () => (this.faults.reset(), json(200, this.faults.current)) },
      { method: 'GET', pattern: '/__sim/clock', handler: () => json(200, { now: this.clock.now().toISOString() }) },
      {
        method: 'POST',
        pattern: '/__sim/clock',
        handler: (req) => {
          const body = JSON.parse(req.body.toString('utf8') || '{}') as { advanceMs?: number; now?: string };
          if (typeof body.advanceMs === 'number') this.clock.advance(body.advanceMs);
          if (typeof body.now === 'string') this.clock.set(new Date(body.now));
          return json(200, { now: this.clock.now().toISOString() });
        },
      },
    ];
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    let answer: SimResponse;
    try {
      const body = await readBody(req);
      const url = new URL(req.url ?? '/', 'http://sim.local');
      const base = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body, params: {} };

      if (url.pathname.startsWith(ADMIN_PREFIX)) {
        const found = match(this.admin, base.method, url.pathname);
        answer = found && found !== 'method' ? await found.route.handler({ ...base, params: found.params }) : json(404, { error: 'no such control route' });
        return send(res, answer);
      }

      const decision = this.faults.decide(url.pathname);
      if (decision === 'down') {
        req.socket.destroy();
        return;
      }
      const found = match(this.routes, base.method, url.pathname);
      const endpoint = found && found !== 'method' ? `${found.route.method} ${found.route.pattern}` : `${base.method} ${url.pathname}`;
      this.calls.record(endpoint);
      if (decision === 'timeout') {
        this.hold(req.socket);
        return;
      }
      const latency = this.faults.current.latencyMs;
      if (latency > 0) await new Promise((r) => setTimeout(r, latency));
      const held = this.faults.released();
      if (held) await held;
      if (decision === 'error') answer = this.spec.serverError();
      else if (decision === 'malformed') answer = this.spec.malformed();
      else if (!found || found === 'method') answer = this.spec.notFound({ ...base });
      else answer = await found.route.handler({ ...base, params: found.params });
      if (answer.status === 429) this.rateLimited.record(endpoint);
      if (decision === 'lost-answer') {
        this.hold(req.socket);
        return;
      }
    } catch {
      answer = this.spec.serverError();
    }
    send(res, answer);
  }

  private hold(socket: import('node:net').Socket): void {
    this.held.add(socket);
    const timer = setTimeout(() => {
      this.held.delete(socket);
      socket.destroy();
    }, this.faults.current.timeoutHoldMs);
    timer.unref();
    socket.once('close', () => {
      clearTimeout(timer);
      this.held.delete(socket);
    });
  }
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: http.ServerResponse, answer: SimResponse): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(answer.status, answer.headers ?? {});
  res.end(answer.body);
}
