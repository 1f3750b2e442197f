import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/** What the receiver does with one request: answer with a status (and headers), or never answer. */
export type Reply = { status: number; headers?: Record<string, string> } | 'hang';

export interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The body when its Standard Webhooks signature verified with the path's secret, else null. */
  verified: unknown;
  /** What it answered. */
  reply: Reply;
  /** When it arrived (ms since the epoch). */
  at: number;
}

/**
 * A real HTTP receiver of webhooks on a loopback port: each path answers from its own script
 * (the last step repeats), and every request is kept with whether its signature verified with
 * the standardwebhooks library.
 */
export class WebhookReceiver {
  readonly received: Received[] = [];
  private readonly scripts = new Map<string, Reply[]>();
  private readonly secrets = new Map<string, string>();
  private readonly server = http.createServer((req, res) => this.handle(req, res));
  port = 0;

  async start(host = '127.0.0.1'): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, host, resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** How `path` answers, request by request; its secret verifies the signatures. */
  script(path: string, replies: Reply[], secret?: string): void {
    this.scripts.set(path, [...replies]);
    if (secret) this.secrets.set(path, secret);
  }

  at(path: string): Received[] {
    return this.received.filter((r) => r.path === path);
  }

  /** Waits until `path` has `n` requests, up to `ms`. */
  async count(path: string, n: number, ms = 15_000): Promise<Received[]> {
    const until = Date.now() + ms;
    while (this.at(path).length < n && Date.now() < until) await new Promise((r) => setTimeout(r, 25));
    return this.at(path);
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0];
      const body = Buffer.concat(chunks).toString('utf8');
      const script = this.scripts.get(path) ?? [{ status: 404 }];
      const reply = script.length > 1 ? (script.shift() as Reply) : script[0];
      const secret = this.secrets.get(path);
      let verified: unknown = null;
      try {
        verified = secret ? new Webhook(secret).verify(body, req.headers as Record<string, string>) : null;
      } catch {
        verified = null;
      }
      this.received.push({ path, headers: req.headers, body, verified, reply, at: Date.now() });
      if (reply === 'hang') return;
      res.writeHead(reply.status, reply.headers ?? {});
      res.end();
    });
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
