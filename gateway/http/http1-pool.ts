import { Buffer } from 'node:buffer';
import type { IncomingHttpHeaders } from 'node:http';
import net from 'node:net';
import { headerText } from './operation-types';
import type { WholeRequestOptions, WholeResponse } from './whole-response';

/** One request to the pool's origin. */
export interface Http1Request {
  method: string;
  /** Path and query string. */
  path: string;
  headers?: Readonly<Record<string, string>>;
  body?: string | Buffer;
}

export interface Http1PoolOptions {
  /** Connections at most (default 32); requests beyond wait in order. */
  connections?: number;
  /** How long an idle connection is kept (default 30 s); shorter when the server's Keep-Alive says so. */
  keepAliveTimeoutMs?: number;
  /** The largest response head accepted (default 64 KiB). */
  maxHeaderBytes?: number;
}

/** Why a request to an origin failed: the connection, the server's answer, or the pool. */
export class Http1Error extends Error {
  constructor(
    readonly code: 'CONNECTION' | 'PROTOCOL' | 'CLOSED' | 'INVALID_REQUEST',
    message: string,
  ) {
    super(message);
    this.name = 'Http1Error';
  }
}

/** Headers a request may not set (as undici refuses them): the pool manages the connection. */
const CONNECTION_HEADERS = new Set(['connection', 'transfer-encoding', 'keep-alive', 'upgrade', 'expect']);
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const UNSAFE_VALUE = /[\0\r\n]/;
/** What is not printable ASCII (nor a tab): a value matching it is looked at again. */
const NOT_PLAIN = /[^\t\x20-\x7e]/;
/** Undici's margin: a connection is given up this long before the server's Keep-Alive timeout ends it. */
const KEEP_ALIVE_MARGIN_MS = 1000;
const CRLF = Buffer.from('\r\n');
const HEAD_END = Buffer.from('\r\n\r\n');

/**
 * HTTP/1.1 keep-alive connections to one origin (`http:` only) for whole request and response
 * texts: what a gateway sends its subgraphs, several times for every answer. undici's pool does
 * the same with more machinery per request (a parser in WebAssembly called back for every part of
 * the message, dispatch handlers, its request objects): about 20 µs more CPU a fetch (72 against
 * 53 µs, bench cpu-fetch-client), of which a cross-region answer makes eight and the gateways
 * benchmark's query seven (bench/results/s33-lean-http-client.md). Responses are framed by
 * Content-Length, chunked transfer coding or the connection's end; informational (1xx) responses
 * are skipped; no pipelining, no retries (a request fails with its connection).
 */
export class Http1Pool {
  private readonly host: string;
  private readonly port: number;
  private readonly hostHeader: string;
  private readonly max: number;
  private readonly keepAliveMs: number;
  private readonly maxHeaderBytes: number;
  private readonly idle: Connection[] = [];
  private readonly waiting: Exchange[] = [];
  private open = 0;
  private busy = 0;
  private closed = false;
  private drained: (() => void) | null = null;

  constructor(origin: string, options: Http1PoolOptions = {}) {
    const url = new URL(origin);
    if (url.protocol !== 'http:') throw new Http1Error('INVALID_REQUEST', `Http1Pool serves http: origins only, not ${url.protocol}`);
    this.host = url.hostname.replace(/^\[|\]$/g, '');
    this.port = url.port ? Number(url.port) : 80;
    this.hostHeader = url.host;
    this.max = Math.max(1, options.connections ?? 32);
    this.keepAliveMs = options.keepAliveTimeoutMs ?? 30_000;
    this.maxHeaderBytes = options.maxHeaderBytes ?? 64 * 1024;
  }

