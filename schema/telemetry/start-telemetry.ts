import { context, propagation, trace } from '@opentelemetry/api';
import { TELEMETRY_VARIABLES } from '../config/telemetry-variables';
import { readVariables, type Env } from '../config/read-variables';

/** The process's tracing: on when an OTLP endpoint is configured, otherwise nothing is registered. */
export interface Telemetry {
  readonly enabled: boolean;
  /** Exports the spans ended so far. */
  flush(): Promise<void>;
  /** Exports what is left and unregisters the SDK. */
  shutdown(): Promise<void>;
}

const OFF: Telemetry = { enabled: false, flush: async () => undefined, shutdown: async () => undefined };

/** Whether the standard variables ask for traces (the SDK's own OTEL_SDK_DISABLED still wins). */
export function tracesRequested(env: Env): boolean {
  const v = readVariables(TELEMETRY_VARIABLES, env);
  return Boolean(v.OTEL_EXPORTER_OTLP_ENDPOINT || v.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

/**
 * Starts the OpenTelemetry Node SDK for a process: W3C trace context, spans batched to OTLP/HTTP
 * (JSON), sampling, resource and exporter settings from the standard OTEL_* variables, and
 * `serviceName` unless OTEL_SERVICE_NAME says otherwise. With no endpoint set, the API stays a
 * no-op: spans are non-recording and nothing is propagated.
 */
export function startTelemetry(serviceName: string, env: Env): Telemetry {
  if (!tracesRequested(env)) return OFF;
  // The SDK and its exporters are about a second of module loading on this machine, a third of a
  // province subgraph's start: loaded only when traces are asked for.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
  const { resourceFromAttributes } = require('@opentelemetry/resources') as typeof import('@opentelemetry/resources');
  const { NodeSDK } = require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  const { BatchSpanProcessor } = require('@opentelemetry/sdk-trace-base') as typeof import('@opentelemetry/sdk-trace-base');
  const { ATTR_SERVICE_NAME } = require('@opentelemetry/semantic-conventions') as typeof import('@opentelemetry/semantic-conventions');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const processor = new BatchSpanProcessor(new OTLPTraceExporter());
  const sdk = new NodeSDK({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: serviceName }),
    spanProcessors: [processor],
    // Metrics stay on /metrics (Prometheus) and logs on stdout (pino, with trace ids).
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [],
  });
  sdk.start();
  return {
    enabled: true,
    flush: () => processor.forceFlush(),
    async shutdown() {
      await sdk.shutdown();
      trace.disable();
      propagation.disable();
      context.disable();
    },
  };
}
