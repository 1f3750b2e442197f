import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { CALLER_ERROR_CODES, ErrorCodes } from '../../../schema/error-codes';
import type { GatewayContext } from '../../context';
import type { Logger } from '../http/logging';

export const INTERNAL_SERVER_ERROR = ErrorCodes.INTERNAL_SERVER_ERROR;
export const INTERNAL_MESSAGE = 'Internal server error';

/** Extensions a caller may see; everything else (stack traces, service names, exceptions) is dropped. */
export const SAFE_EXTENSIONS: readonly string[] = ['code', 'province', 'entry', 'argument', 'sourceId', 'reason', 'stale', 'requestId', 'clientRequestId', 'retryAfterMs', 'legacyCode', 'codePoints', 'length', 'maxLength', 'subgraph'];

const URL_PATTERN = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>),;]*[^\s"'<>),;.]/gi;
const HOST_PORT_PATTERN = /\b(?:(?:\d{1,3}\.){3}\d{1,3}|localhost|\[[0-9a-f:]+\])(?::\d{1,5})?\b|\b[a-z0-9-]+(?:\.[a-z0-9-]+)+:\d{2,5}\b/gi;

/** Even messages meant for callers never carry an internal address. */
export function withoutAddresses(text: string): string {
  return text.replace(URL_PATTERN, '[internal address]').replace(HOST_PORT_PATTERN, '[internal address]');
}

function safeExtensions(extensions: Record<string, unknown>): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const name of SAFE_EXTENSIONS) {
    const value = extensions[name];
    if (value === undefined) continue;
    kept[name] = typeof value === 'string' ? withoutAddresses(value) : value;
  }
  return kept;
}

export interface ErrorMaskingOptions {
  safeCodes?: readonly string[];
}

/** Formats one error for the caller: coded errors keep their message and safe extensions, the rest are masked. */
export function maskError(formatted: GraphQLFormattedError, options: ErrorMaskingOptions = {}): GraphQLFormattedError {
  const safeCodes = options.safeCodes ?? CALLER_ERROR_CODES;
  const code = formatted.extensions?.code;
  const base = { ...(formatted.locations ? { locations: formatted.locations } : {}), ...(formatted.path ? { path: formatted.path } : {}) };
  if (typeof code === 'string' && safeCodes.includes(code)) {
    return { message: withoutAddresses(formatted.message), ...base, extensions: safeExtensions(formatted.extensions ?? {}) };
  }
  return { message: INTERNAL_MESSAGE, ...base, extensions: { code: INTERNAL_SERVER_ERROR } };
}

/**
 * Apollo Server's own refusals of a request that carry no code (a persisted query whose hash does
 * not match its text, or of an unknown version) are the caller's errors, an HTTP 4xx on the error
 * itself: BAD_REQUEST rather than masked. Undefined for every other error.
 */
function requestErrorCode(error: unknown): typeof ErrorCodes.BAD_REQUEST | undefined {
  if (!(error instanceof GraphQLError) || error.extensions.code !== undefined) return undefined;
  const status = (error.extensions.http as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' && status >= 400 && status < 500 ? ErrorCodes.BAD_REQUEST : undefined;
}

/** The code an error is told by: its own, or BAD_REQUEST for Apollo Server's uncoded refusals. */
function codeOf(error: GraphQLError): string | undefined {
  const code = error.extensions.code;
  return typeof code === 'string' ? code : requestErrorCode(error);
}

function withRequestErrorCode(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const code = requestErrorCode(error);
  return code ? { ...formatted, extensions: { ...formatted.extensions, code } } : formatted;
}

/**
 * Masking as Apollo's `formatError` plus a plugin that stamps masked errors with the request id
 * (formatError sees no context) and logs what was masked, so that operators can find the cause.
 */
export function errorMasking(logger: Logger, options: ErrorMaskingOptions = {}): {
  formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
  plugin: ApolloServerPlugin<GatewayContext>;
} {
  const safeCodes = options.safeCodes ?? CALLER_ERROR_CODES;
  return {
    formatError: (formatted, error) => maskError(withRequestErrorCode(formatted, error), { safeCodes }),
    plugin: {
      async requestDidStart() {
        return {
          async didEncounterErrors({ errors, contextValue }) {
            for (const e of errors) {
              const code = codeOf(e);
              if (code !== undefined && safeCodes.includes(code)) continue;
              logger.error(
                { requestId: contextValue.requestId, path: e.path, code, cause: e.message, service: e.extensions?.serviceName },
                'internal error masked',
              );
            }
          },
          async willSendResponse({ response, contextValue }) {
            const result = response.body.kind === 'single' ? response.body.singleResult : response.body.initialResult;
            for (const e of result.errors ?? []) {
              if (e.extensions?.code === INTERNAL_SERVER_ERROR) (e.extensions as Record<string, unknown>).requestId = contextValue.requestId;
            }
            // The gateway reports an operation it cannot plan (e.g. an unknown operation name) as a 500.
            const unplannable = result.errors?.length && result.errors.every((e) => e.extensions?.code === ErrorCodes.INVALID_GRAPHQL);
            if (unplannable && result.data === undefined && response.http.status === 500) response.http.status = 400;
          },
        };
      },
    },
  };
}