  request(request: Http1Request, options: WholeRequestOptions = {}): Promise<WholeResponse> {
    return new Promise((resolve, reject) => {
      if (this.closed) return reject(new Http1Error('CLOSED', 'the pool is closed'));
      let head: { text: string; ascii: boolean };
      try {
        head = this.headOf(request);
      } catch (err) {
        return reject(err);
      }
      const exchange = new Exchange(head.text, head.ascii, request.body, request.method === 'HEAD', resolve, reject, options, (e) => this.withdraw(e));
      if (exchange.settled) return;
      const connection = this.idleOne() ?? (this.open < this.max ? this.connect() : null);
      if (connection) this.start(connection, exchange);
      else this.waiting.push(exchange);
    });
  }

  /** The idle connection used last that is still fresh; those past their time are given up. */
  private idleOne(): Connection | null {
    const now = Date.now();
    for (let connection = this.idle.pop(); connection; connection = this.idle.pop()) {
      if (connection.fresh(now)) return connection;
      this.open--;
    }
    return null;
  }

  /** Refuses new requests and those waiting; resolves once those on a connection have finished. */
  close(): Promise<void> {
    this.closed = true;
    for (const exchange of this.waiting.splice(0)) exchange.fail(new Http1Error('CLOSED', 'the pool is closed'));
    for (const connection of this.idle.splice(0)) connection.destroy();
    if (this.busy === 0) return Promise.resolve();
    return new Promise((resolve) => (this.drained = resolve));
  }

  /** The request's head, its framing included, and whether it is all ASCII (header values may hold Latin-1). */
  private headOf({ method, path, headers = {}, body }: Http1Request): { text: string; ascii: boolean } {
    if (!TOKEN.test(method)) throw new Http1Error('INVALID_REQUEST', 'invalid method');
    if (!path.startsWith('/') || NOT_PLAIN.test(path) || path.includes(' ')) throw new Http1Error('INVALID_REQUEST', 'invalid path');
    let head = `${method} ${path} HTTP/1.1\r\n`;
    let host = this.hostHeader;
    let ascii = true;
    for (const name in headers) {
      const value = headers[name];
      if (value === undefined) continue;
      const lower = name.toLowerCase();
      if (!TOKEN.test(name)) throw new Http1Error('INVALID_REQUEST', `invalid header ${JSON.stringify(name)}`);
      if (NOT_PLAIN.test(value)) {
        if (UNSAFE_VALUE.test(value)) throw new Http1Error('INVALID_REQUEST', `invalid header ${JSON.stringify(name)}`);
        ascii &&= !/[\u0080-\uffff]/.test(value);
      }
      if (CONNECTION_HEADERS.has(lower)) throw new Http1Error('INVALID_REQUEST', `the ${lower} header is the pool's to set`);
      // The body's length is the pool's to say.
      if (lower === 'content-length') continue;
      if (lower === 'host') host = value;
      else head += `${name}: ${value}\r\n`;
    }
    head = `${head}host: ${host}\r\n`;
    if (body !== undefined) head += `content-length: ${Buffer.byteLength(body)}\r\n`;
    return { text: `${head}\r\n`, ascii };
  }

  private connect(): Connection {
    this.open++;
    return new Connection(net.connect({ host: this.host, port: this.port }), this.maxHeaderBytes, (connection, reusable) => this.done(connection, reusable));
  }

  private start(connection: Connection, exchange: Exchange): void {
    this.busy++;
    connection.begin(exchange);
  }

  /** A connection's exchange has ended: the connection goes to the next request, back to the idle ones, or away. */
  private done(connection: Connection, reusableForMs: number | null): void {
    this.busy--;
    if (reusableForMs === null || this.closed) {
      connection.destroy();
      this.open--;
    } else {
      const next = this.waiting.shift();
      if (next) return this.start(connection, next);
      connection.rest(Math.min(reusableForMs, this.keepAliveMs), () => {
        const at = this.idle.indexOf(connection);
        if (at >= 0) this.idle.splice(at, 1);
        this.open--;
      });
      this.idle.push(connection);
    }
    // A connection given up leaves room for one waiting.
    if (this.open < this.max && !this.closed) {
      const next = this.waiting.shift();
      if (next) this.start(this.connect(), next);
    }
    if (this.closed && this.busy === 0) this.drained?.();
  }

