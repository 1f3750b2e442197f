import { createHash } from 'node:crypto';
import { SHARD_CODES, type ShardCode } from './shard-code';
import { ErrorCodes } from '../../schema/error-codes';
import { byText } from '../../schema/orders';

/**
 * A position in a merged connection: for each province, the cursor of the last record taken from
 * it (absent: none taken yet). Bound to the field and its filter, so that a cursor cannot be
 * replayed against another query.
 */
export interface CompositePosition {
  field: string;
  fingerprint: string;
  positions: Partial<Record<ShardCode, string>>;
}

export class CursorError extends Error {
  readonly code = ErrorCodes.BAD_USER_INPUT;
  constructor(message: string) {
    super(message);
    this.name = 'CursorError';
  }
}

const VERSION = 1;

export function fingerprintArgs(args: Record<string, unknown>): string {
  const { first: _first, after: _after, ...rest } = args;
  return createHash('sha256').update(stableStringify(rest)).digest('base64url').slice(0, 16);
}

/**
 * The position before any record of `field` with `args`. The arguments' fingerprint only binds
 * cursors built from it, and a page whose client asks for no cursor builds none: it is computed
 * (a SHA-256 of the arguments) when first read.
 */
export function startPosition(field: string, args: Record<string, unknown>): CompositePosition {
  let fingerprint: string | undefined;
  return {
    field,
    get fingerprint(): string {
      fingerprint ??= fingerprintArgs(args);
      return fingerprint;
    },
    positions: {},
  };
}

export function encodeComposite(position: CompositePosition): string {
  const body = { v: VERSION, f: position.field, h: position.fingerprint, p: position.positions };
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
}

export function decodeComposite(cursor: string, field: string, fingerprint: string): CompositePosition {
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new CursorError(`argument "after" of ${field} is not a cursor of this gateway`);
  }
  if (typeof body !== 'object' || body === null) throw new CursorError(`argument "after" of ${field} is not a cursor of this gateway`);
  const { v, f, h, p } = body as Record<string, unknown>;
  if (v !== VERSION || typeof f !== 'string' || typeof h !== 'string' || typeof p !== 'object' || p === null || Array.isArray(p)) {
    throw new CursorError(`argument "after" of ${field} is not a cursor of this gateway`);
  }
  if (f !== field || h !== fingerprint) {
    throw new CursorError(`argument "after" of ${field} belongs to another query (a different field or filter)`);
  }
  const positions: Partial<Record<ShardCode, string>> = {};
  for (const [province, value] of Object.entries(p)) {
    if (!(SHARD_CODES as readonly string[]).includes(province) || typeof value !== 'string') {
      throw new CursorError(`argument "after" of ${field} is not a cursor of this gateway`);
    }
    positions[province as ShardCode] = value;
  }
  return { field, fingerprint, positions };
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => byText(a, b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}
