import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import { FORBIDDEN } from '../../../schema/sharing-catalog';
import type { GatewayContext } from '../../context';

type Path = readonly (string | number)[];

function nullAt(data: Record<string, unknown>, path: Path): void {
  let node: unknown = data;
  for (let i = 0; i < path.length - 1; i++) {
    if (node === null || typeof node !== 'object') return;
    node = (node as Record<string | number, unknown>)[path[i]];
  }
  if (node !== null && typeof node === 'object' && path.length > 0 && path[path.length - 1] in (node as object)) {
    (node as Record<string | number, unknown>)[path[path.length - 1]] = null;
  }
}

/**
 * One answer per conditional field, whatever the shards said. The province subgraphs enforce the
 * catalog row by row; a field the shard router merges from several shards (a vehicle's track, an
 * organisation's materials, material totals) may come back refused by some shards and answered
 * by others. Rule 3 wants null with one `{ code: FORBIDDEN, entry }` at the field: so wherever a
 * shard refused, the merged value is nulled (never a partial list that looks whole) and the
 * refusals at that path collapse into one error.
 */
export function normaliseForbidden(data: Record<string, unknown> | null | undefined, errors: readonly GraphQLFormattedError[]): GraphQLFormattedError[] {
  const kept: GraphQLFormattedError[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    if (e.extensions?.code !== FORBIDDEN || !e.path) {
      kept.push(e);
      continue;
    }
    const key = JSON.stringify(e.path);
    if (data) nullAt(data, e.path);
    if (seen.has(key)) continue;
    seen.add(key);
    const { province: _province, ...extensions } = e.extensions;
    kept.push({ ...e, extensions });
  }
  return kept;
}

export function useCatalogErrors(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          if (!result.errors?.some((e) => e.extensions?.code === FORBIDDEN)) return;
          result.errors = normaliseForbidden(result.data as Record<string, unknown> | null | undefined, result.errors);
        },
      };
    },
  };
}