  private withdraw(exchange: Exchange): void {
    const at = this.waiting.indexOf(exchange);
    if (at >= 0) this.waiting.splice(at, 1);
  }
}

/** One request and its answer: settled once, by the response, an error, the deadline or the signal. */
class Exchange {
  settled = false;
  private timer: NodeJS.Timeout | null = null;
  /** The connection the exchange is on, which giving it up ends; null while it waits for one. */
  on: Connection | null = null;
  private onAbort: (() => void) | null = null;

  constructor(
    /** The request head (Latin-1, as HTTP headers are; all ASCII or not), and the body (UTF-8 when a string). */
    readonly requestHead: string,
    readonly asciiHead: boolean,
    readonly requestBody: string | Buffer | undefined,
    readonly head: boolean,
    private readonly resolve: (response: WholeResponse) => void,
    private readonly reject: (error: Error) => void,
    private readonly options: WholeRequestOptions,
    private readonly withdraw: (exchange: Exchange) => void,
  ) {
    const { signal, deadline } = options;
    if (deadline) this.timer = setTimeout(() => this.giveUp(deadline.error()), deadline.ms);
    if (!signal) return;
    const aborted = (): void => this.giveUp(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    if (signal.aborted) {
      aborted();
    } else {
      this.onAbort = aborted;
      signal.addEventListener('abort', aborted, { once: true });
    }
  }

  succeed(response: WholeResponse): void {
    if (this.settle()) this.resolve(response);
  }

  fail(error: Error): void {
    if (this.settle()) this.reject(error);
  }

  private giveUp(reason: Error): void {
    if (this.settled) return;
    if (this.on) this.on.abandon();
    else this.withdraw(this);
    this.fail(reason);
  }

  private settle(): boolean {
    if (this.settled) return false;
    this.settled = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.onAbort) this.options.signal?.removeEventListener('abort', this.onAbort);
    return true;
  }
}

type Framing = { kind: 'length'; remaining: number } | { kind: 'chunked'; remaining: number; trailers: boolean } | { kind: 'close' } | { kind: 'none' };

/** One keep-alive connection: writes a request, reads its response whole. */
class Connection {
  private exchange: Exchange | null = null;
  /** Bytes received and not yet read. */
  private pending: Buffer | null = null;
  private status = 0;
  private headers: IncomingHttpHeaders = {};
  private framing: Framing | null = null;
  private body: Buffer[] = [];
  private reusableForMs: number | null = null;
  private idleUntil = 0;
  private onIdleEnd: (() => void) | null = null;
  private dead = false;

  constructor(
    private readonly socket: net.Socket,
    private readonly maxHeaderBytes: number,
    private readonly done: (connection: Connection, reusableForMs: number | null) => void,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('end', () => this.lost(new Http1Error('CONNECTION', 'the server closed the connection')));
    socket.on('close', () => this.lost(new Http1Error('CONNECTION', 'the connection closed')));
    socket.on('error', (err) => this.lost(new Http1Error('CONNECTION', `connection failed: ${err.message}`)));
  }

  begin(exchange: Exchange): void {
    this.onIdleEnd = null;
    this.socket.ref();
    this.exchange = exchange;
    this.status = 0;
    this.headers = {};
    this.framing = null;
    this.body = [];
    exchange.on = this;
    const { requestHead, asciiHead, requestBody } = exchange;
    if (requestBody === undefined || requestBody.length === 0) {
      this.socket.write(requestHead, 'latin1');
      return;
    }
    // An ASCII head reads the same in UTF-8: one string, one write.
    if (asciiHead && typeof requestBody === 'string') {
      this.socket.write(requestHead + requestBody);
      return;
    }
    this.socket.cork();
    this.socket.write(requestHead, 'latin1');
    this.socket.write(requestBody);
    this.socket.uncork();
  }

