import type { IncomingMessage, ServerResponse } from 'node:http';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, context, propagation, trace, type Attributes, type Span, type Tracer } from '@opentelemetry/api';

export interface ServerSpanOptions {
  attributes?: Attributes;
  /** Adds what was learnt while serving (operation, caller) just before the span ends. */
  beforeEnd?: (span: Span) => void;
}

/**
 * Serves one HTTP request inside a server span that continues the caller's W3C `traceparent`
 * (a new trace when there is none). The span ends when the response is sent or the client goes
 * away, with its status; `run` and everything it awaits see the span as active.
 */
export function serveInSpan(tracer: Tracer, req: IncomingMessage, res: ServerResponse, options: ServerSpanOptions, run: (span: Span) => void): void {
  const parent = propagation.extract(ROOT_CONTEXT, req.headers);
  const route = (req.url ?? '/').split('?')[0];
  const method = req.method ?? 'GET';
  const span = tracer.startSpan(`${method} ${route}`, {
    kind: SpanKind.SERVER,
    attributes: { 'http.request.method': method, 'url.path': route, 'http.route': route, ...options.attributes },
  }, parent);
  let ended = false;
  const end = (): void => {
    if (ended) return;
    ended = true;
    const status = res.writableFinished ? res.statusCode : 499;
    span.setAttribute('http.response.status_code', status);
    if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    if (span.isRecording()) options.beforeEnd?.(span);
    span.end();
  };
  res.once('finish', end);
  res.once('close', end);
  context.with(trace.setSpan(parent, span), () => run(span));
}
