import { CriticalityLevel, diff, type Change } from '@graphql-inspector/core';
import { buildSchema, type GraphQLSchema } from 'graphql';
import type { ChangeCriticality, SchemaChange } from './types';

const schemaCache = new Map<string, GraphQLSchema>();

function built(sdl: string): GraphQLSchema {
  let schema = schemaCache.get(sdl);
  if (!schema) {
    schema = buildSchema(sdl);
    if (schemaCache.size > 32) schemaCache.delete(schemaCache.keys().next().value as string);
    schemaCache.set(sdl, schema);
  }
  return schema;
}

/**
 * graphql-inspector's classification, with one project policy on top: an added argument that
 * is optional (nullable or defaulted) leaves every existing operation valid and meaning the
 * same, so it is SAFE; the contract welcomes additions.
 */
export function criticalityOf(change: Change): ChangeCriticality {
  if (change.type === 'FIELD_ARGUMENT_ADDED' && (change.meta as { isAddedFieldArgumentBreaking?: boolean }).isAddedFieldArgumentBreaking === false) {
    return 'SAFE';
  }
  switch (change.criticality.level) {
    case CriticalityLevel.Breaking:
      return 'BREAKING';
    case CriticalityLevel.Dangerous:
      return 'DANGEROUS';
    default:
      return 'SAFE';
  }
}

const RANK: Record<ChangeCriticality, number> = { BREAKING: 0, DANGEROUS: 1, SAFE: 2 };

/** The API-schema changes from one SDL to another, most critical first. */
export async function diffApiSchemas(fromSdl: string, toSdl: string): Promise<SchemaChange[]> {
  const changes = await diff(built(fromSdl), built(toSdl));
  return changes
    .map((c) => ({ criticality: criticalityOf(c), type: String(c.type), path: c.path ?? null, message: c.message }))
    .sort((a, b) => RANK[a.criticality] - RANK[b.criticality] || (a.path ?? '').localeCompare(b.path ?? ''));
}
