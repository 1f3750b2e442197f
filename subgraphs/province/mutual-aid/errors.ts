import { GraphQLError } from 'graphql';
import type { ProvinceCode } from '../../../schema/model';
import { ErrorCodes } from '../../../schema/error-codes';

/** The errors of the mutual-aid path, as clients see them (every code is a caller code of schema/error-codes.ts). */

/** `facts` name what is wrong beside the message (the code points, the length). */
export function badInput(argument: string, message: string, facts: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(`argument "${argument}": ${message}`, { extensions: { code: ErrorCodes.BAD_USER_INPUT, argument, ...facts } });
}

export function forbidden(argument: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCodes.FORBIDDEN, argument } });
}

/** The clientRequestId is already the name of a different request. */
export function conflict(clientRequestId: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCodes.CONFLICT, argument: 'input.clientRequestId', clientRequestId } });
}

/** The system refused the request; a repeat gets the same answer, and nothing was created. */
export function legacyRejected(province: ProvinceCode, clientRequestId: string, message: string, legacyCode: string | null): GraphQLError {
  return new GraphQLError(`${province} system refused the request: ${message}`, {
    extensions: { code: ErrorCodes.LEGACY_REJECTED, province, clientRequestId, ...(legacyCode ? { legacyCode } : {}) },
  });
}

/**
 * Whether the request was created is not known yet: repeat it with the same clientRequestId
 * (after `retryAfterMs` when given). Nothing is sent twice meanwhile.
 */
export function mutualAidPending(province: ProvinceCode, clientRequestId: string, message: string, retryAfterMs?: number): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: ErrorCodes.MUTUAL_AID_PENDING, province, clientRequestId, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) },
  });
}

/** The journal (Redis) cannot be read or written: nothing is sent without it. */
export function journalUnavailable(province: ProvinceCode, clientRequestId: string, cause: unknown): GraphQLError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new GraphQLError(`the mutual-aid journal is unavailable (${detail}); repeat the request with the same clientRequestId`, {
    extensions: { code: ErrorCodes.JOURNAL_UNAVAILABLE, province, clientRequestId },
  });
}
