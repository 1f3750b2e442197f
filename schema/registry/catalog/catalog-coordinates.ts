import { buildSchema, isNonNullType, isObjectType } from 'graphql';
import { RegistryError } from '../errors';
import type { CatalogContent } from './types';

/**
 * Why each conditional field of a catalog cannot be enforced on the live API schema: a field the
 * schema does not serve, or a non-null one (rule 3 answers a refused field null, which a non-null
 * field would turn into a null parent and lose the rest of the record).
 */
export function coordinateProblems(content: CatalogContent, apiSchemaSdl: string): string[] {
  const schema = buildSchema(apiSchemaSdl, { assumeValidSDL: true });
  return content.entries.flatMap((entry) =>
    entry.fields.flatMap((coordinate) => {
      const [typeName, fieldName] = coordinate.split('.');
      const type = schema.getType(typeName);
      const field = isObjectType(type) ? type.getFields()[fieldName] : undefined;
      if (!field) return [`${entry.name}: the live schema has no field ${coordinate}`];
      if (isNonNullType(field.type)) return [`${entry.name}: ${coordinate} is non-null (${String(field.type)}), so it cannot answer null with FORBIDDEN`];
      return [];
    }),
  );
}

export function assertEnforceable(content: CatalogContent, apiSchemaSdl: string | null): void {
  if (apiSchemaSdl === null) return;
  const problems = coordinateProblems(content, apiSchemaSdl);
  if (problems.length > 0) throw new RegistryError('INVALID_INPUT', `the catalog cannot be enforced: ${problems.join('; ')}`, { problems });
}
