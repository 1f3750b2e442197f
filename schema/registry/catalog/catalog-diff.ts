import { conditionalFieldsOf } from './content';
import type { CatalogChange, CatalogContent } from './types';

const REGISTRY = 'REGISTRY';

/**
 * What changes from one catalog to another, per field, entry and registry role. A field that
 * leaves the conditional entries, or moves to another entry (whose holders did not see it), is
 * WIDENED, as is a role that gains the registry; a field that becomes conditional, or a role that
 * loses the registry, is NARROWED.
 */
export function diffCatalogs(from: CatalogContent, to: CatalogContent): CatalogChange[] {
  const before = conditionalFieldsOf(from);
  const after = conditionalFieldsOf(to);
  const changes: CatalogChange[] = [];
  const names = (c: CatalogContent) => new Set(c.entries.map((e) => e.name));
  const [entriesBefore, entriesAfter] = [names(from), names(to)];
  for (const name of entriesBefore) if (!entriesAfter.has(name)) changes.push({ kind: 'ENTRY_REMOVED', coordinate: name, from: name, to: null });
  for (const name of entriesAfter) if (!entriesBefore.has(name)) changes.push({ kind: 'ENTRY_ADDED', coordinate: name, from: null, to: name });
  for (const coordinate of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const [a, b] = [before.get(coordinate) ?? null, after.get(coordinate) ?? null];
    if (a === b) continue;
    changes.push({ kind: a === null ? 'NARROWED' : 'WIDENED', coordinate, from: a, to: b });
  }
  for (const role of to.registryRoles) if (!from.registryRoles.includes(role)) changes.push({ kind: 'WIDENED', coordinate: `role:${role}`, from: null, to: REGISTRY });
  for (const role of from.registryRoles) if (!to.registryRoles.includes(role)) changes.push({ kind: 'NARROWED', coordinate: `role:${role}`, from: REGISTRY, to: null });
  return changes;
}

/** The changes a catalog version may make only with an approval whose reason is recorded. */
export function catalogChangesNeedingApproval(changes: readonly CatalogChange[]): CatalogChange[] {
  return changes.filter((c) => c.kind === 'WIDENED');
}
