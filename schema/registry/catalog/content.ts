import { CATALOG_ENTRIES, CONDITIONAL_FIELDS, isCatalogEntry, isRole, ROLES, type CatalogEntry, type Role } from '../../sharing-catalog';
import { RegistryError } from '../errors';
import type { CatalogContent } from './types';

const COORDINATE = /^[A-Za-z_][A-Za-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*$/;

/** The catalog as sharing-catalog.md states it: what `npm start` publishes as the first version, and what serves before any is published. */
export const DEFAULT_CATALOG: CatalogContent = normaliseCatalog({
  entries: CATALOG_ENTRIES.map((name) => ({ name, fields: Object.keys(CONDITIONAL_FIELDS).filter((c) => CONDITIONAL_FIELDS[c] === name) })),
  registryRoles: ['auditor', 'exchange'],
});

/** Entries in the catalog's order, fields and roles sorted, empty entries dropped: equal catalogs are equal JSON. */
export function normaliseCatalog(content: CatalogContent): CatalogContent {
  const order = (name: CatalogEntry) => CATALOG_ENTRIES.indexOf(name);
  return {
    entries: content.entries
      .filter((e) => e.fields.length > 0)
      .map((e) => ({ name: e.name, fields: [...new Set(e.fields)].sort() }))
      .sort((a, b) => order(a.name) - order(b.name)),
    registryRoles: [...new Set(content.registryRoles)].sort((a, b) => ROLES.indexOf(a) - ROLES.indexOf(b)),
  };
}

/** Coordinate → entry, for every conditional field of the catalog. */
export function conditionalFieldsOf(content: CatalogContent): Map<string, CatalogEntry> {
  return new Map(content.entries.flatMap((e) => e.fields.map((field) => [field, e.name] as const)));
}

function invalid(message: string, facts: Record<string, unknown> = {}): RegistryError {
  return new RegistryError('INVALID_INPUT', message, facts);
}

/** A catalog read from a file or a request, checked: known entries and roles, coordinates `Type.field`, each field in one entry at most. */
export function parseCatalog(value: unknown): CatalogContent {
  if (typeof value !== 'object' || value === null) throw invalid('a catalog is an object with entries and registryRoles');
  const { entries, registryRoles } = value as { entries?: unknown; registryRoles?: unknown };
  if (!Array.isArray(entries)) throw invalid('the catalog has no entries list');
  if (!Array.isArray(registryRoles) || !registryRoles.every(isRole)) throw invalid(`registryRoles must list roles of ${ROLES.join(', ')}`);
  const seen = new Map<string, string>();
  const parsed = entries.map((entry: unknown) => {
    const { name, fields } = (entry ?? {}) as { name?: unknown; fields?: unknown };
    if (!isCatalogEntry(name)) throw invalid(`unknown catalog entry ${JSON.stringify(name)} (known: ${CATALOG_ENTRIES.join(', ')})`, { entry: name });
    if (!Array.isArray(fields) || !fields.every((f): f is string => typeof f === 'string' && COORDINATE.test(f))) {
      throw invalid(`entry ${name}: fields must be schema coordinates such as HazmatEnterprise.chemicals`, { entry: name });
    }
    for (const field of fields) {
      const other = seen.get(field);
      if (other && other !== name) throw invalid(`${field} is listed under both ${other} and ${name}`, { coordinate: field });
      seen.set(field, name);
    }
    return { name, fields };
  });
  return normaliseCatalog({ entries: parsed, registryRoles: registryRoles as Role[] });
}
