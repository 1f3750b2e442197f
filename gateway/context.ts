import { randomUUID } from 'node:crypto';
import type { BaseContext } from '@apollo/server';
import type { Span } from '@opentelemetry/api';
import type { OperationTypeNode } from 'graphql';
import { mergeTally, newTally, type AccessTally } from '../schema/access-log/tally';
import type { Caller } from '../schema/sharing-catalog';
import type { PhaseClock } from '../schema/http/server-timing';

/** What the plugins learn about one request, for its log line. */
export interface RequestTrace {
  operationName: string | null;
  errorCodes: string[];
  /** sha256 of the operation's document, once resolved. */
  operationHash?: string;
  operationKind?: OperationTypeNode;
  /** What the subgraphs released and refused under the catalog, for the access log. */
  access?: AccessTally;
  /** The schema coordinates the operation uses, for usage-aware schema checks. */
  usedCoordinates?: string[];
  /** The sharing catalog versions (hashes) the province shards judged this request by. */
  catalogHashes?: Set<string>;
}

export interface GatewayContext extends BaseContext {
  requestId: string;
  /** The caller's Authorization header, forwarded to subgraphs and shards, never logged. */
  authorization?: string;
  /** Who is calling, from the verified token (absent until authentication ran). */
  caller?: Caller;
  trace: RequestTrace;
  /** The request's OpenTelemetry span (non-recording when traces are off), for its log line. */
  span?: Span;
  /** Where the request's time goes, with GATEWAY_SERVER_TIMING (its `Server-Timing` header). */
  clock?: PhaseClock;
}

/** Ids we accept from callers: short, and safe to put into headers and log lines. */
const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && ACCEPTABLE_REQUEST_ID.test(value) ? value : randomUUID();
}

export function newTrace(): RequestTrace {
  return { operationName: null, errorCodes: [] };
}

/**
 * The trace hand-off: a request answered by another's execution (an identical query in flight, a
 * kept answer) logs what that execution learnt. `to` gets a copy, so neither changes the other.
 */
export function handOffTrace(from: RequestTrace, to: RequestTrace = newTrace()): RequestTrace {
  to.operationName = from.operationName;
  to.errorCodes = [...from.errorCodes];
  if (from.operationHash) to.operationHash = from.operationHash;
  if (from.operationKind) to.operationKind = from.operationKind;
  if (from.usedCoordinates) to.usedCoordinates = from.usedCoordinates;
  if (from.access) {
    to.access = newTally();
    mergeTally(to.access, from.access);
  }
  return to;
}
