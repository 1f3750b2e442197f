import type http from 'node:http';
import { ErrorCodes } from '../../schema/error-codes';
import { BodyTooLargeError, readBody } from '../../schema/http/graphql-handler';

/** An answer to a graphql-sse request that opens no stream: its status, and the errors as JSON. */
export interface Refusal {
  status: number;
  statusText: string;
  body: string | null;
  headers: Record<string, string>;
}

const JSON_TYPE = { 'content-type': 'application/json; charset=utf-8' };
const STATUS_TEXT: Record<number, string> = { 401: 'Unauthorized', 404: 'Not Found', 413: 'Payload Too Large', 415: 'Unsupported Media Type' };

export function refusal(status: number, errors: readonly { message: string; extensions?: Record<string, unknown> }[]): Refusal {
  const body = JSON.stringify({ errors: errors.map((e) => ({ message: e.message, extensions: e.extensions })) });
  return { status, statusText: STATUS_TEXT[status] ?? 'Bad Request', body, headers: { ...JSON_TYPE, ...(status === 401 ? { 'www-authenticate': 'Bearer' } : {}) } };
}

export function isRefusal(value: unknown): value is Refusal {
  return typeof value === 'object' && value !== null && 'status' in value && 'statusText' in value;
}

/** A request body as text, read up to the gateway's body limit; past it, the 413 PAYLOAD_TOO_LARGE that /graphql answers. */
export async function boundedBody(req: http.IncomingMessage, limit: number): Promise<string | Refusal> {
  try {
    return (await readBody(req, limit)).toString('utf8');
  } catch (e) {
    if (e instanceof BodyTooLargeError) return refusal(413, [{ message: e.message, extensions: { code: ErrorCodes.PAYLOAD_TOO_LARGE } }]);
    throw e;
  }
}

export function sendRefusal(res: http.ServerResponse, r: Refusal): void {
  res.writeHead(r.status, r.statusText, r.headers);
  res.end(r.body ?? undefined);
}
