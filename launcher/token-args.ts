import { PROVINCE_CODES, type ProvinceCode } from '../schema/model';
import { CATALOG_ENTRIES, ROLES, isCatalogEntry, isRole, type CatalogEntry } from '../schema/sharing-catalog';
import type { TokenClaims } from '../schema/tokens/sign-token';

export const TOKEN_USAGE = `usage: npm run token -- --role ${ROLES.join('|')} [--province ${PROVINCE_CODES.join('|')}] [--catalog ${CATALOG_ENTRIES.join(',')}] [--sub NAME] [--expires-in SECONDS]`;

export class TokenArgumentError extends Error {
  readonly code = 'BAD_USER_INPUT';
}

export interface TokenRequest {
  claims: TokenClaims;
  expiresInSec: number;
}

const DEFAULT_EXPIRES_IN_SEC = 24 * 3600;

function valueOf(argv: readonly string[], flag: string): string | undefined {
  const i = argv.indexOf(flag);
  if (i < 0) return undefined;
  const value = argv[i + 1];
  if (value === undefined || value.startsWith('--')) throw new TokenArgumentError(`${flag} needs a value`);
  return value;
}

/** `--role exchange --catalog HAZMAT_DETAIL,VEHICLE_TRACK` → the claims to sign; every mistake named. */
export function parseTokenArgs(argv: readonly string[]): TokenRequest {
  const known = new Set(['--role', '--province', '--catalog', '--sub', '--expires-in']);
  const unknown = argv.filter((a) => a.startsWith('--') && !known.has(a));
  if (unknown.length) throw new TokenArgumentError(`unknown option ${unknown.join(', ')}`);
  const role = valueOf(argv, '--role');
  if (!isRole(role)) throw new TokenArgumentError(`--role must be one of ${ROLES.join(', ')}`);
  const province = valueOf(argv, '--province')?.toUpperCase();
  if (role === 'province' && !(PROVINCE_CODES as readonly string[]).includes(province ?? '')) throw new TokenArgumentError(`--role province needs --province ${PROVINCE_CODES.join('|')}`);
  if (role !== 'province' && province !== undefined) throw new TokenArgumentError('--province goes with --role province only');
  const entries = (valueOf(argv, '--catalog') ?? '').split(',').map((e) => e.trim().toUpperCase()).filter(Boolean);
  const wrong = entries.filter((e) => !isCatalogEntry(e));
  if (wrong.length) throw new TokenArgumentError(`--catalog: unknown entr${wrong.length > 1 ? 'ies' : 'y'} ${wrong.join(', ')} (known: ${CATALOG_ENTRIES.join(', ')})`);
  const expiresIn = valueOf(argv, '--expires-in');
  const expiresInSec = expiresIn === undefined ? DEFAULT_EXPIRES_IN_SEC : Number(expiresIn);
  if (!Number.isInteger(expiresInSec) || expiresInSec <= 0) throw new TokenArgumentError('--expires-in must be a whole number of seconds above 0');
  const sub = valueOf(argv, '--sub');
  return {
    claims: { role, ...(role === 'province' ? { province: province as ProvinceCode } : {}), catalog: entries as CatalogEntry[], ...(sub ? { sub } : {}) },
    expiresInSec,
  };
}
