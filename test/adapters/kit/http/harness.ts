import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { ProvinceUnavailableError } from '../../../../adapters/kit/errors';
import { LegacyHttpClient, type LegacyHttpClientOptions } from '../../../../adapters/kit/http';

export interface Arrival {
  at: number;
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse, arrival: Arrival) => void;

/** A legacy system on 127.0.0.1 whose answers each test scripts, recording every request it sees. */
export class FakeLegacy {
  readonly arrivals: Arrival[] = [];
  connections = 0;
  inFlight = 0;
  maxInFlight = 0;
  handler: Handler = (_req, res) => res.end('ok');
  private readonly server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const arrival = { at: performance.now(), method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
      this.arrivals.push(arrival);
      this.inFlight++;
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
      res.on('close', () => this.inFlight--);
      this.handler(req, res, arrival);
    });
  });

  constructor() {
    this.server.on('connection', () => this.connections++);
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Answers each request with the next of `statuses`, then 200 "ok". */
  answerInTurn(...statuses: (number | { status: number; headers: Record<string, string> })[]): void {
    let i = 0;
    this.handler = (_req, res) => {
      const next = statuses[i++] ?? 200;
      const { status, headers } = typeof next === 'number' ? { status: next, headers: {} } : next;
      res.writeHead(status, headers).end(status === 200 ? 'ok' : `status ${status}`);
    };
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export let legacy: FakeLegacy;

/** A test that stops the fake system puts a fresh one in its place for the tests after it. */
export function replaceLegacy(next: FakeLegacy): void {
  legacy = next;
}
export let baseUrl: string;
export const clients: LegacyHttpClient[] = [];

export function client(options: Partial<LegacyHttpClientOptions> = {}): LegacyHttpClient {
  const c = new LegacyHttpClient({ province: 'AH', baseUrl, backoff: { initialMs: 20, maxMs: 50 }, ...options });
  clients.push(c);
  return c;
}

export const get = (path = '/ahyj/api/yjxx/list') => ({ method: 'GET' as const, path, idempotent: true, endpoint: `GET ${path}` });
export const post = (path = '/ahyj/api/jydw/zyqq/add', body = 'jdbh=AHJD0009') => ({
  method: 'POST' as const, path, body, idempotent: false, endpoint: `POST ${path}`,
});

/** The rejection of `promise`, which must reject. */
export async function failure(promise: Promise<unknown>): Promise<ProvinceUnavailableError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(ProvinceUnavailableError);
    return err as ProvinceUnavailableError;
  }
  throw new Error('expected the request to fail');
}

export const beforeEachTest = async () => {
  legacy = new FakeLegacy();
  baseUrl = await legacy.start();
};

export const afterEachTest = async () => {
  for (const c of clients.splice(0)) c.close();
  await legacy.stop();
};
