import type { CatalogContent } from '../../schema/registry/catalog/types';

/** The catalog with `coordinate` moved to entry `to` (null: unconditional), as an editor of the catalog file would. */
export function moved(content: CatalogContent, coordinate: string, to: string | null): CatalogContent {
  const entries = content.entries.map((e) => ({ ...e, fields: e.fields.filter((f) => f !== coordinate) }));
  if (to) entries.find((e) => e.name === to)!.fields.push(coordinate);
  return { ...content, entries };
}
