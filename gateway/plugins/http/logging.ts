import type { ServerResponse } from 'node:http';
import pino, { type DestinationStream, type Logger } from 'pino';
import { traceIds } from '../../../schema/telemetry/spans';
import type { GatewayContext } from '../../context';

export type { Logger } from 'pino';

/**
 * JSON lines, one per request. Variables, tokens and headers never reach a log call; the redaction
 * is the second line of defence should a future call pass a whole request or context.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'gateway' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    // A line written while a span is active names its trace (W3C ids, as the traces carry them).
    mixin: () => traceIds(),
    redact: {
      paths: [
        'authorization', 'headers', 'variables', '*.authorization', '*.headers', '*.variables', '*.*.authorization',
        // Personal data of waybill crews (TRANSPORT_CREW), should a record or an answer ever be passed.
        'crew', '*.crew', '*.*.crew', 'qualificationCertificate', '*.qualificationCertificate', '*.*.qualificationCertificate',
      ],
      remove: true,
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** Writes one line for a request when its response has been sent (or the client went away). */
export function logRequestWhenDone(logger: Logger, res: ServerResponse, context: GatewayContext, method: string): void {
  const start = process.hrtime.bigint();
  let logged = false;
  const done = (): void => {
    if (logged) return;
    logged = true;
    const durationMs = Math.round(Number(process.hrtime.bigint() - start) / 1e4) / 100;
    const status = res.writableFinished ? res.statusCode : 499;
    const line = {
      requestId: context.requestId,
      ...traceIds(context.span),
      method,
      operationName: context.trace.operationName ?? undefined,
      status,
      durationMs,
      errorCodes: context.trace.errorCodes,
    };
    if (status >= 500) logger.error(line, 'request');
    else logger.info(line, 'request');
  };
  res.once('finish', done);
  res.once('close', done);
}
