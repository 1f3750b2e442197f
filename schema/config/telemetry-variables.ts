import { optionalText } from './variable';

/**
 * OpenTelemetry's own variables (every process): read here only to document them and to decide
 * whether traces are on; the SDK reads them itself, with the rest of the standard ones
 * (OTEL_EXPORTER_OTLP_HEADERS, OTEL_RESOURCE_ATTRIBUTES, OTEL_BSP_*, OTEL_SDK_DISABLED …).
 */
export const TELEMETRY_VARIABLES = {
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalText({ type: 'URL', defaultText: 'unset: no traces, no tracing cost', description: 'an OTLP/HTTP (JSON) collector: spans go to `<endpoint>/v1/traces`' }),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: optionalText({ type: 'URL', defaultText: 'unset', description: 'the full traces URL instead (also turns traces on)' }),
  OTEL_SERVICE_NAME: optionalText({ defaultText: 'the process: `yrd-gateway`, `yrd-province-<p>`, `yrd-region`, `yrd-credit`, `yrd-registry`', description: "the traces' `service.name`" }),
  OTEL_TRACES_SAMPLER: optionalText({ defaultText: '`parentbased_always_on`', description: 'the standard samplers, e.g. `parentbased_traceidratio` (a client\'s sampled `traceparent` is honoured)' }),
  OTEL_TRACES_SAMPLER_ARG: optionalText({ defaultText: '`1.0` for the ratio samplers', description: "the ratio samplers' fraction" }),
} as const;