  /** Its exchange given up: the connection, its answer unread, cannot be used again. */
  abandon(): void {
    this.end(null);
  }

  /** Idle until the next request, for `ms` at most (told by `fresh`); `ended` when the server ends it first. */
  rest(ms: number, ended: () => void): void {
    this.onIdleEnd = ended;
    this.idleUntil = Date.now() + ms;
    // An idle connection does not keep the process alive (as undici's do not).
    this.socket.unref();
  }

  /** Whether an idle connection may still be used; one past its time is destroyed. */
  fresh(now: number): boolean {
    if (!this.dead && now < this.idleUntil) return true;
    this.destroy();
    return false;
  }

  destroy(): void {
    this.dead = true;
    this.onIdleEnd = null;
    this.socket.destroy();
  }

  private lost(error: Error): void {
    if (this.dead) return;
    if (this.exchange) {
      // A body framed by the connection's end is complete when it ends.
      if (this.framing?.kind === 'close' && this.status) return this.complete(null);
      this.exchange.fail(error);
      return this.end(null);
    }
    const ended = this.onIdleEnd;
    this.destroy();
    ended?.();
  }

  private receive(chunk: Buffer): void {
    if (!this.exchange) return this.lost(new Http1Error('PROTOCOL', 'data on an idle connection'));
    this.pending = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    try {
      this.read();
    } catch (err) {
      this.exchange?.fail(err as Error);
      this.end(null);
    }
  }

  /** Reads what `pending` holds: the head, then the body as its framing says. */
  private read(): void {
    while (this.exchange && this.pending && this.pending.length > 0) {
      if (!this.framing) {
        if (!this.readHead()) return;
        continue;
      }
      const framing = this.framing;
      if (framing.kind === 'length') {
        const take = Math.min(framing.remaining, this.pending.length);
        this.body.push(this.pending.subarray(0, take));
        framing.remaining -= take;
        this.pending = take < this.pending.length ? this.pending.subarray(take) : null;
        if (framing.remaining === 0) this.complete(this.reusableForMs);
      } else if (framing.kind === 'chunked') {
        if (!this.readChunk(framing)) return;
      } else {
        // To the connection's end ('none' never gets here: a response without a body completes with its head).
        this.body.push(this.pending);
        this.pending = null;
      }
    }
  }

  /** The status line and headers, once they are all there; informational responses are passed over. */
  private readHead(): boolean {
    const pending = this.pending as Buffer;
    const end = pending.indexOf(HEAD_END);
    if (end < 0) {
      if (pending.length > this.maxHeaderBytes) throw new Http1Error('PROTOCOL', 'response head too large');
      return false;
    }
    if (end > this.maxHeaderBytes) throw new Http1Error('PROTOCOL', 'response head too large');
    const lines = pending.toString('latin1', 0, end).split('\r\n');
    this.pending = end + 4 < pending.length ? pending.subarray(end + 4) : null;
    const statusLine = /^HTTP\/1\.([01]) (\d{3})(?: |$)/.exec(lines[0]);
    if (!statusLine) throw new Http1Error('PROTOCOL', 'not an HTTP/1.x response');
    const status = Number(statusLine[2]);
    const headers: IncomingHttpHeaders = {};
    for (let i = 1; i < lines.length; i++) {
      const colon = lines[i].indexOf(':');
      if (colon <= 0) throw new Http1Error('PROTOCOL', 'malformed header line');
      const name = lines[i].slice(0, colon).trim().toLowerCase();
      const value = lines[i].slice(colon + 1).trim();
      const previous = headers[name];
      headers[name] = previous === undefined ? value : Array.isArray(previous) ? [...previous, value] : [previous, value];
    }
    if (status >= 100 && status < 200) return true;
    this.status = status;
    this.headers = headers;
    const connection = headerText(headers.connection).toLowerCase();
    const keepAlive = statusLine[1] === '1' ? !/\bclose\b/.test(connection) : /\bkeep-alive\b/.test(connection);
    const timeout = /\btimeout=(\d+)/.exec(headerText(headers['keep-alive']));
    this.reusableForMs = keepAlive ? (timeout ? Math.max(0, Number(timeout[1]) * 1000 - KEEP_ALIVE_MARGIN_MS) : Infinity) : null;
    const length = headerText(headers['content-length']);
    if (this.exchange?.head || status === 204 || status === 304) this.framing = { kind: 'none' };
    else if (/\bchunked\b/i.test(headerText(headers['transfer-encoding']))) this.framing = { kind: 'chunked', remaining: -1, trailers: false };
    else if (length !== '') {
      if (!/^\d+$/.test(length)) throw new Http1Error('PROTOCOL', 'invalid content-length');
      this.framing = { kind: 'length', remaining: Number(length) };
    } else {
      this.framing = { kind: 'close' };
      this.reusableForMs = null;
    }
    if (this.framing.kind === 'none' || (this.framing.kind === 'length' && this.framing.remaining === 0)) this.complete(this.reusableForMs);
    return true;
  }

