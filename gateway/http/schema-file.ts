import type { IncomingMessage, ServerResponse } from 'node:http';
import { ErrorCodes } from '../../schema/error-codes';

export const SCHEMA_FILE_PATH = '/schema.graphql';

export interface SchemaFileSource {
  /** The API schema the gateway serves now (printSchema of its API schema); null before the first load. */
  live(): { sdl: string; version: number | null } | null;
  /** The API schema of the registry's version `number`; null when there is no such version (or no registry). */
  version(number: number): Promise<string | null>;
}

function sendError(res: ServerResponse, status: number, code: string, message: string, extensions: Record<string, unknown> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify({ errors: [{ message, extensions: { code, ...extensions } }] }));
}

function sendSdl(res: ServerResponse, sdl: string, version: number | null): void {
  res.writeHead(200, {
    'content-type': 'text/plain; charset=utf-8',
    'content-disposition': 'inline; filename="schema.graphql"',
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
    ...(version !== null ? { 'x-schema-version': String(version) } : {}),
  });
  res.end(sdl);
}

/**
 * GET /schema.graphql: the public contract as SDL, for code generation where introspection is
 * off. The API schema only (what clients may query), never the supergraph or the subgraphs'
 * federation internals; `?version=N` serves the registry's version N.
 */
export async function sendSchemaFile(req: IncomingMessage, res: ServerResponse, source: SchemaFileSource): Promise<void> {
  const asked = new URL(req.url ?? '/', 'http://gateway.invalid').searchParams.get('version');
  if (asked === null) {
    const live = source.live();
    if (!live) return sendError(res, 503, ErrorCodes.INTERNAL_SERVER_ERROR, 'the gateway has not loaded a schema yet');
    return sendSdl(res, live.sdl, live.version);
  }
  if (!/^[1-9][0-9]{0,8}$/.test(asked)) return sendError(res, 400, ErrorCodes.BAD_USER_INPUT, 'version must be a schema version number (1, 2, …)', { argument: 'version' });
  const number = Number(asked);
  const sdl = await source.version(number);
  if (sdl === null) return sendError(res, 404, ErrorCodes.NOT_FOUND, `the schema registry holds no version ${number}`, { version: number });
  return sendSdl(res, sdl, number);
}
