import { Kind, getArgumentValues, isCompositeType, type FieldNode, type GraphQLFormattedError, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import type { ProvinceCode } from '../../schema/model';
import { firstHeld, routedByCreditCode, type HoldingsView } from './credit-code-route';
import { resolveReferences } from './cross-shard-references';
import { REPRESENTATIONS_VARIABLE, operationWith, responseKey, selectionSetOf } from './document';
import { atRepresentation, failureError, keyError, routerError } from './error-paths';
import type { FetchScope } from './fetch-scope';
import type { Json, JsonObject } from './json';
import { routeKey } from './key-routing';
import { mergeScattered, type ShardPart } from './merge';
import { ENTITIES } from './routing-table';
import { findReferences, type FoundReference } from './selection';
import { ErrorCodes } from '../../schema/error-codes';
import { appendTo } from './lists-by-key';

/** Which representations (by index) go to which province; scattered ones go to every province. */
export interface RepresentationGroups {
  byProvince: Map<ProvinceCode, number[]>;
  scattered: number[];
  /** Representations routed by credit code to several provinces: the first that holds it answers, in this order. */
  fallbacks: Map<number, ProvinceCode[]>;
  errors: GraphQLFormattedError[];
}

/** Groups an `_entities` fetch's representations by the routing table's entity rules. */
export function groupRepresentations(
  reps: readonly JsonObject[],
  provinces: readonly ProvinceCode[],
  key: string,
  creditCodes: HoldingsView | null = null,
): RepresentationGroups {
  const groups: RepresentationGroups = { byProvince: new Map(), scattered: [], fallbacks: new Map(), errors: [] };
  const add = (province: ProvinceCode, i: number): void => {
    appendTo(groups.byProvince, province, i);
  };
  reps.forEach((rep, i) => {
    const typename = typeof rep.__typename === 'string' ? rep.__typename : '';
    const rule = ENTITIES[typename];
    if (!rule) {
      groups.errors.push(routerError(`the shard router has no rule for entity ${typename}`, ErrorCodes.INTERNAL_SERVER_ERROR, [key, i]));
      return;
    }
    if (rule.kind === 'scatter') {
      groups.scattered.push(i);
      for (const p of provinces) add(p, i);
      return;
    }
    const keyField = rule.keys.find((k) => typeof rep[k.field] === 'string');
    const route = keyField ? routeKey(keyField.key, rep[keyField.field], creditCodes) : ({ kind: 'malformed', reason: 'no key field' } as const);
    if (route.kind === 'unheld') return;
    if (route.kind !== 'province') {
      groups.errors.push(keyError(route, keyField?.field ?? 'representation', [key, i]));
      return;
    }
    const asked = [route.province, ...(route.fallbacks ?? [])];
    if (asked.length > 1) groups.fallbacks.set(i, asked);
    for (const p of asked) add(p, i);
  });
  return groups;
}

/**
 * An `_entities` fetch: representations routed (or scattered) by key, batched per province,
 * answered in the order of the representations, then the cross-shard references in the answers resolved.
 */
export async function executeEntities(
  scope: FetchScope,
  operation: OperationDefinitionNode,
  field: FieldNode,
  variables: Record<string, unknown>,
  errors: GraphQLFormattedError[],
): Promise<JsonObject> {
  const { schema, rewriter } = scope;
  const key = responseKey(field);
  const def = schema.getQueryType()?.getFields()._entities;
  const entityType = schema.getType('_Entity');
  if (!def || !entityType || !isCompositeType(entityType)) throw new Error('provinces subgraph has no _entities');
  const args = getArgumentValues(def, field, variables);
  const reps = (Array.isArray(args.representations) ? args.representations : []) as JsonObject[];
  const result: Json[] = reps.map(() => null);
  const rewritten = rewriter.entitiesField(field, entityType);

  const creditCodes = reps.some(routedByCreditCode) ? await scope.creditCodes() : null;
  const groups = groupRepresentations(reps, scope.provinces, key, creditCodes);
  errors.push(...groups.errors);
  const document = operationWith(operation, [rewritten], [REPRESENTATIONS_VARIABLE.definition]);
  const isScattered = new Set([...groups.scattered, ...groups.fallbacks.keys()]);
  const results = await Promise.all(
    [...groups.byProvince].map(async ([province, indexes]) => {
      const vars = { ...variables, [REPRESENTATIONS_VARIABLE.name]: indexes.map((i) => reps[i]) };
      return { province, indexes, result: await scope.send(province, document, vars, indexes.some((i) => isScattered.has(i)) ? 'merged' : 'routed') };
    }),
  );

  const scatterParts = new Map<number, ShardPart[]>();
  for (const { province, indexes, result: r } of results) {
    if (!r.ok) {
      for (const i of indexes) errors.push(failureError(r.failure, province, [key, i]));
      continue;
    }
    const list = r.response.data?.[key];
    const answers = Array.isArray(list) ? list : [];
    indexes.forEach((i, j) => {
      if (isScattered.has(i)) appendTo(scatterParts, i, { province, value: answers[j] });
      else result[i] = answers[j] ?? null;
    });
    for (const e of r.response.errors ?? []) errors.push(atRepresentation(e, province, key, indexes, (i) => isScattered.has(i)));
  }
  for (const i of groups.scattered) {
    const typename = String(reps[i].__typename);
    const rule = ENTITIES[typename];
    result[i] = rule?.kind === 'scatter' ? mergeScattered(rule.merge, scatterParts.get(i) ?? [], fragmentSelection(field, typename)) : null;
  }
  for (const [i, asked] of groups.fallbacks) result[i] = firstHeld(asked, scatterParts.get(i) ?? []);

  const found: FoundReference[] = [];
  findReferences(schema, rewriter, result, rewritten.selectionSet ?? selectionSetOf([]), entityType, [key], found);
  await resolveReferences(found, operation, variables, errors, (op, f, vars, sink) => executeEntities(scope, op, f, vars, sink));
  return { [key]: result };
}

/** The selections of an `_entities` field that apply to entities of `typename`. */
function fragmentSelection(field: FieldNode, typename: string): SelectionSetNode {
  const selections = (field.selectionSet?.selections ?? []).flatMap((s) =>
    s.kind === Kind.INLINE_FRAGMENT && (!s.typeCondition || s.typeCondition.name.value === typename) ? s.selectionSet.selections : [],
  );
  return selectionSetOf(selections);
}
