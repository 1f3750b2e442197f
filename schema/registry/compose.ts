import { composeServices } from '@apollo/composition';
import { parse, printSchema, type DocumentNode } from 'graphql';
import { shardGroupOf, shardIdentityErrors, type ShardedSubgraph } from './sharded-subgraphs';
import type { SubgraphSchema } from './types';

export type Composition =
  | { ok: true; supergraphSdl: string; apiSchemaSdl: string }
  | { ok: false; errors: string[] };

/**
 * Runs the shard-identity check, then composes the supergraph with each sharded group as one
 * logical subgraph, and derives the API schema (what clients see) from it.
 */
export function composeVersion(subgraphs: readonly SubgraphSchema[], groups: readonly ShardedSubgraph[]): Composition {
  const identityErrors = shardIdentityErrors(subgraphs, groups);
  if (identityErrors.length) return { ok: false, errors: identityErrors };

  const services: { name: string; url: string | undefined; typeDefs: DocumentNode }[] = [];
  const parseErrors: string[] = [];
  const seenGroups = new Set<string>();
  for (const subgraph of [...subgraphs].sort((a, b) => a.name.localeCompare(b.name))) {
    const group = shardGroupOf(subgraph.name, groups);
    if (group && seenGroups.has(group.name)) continue;
    if (group) seenGroups.add(group.name);
    try {
      services.push({ name: group?.name ?? subgraph.name, url: group?.url ?? subgraph.url ?? undefined, typeDefs: parse(subgraph.sdl) });
    } catch (error) {
      parseErrors.push(`subgraph ${subgraph.name}: ${(error as Error).message}`);
    }
  }
  if (parseErrors.length) return { ok: false, errors: parseErrors };
  if (!services.length) return { ok: false, errors: ['composition: no subgraphs'] };

  const result = composeServices(services);
  if (result.errors) return { ok: false, errors: result.errors.map((e) => e.message) };
  const apiSchemaSdl = printSchema(result.schema.toAPISchema().toGraphQLJSSchema());
  return { ok: true, supergraphSdl: result.supergraphSdl, apiSchemaSdl };
}