  /** One step of chunked transfer coding: a size line, a chunk and its CRLF, or the trailers; false until its bytes are there. */
  private readChunk(framing: { remaining: number; trailers: boolean }): boolean {
    const pending = this.pending as Buffer;
    if (framing.trailers) {
      // After the last chunk: trailer lines up to an empty one.
      const end = pending.indexOf(CRLF);
      if (end < 0) return false;
      this.pending = end + 2 < pending.length ? pending.subarray(end + 2) : null;
      if (end === 0) this.complete(this.reusableForMs);
      return true;
    }
    if (framing.remaining < 0) {
      const end = pending.indexOf(CRLF);
      if (end < 0) {
        if (pending.length > 1024) throw new Http1Error('PROTOCOL', 'chunk size line too long');
        return false;
      }
      const size = /^([0-9a-fA-F]+)[ \t]*(?:;.*)?$/.exec(pending.toString('latin1', 0, end));
      if (!size) throw new Http1Error('PROTOCOL', 'invalid chunk size');
      framing.remaining = parseInt(size[1], 16);
      this.pending = end + 2 < pending.length ? pending.subarray(end + 2) : null;
      if (framing.remaining === 0) framing.trailers = true;
      return true;
    }
    // The chunk's data, then its CRLF.
    if (pending.length < framing.remaining + 2) {
      if (framing.remaining === 0) return false;
      const take = Math.min(framing.remaining, pending.length);
      this.body.push(pending.subarray(0, take));
      framing.remaining -= take;
      this.pending = take < pending.length ? pending.subarray(take) : null;
      return this.pending !== null;
    }
    if (pending[framing.remaining] !== 0x0d || pending[framing.remaining + 1] !== 0x0a) throw new Http1Error('PROTOCOL', 'chunk not followed by CRLF');
    if (framing.remaining > 0) this.body.push(pending.subarray(0, framing.remaining));
    this.pending = framing.remaining + 2 < pending.length ? pending.subarray(framing.remaining + 2) : null;
    framing.remaining = -1;
    return true;
  }

  private complete(reusableForMs: number | null): void {
    const exchange = this.exchange as Exchange;
    const body = this.body.length === 1 ? this.body[0] : Buffer.concat(this.body);
    // Bytes beyond the response: the server answered more than was asked.
    const reusable = this.pending ? null : reusableForMs;
    exchange.succeed({ statusCode: this.status, headers: this.headers, text: body.toString('utf8') });
    this.end(reusable);
  }

  /** The exchange is over; the connection is reusable for that long, or (null) not at all. */
  private end(reusableForMs: number | null): void {
    if (this.exchange) this.exchange.on = null;
    this.exchange = null;
    this.pending = null;
    this.body = [];
    if (reusableForMs === null) this.dead = true;
    this.done(this, reusableForMs);
  }
}
