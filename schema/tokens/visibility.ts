import { CATALOG_ENTRIES, CONDITIONAL_FIELDS, mayReadRegistry, type CatalogEntry } from '../sharing-catalog';
import type { TokenClaims } from './sign-token';

/** What a caller with these claims may see of one catalog entry: all records, its own province's, or none. */
export type EntryAccess = 'all' | 'own province' | 'none';

export interface Visibility {
  entries: Record<CatalogEntry, EntryAccess>;
  registryHistory: boolean;
  /** In production, introspection is for auditors only. */
  introspectionInProduction: boolean;
}

/** The sharing catalog's rules 1, 2 and 4 applied to a token's claims, before any record is read. */
export function visibilityOf(claims: TokenClaims): Visibility {
  const entries = Object.fromEntries(
    CATALOG_ENTRIES.map((entry) => [entry, claims.catalog?.includes(entry) ? 'all' : claims.role === 'province' ? 'own province' : 'none']),
  ) as Record<CatalogEntry, EntryAccess>;
  const caller = { sub: null, role: claims.role, province: claims.province ?? null, catalog: claims.catalog ?? [] };
  return { entries, registryHistory: mayReadRegistry(caller), introspectionInProduction: claims.role === 'auditor' };
}

/** The fields of one catalog entry, as "Type.field". */
export function fieldsOf(entry: CatalogEntry): string[] {
  return Object.entries(CONDITIONAL_FIELDS)
    .filter(([, e]) => e === entry)
    .map(([coordinate]) => coordinate);
}

/** Lines for people: what the token shows, entry by entry (conditional fields otherwise null with FORBIDDEN). */
export function describeVisibility(claims: TokenClaims): string[] {
  const v = visibilityOf(claims);
  const own = claims.province ? `${claims.province}'s own records only` : 'own records only';
  return [
    'unconditional data: yes',
    ...CATALOG_ENTRIES.map((entry) => {
      const access = v.entries[entry];
      const what = access === 'all' ? 'every record' : access === 'own province' ? own : 'no (null with FORBIDDEN)';
      return `${entry} (${fieldsOf(entry).join(', ')}): ${what}`;
    }),
    `schema registry history: ${v.registryHistory ? 'yes' : 'no'}`,
  ];
}
