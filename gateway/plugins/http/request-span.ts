import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Span } from '@opentelemetry/api';
import { serveInSpan } from '../../../schema/telemetry/server-span';
import { tracer } from '../../../schema/telemetry/spans';
import type { GatewayContext } from '../../context';

/** The operation and the caller, on the request's span: names, type, role, error codes; never a token or variables. */
function describe(span: Span, context: GatewayContext): void {
  const { operationName, operationKind, errorCodes } = context.trace;
  span.updateName(operationName ? `${operationKind ?? 'graphql'} ${operationName}` : (operationKind ?? 'graphql'));
  if (operationName) span.setAttribute('graphql.operation.name', operationName);
  if (operationKind) span.setAttribute('graphql.operation.type', operationKind);
  span.setAttribute('yrd.caller.role', context.caller?.role ?? 'anonymous');
  if (context.caller?.province) span.setAttribute('yrd.caller.province', context.caller.province);
  if (errorCodes.length > 0) span.setAttribute('yrd.graphql.error_codes', [...new Set(errorCodes)]);
}

/**
 * Serves a gateway request inside its span (continuing the client's `traceparent`): the span
 * goes into the request's context, for the log line and every fetch the request makes.
 */
export function serveTraced(req: IncomingMessage, res: ServerResponse, context: GatewayContext, run: () => void): void {
  serveInSpan(tracer('yrd-gateway'), req, res, { attributes: { 'yrd.request_id': context.requestId }, beforeEnd: (span) => describe(span, context) }, (span) => {
    context.span = span;
    run();
  });
}
