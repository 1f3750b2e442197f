import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { RepresentationIndex } from './representation-index';
import { sharesEntities } from './shared-entities';

/**
 * @apollo/gateway sends an entity fetch one representation per place the entity occurs in the
 * answer so far (the gateways benchmark's query sends 96 copies of one product). This sends each
 * distinct representation once, as Apollo Router and Hive Gateway do, and hands every place the
 * subgraph's entity: the one entity where the executor takes it so (shared-entities.ts), each
 * place its own copy otherwise (Apollo's executor writes into what it is given); each error about
 * an entity is repeated for every place it stood for. Nothing is shared between requests.
 * On by default (DISTINCT_REPRESENTATIONS): the subgraphs resolve a fraction of the representations.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface Distinct {
  representations: unknown[];
  /** For each representation sent by the executor, the index of the one sent to the subgraph. */
  indexOf: number[];
}

/** Null when every representation is already distinct (then the fetch goes out as it came). */
export function distinctRepresentations(representations: readonly unknown[]): Distinct | null {
  const seen = new RepresentationIndex();
  const distinct: unknown[] = [];
  const indexOf: number[] = [];
  for (const representation of representations) {
    const index = seen.indexOf(representation);
    if (index === distinct.length) distinct.push(representation);
    indexOf.push(index);
  }
  return distinct.length === representations.length ? null : { representations: distinct, indexOf };
}

function copyJson(value: Json): Json {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(copyJson);
  const copy: { [key: string]: Json } = {};
  for (const key in value) if (Object.prototype.hasOwnProperty.call(value, key)) copy[key] = copyJson(value[key]);
  return copy;
}

type GraphQLError = NonNullable<GatewayGraphQLResponse['errors']>[number];

/** The subgraph's answer to the distinct representations, as the answer to all of them (`shared`: one entity for all its places). */
export function spreadAnswer(answer: GatewayGraphQLResponse, distinct: Distinct, shared = false): GatewayGraphQLResponse {
  const entities = (answer.data as { _entities?: unknown } | null | undefined)?._entities;
  if (!Array.isArray(entities) || entities.length !== distinct.representations.length) return answer;
  const used = new Array<boolean>(entities.length).fill(false);
  const spread = distinct.indexOf.map((index) => {
    const entity = entities[index] as Json;
    if (shared || !used[index]) {
      used[index] = true;
      return entity;
    }
    return copyJson(entity);
  });
  const errors = answer.errors?.flatMap((error) => spreadError(error, distinct.indexOf));
  return { ...answer, data: { ...answer.data, _entities: spread }, ...(errors ? { errors } : {}) };
}

function spreadError(error: GraphQLError, indexOf: readonly number[]): GraphQLError[] {
  const path = error.path;
  if (!path || path[0] !== '_entities' || typeof path[1] !== 'number') return [error];
  const places: GraphQLError[] = [];
  indexOf.forEach((index, place) => {
    if (index === path[1]) places.push({ ...error, path: ['_entities', place, ...path.slice(2)] } as GraphQLError);
  });
  return places;
}

/** Wraps a subgraph's data source so that its entity fetches carry each representation once. */
export function distinctRepresentationsDataSource(source: GraphQLDataSource): GraphQLDataSource {
  return {
    async process(options: GraphQLDataSourceProcessOptions): Promise<GatewayGraphQLResponse> {
      const representations = options.request.variables?.representations;
      const distinct = Array.isArray(representations) ? distinctRepresentations(representations) : null;
      if (!distinct) return source.process(options);
      const request = { ...options.request, variables: { ...options.request.variables, representations: distinct.representations } };
      return spreadAnswer(await source.process({ ...options, request } as GraphQLDataSourceProcessOptions), distinct, sharesEntities(options.request));
    },
  };
}
