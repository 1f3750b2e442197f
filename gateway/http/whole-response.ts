import { Buffer } from 'node:buffer';
import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';

export interface WholeResponse {
  statusCode: number;
  headers: IncomingHttpHeaders;
  /** The body, decoded as UTF-8. */
  text: string;
}

export interface WholeRequestOptions {
  /** Aborts the request when it aborts (its reason is the rejection). */
  signal?: AbortSignal;
  /** Aborts the request after `ms` with the error `error()` makes. */
  deadline?: { ms: number; error: () => Error };
}

/**
 * Sends one request through `dispatcher` and reads its answer whole: undici's `dispatch` with a
 * handler that keeps the body's chunks. undici's `request` gives every answer a readable stream
 * (and every request an async resource) that a caller who reads the whole text has no use for;
 * a gateway sends several such requests for every one it answers.
 */
export function requestWhole(dispatcher: Dispatcher, request: Dispatcher.DispatchOptions, options: WholeRequestOptions = {}): Promise<WholeResponse> {
  return new Promise((resolve, reject) => {
    dispatcher.dispatch(request, new WholeResponseHandler(resolve, reject, options));
  });
}

class WholeResponseHandler implements Dispatcher.DispatchHandler {
  private statusCode = 0;
  private headers: IncomingHttpHeaders = {};
  private readonly chunks: Buffer[] = [];
  private controller: Dispatcher.DispatchController | null = null;
  /** Why the request was given up, before undici knew of it or after. */
  private reason: Error | null = null;
  private settled = false;
  private readonly timer: NodeJS.Timeout | null;
  private readonly onAbort = (): void => this.giveUp(this.options.signal?.reason instanceof Error ? this.options.signal.reason : new Error('aborted'));

  constructor(
    private readonly resolve: (response: WholeResponse) => void,
    private readonly reject: (error: Error) => void,
    private readonly options: WholeRequestOptions,
  ) {
    const { signal, deadline } = options;
    this.timer = deadline ? setTimeout(() => this.giveUp(deadline.error()), deadline.ms) : null;
    if (signal?.aborted) this.onAbort();
    else signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.reason) controller.abort(this.reason);
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders): void {
    this.statusCode = statusCode;
    this.headers = headers;
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.chunks.push(chunk);
  }

  onResponseEnd(): void {
    const body = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks);
    this.settle(() => this.resolve({ statusCode: this.statusCode, headers: this.headers, text: body.toString('utf8') }));
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.settle(() => this.reject(this.reason ?? error));
  }

  private giveUp(reason: Error): void {
    if (this.settled) return;
    this.reason = reason;
    // Not yet on a connection: rejected now, aborted when undici starts it.
    if (this.controller) this.controller.abort(reason);
    else this.settle(() => this.reject(reason));
  }

  private settle(outcome: () => void): void {
    if (this.settled) return;
    this.settled = true;
    if (this.timer) clearTimeout(this.timer);
    this.options.signal?.removeEventListener('abort', this.onAbort);
    outcome();
  }
}
