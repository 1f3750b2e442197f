import { SpanKind, SpanStatusCode, context, propagation, trace, type Attributes, type Span, type Tracer } from '@opentelemetry/api';

/** Instrumentation scopes: which layer made a span (one process may run several, as in the tests). */
export type Layer = 'yrd-gateway' | 'yrd-subgraph' | 'yrd-adapter';

/** The layer's tracer from the provider registered now (a tracer kept from before would outlive an SDK restarted in the same process). */
export function tracer(layer: Layer): Tracer {
  return trace.getTracer(layer);
}

/** What a failed span records: the error's code or class, never its message (which may quote input). */
export function errorTypeOf(err: unknown): string {
  if (typeof err === 'object' && err !== null) {
    const code = (err as { code?: unknown; extensions?: { code?: unknown } }).code ?? (err as { extensions?: { code?: unknown } }).extensions?.code;
    if (typeof code === 'string') return code;
    if (err instanceof Error) return err.name;
  }
  return 'Error';
}

export function markFailed(span: Span, err: unknown): void {
  const type = errorTypeOf(err);
  span.setAttribute('error.type', type);
  span.setStatus({ code: SpanStatusCode.ERROR, message: type });
}

export interface SpanOptions {
  kind?: SpanKind;
  attributes?: Attributes;
}

/** Runs `fn` in a child span of the active one, ended when `fn` settles (marked failed when it throws). */
export function inSpan<T>(tracer: Tracer, name: string, options: SpanOptions, fn: (span: Span) => Promise<T>): Promise<T> {
  return tracer.startActiveSpan(name, { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes }, async (span) => {
    try {
      return await fn(span);
    } catch (err) {
      markFailed(span, err);
      throw err;
    } finally {
      span.end();
    }
  });
}

/** `headers` with the active trace context added (W3C traceparent and tracestate); unchanged when tracing is off. */
export function withTraceContext(headers: Record<string, string>): Record<string, string> {
  const out = { ...headers };
  propagation.inject(context.active(), out);
  return out;
}

/** The ids log lines carry, when a span is being recorded. */
export function traceIds(span: Span | undefined = trace.getActiveSpan()): { trace_id: string; span_id: string } | Record<string, never> {
  const ids = span?.spanContext();
  return ids && trace.isSpanContextValid(ids) ? { trace_id: ids.traceId, span_id: ids.spanId } : {};
}

export { SpanKind };
