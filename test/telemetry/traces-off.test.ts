import { trace } from '@opentelemetry/api';
import { startTelemetry, tracesRequested } from '../../schema/telemetry/start-telemetry';
import { tracer, withTraceContext, traceIds } from '../../schema/telemetry/spans';

/** Without an OTLP endpoint nothing is registered: spans do not record, no traceparent goes out, log lines get no ids. */

describe('traces off (no OTEL_EXPORTER_OTLP_ENDPOINT)', () => {
  it('are off unless the standard endpoint variables are set', () => {
    expect(tracesRequested({})).toBe(false);
    expect(tracesRequested({ OTEL_TRACES_SAMPLER: 'always_on' })).toBe(false);
    expect(tracesRequested({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(true);
    expect(tracesRequested({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' })).toBe(true);
    expect(startTelemetry('yrd-test', {}).enabled).toBe(false);
  });

  it('record nothing and propagate nothing', async () => {
    startTelemetry('yrd-test', {});
    await tracer('yrd-gateway').startActiveSpan('x', async (span) => {
      expect(span.isRecording()).toBe(false);
      expect(withTraceContext({ a: 'b' })).toEqual({ a: 'b' });
      expect(traceIds()).toEqual({});
      span.end();
    });
    expect(trace.getActiveSpan()).toBeUndefined();
  });
});
