import { Kind, OperationTypeNode, type FieldNode, type GraphQLFormattedError, type OperationDefinitionNode } from 'graphql';
import { REPRESENTATIONS_VARIABLE, operationWith, selectionSetOf } from './document';
import { atReference } from './error-paths';
import { KeyedNodeMemo, NodeMemo } from './node-memo';
import { ROUTER_ALIAS_PREFIX, type Json, type JsonObject } from './json';
import type { FoundReference, ReferencePoint } from './selection';
import { ErrorCodes } from '../../schema/error-codes';
import { appendTo } from './lists-by-key';

/** Executes an `_entities` fetch of the router's own (see entity-execution). */
export type EntityFetch = (
  operation: OperationDefinitionNode,
  field: FieldNode,
  variables: Record<string, unknown>,
  errors: GraphQLFormattedError[],
) => Promise<JsonObject>;

/** The representations of one reference point's references, each asked once, and which reference wants which. */
interface Representations {
  list: JsonObject[];
  slots: { ref: FoundReference; index: number }[];
}

/**
 * Resolves the references that a shard answered with their keys only (see SelectionRewriter) as
 * `_entities` fetches by key with the original sub-selection, one per reference point, and splices
 * the entities back in place; their errors go to the references that asked.
 */
export async function resolveReferences(
  found: readonly FoundReference[],
  template: OperationDefinitionNode,
  variables: Record<string, unknown>,
  errors: GraphQLFormattedError[],
  fetchEntities: EntityFetch,
): Promise<void> {
  const byPoint = new Map<FieldNode, FoundReference[]>();
  for (const f of found) appendTo(byPoint, f.point.original, f);
  await Promise.all(
    [...byPoint].map(async ([original, refs]) => {
      const point = refs[0].point;
      const representations = representationsOf(point, refs);
      if (representations.list.length === 0) return;
      const field = entitiesField(point.type, original);
      const document = operationWith(queryOf(template), [field], [REPRESENTATIONS_VARIABLE.definition]);
      const operation = document.definitions[0] as OperationDefinitionNode;
      const inner: GraphQLFormattedError[] = [];
      const answer = await fetchEntities(operation, field, { ...variables, [REPRESENTATIONS_VARIABLE.name]: representations.list }, inner);
      const list = answer._entities;
      const entities = Array.isArray(list) ? list : [];
      for (const { ref, index } of representations.slots) setAt(ref.holder, ref.at, entities[index] ?? null);
      const pathOf = (index: number) => representations.slots.find((s) => s.index === index)?.ref.path;
      for (const e of inner) {
        // A reference to a code no province holds is null, as the field says, not an error.
        if (e.extensions?.code === ErrorCodes.OUTSIDE_REGION) continue;
        errors.push(atReference(e, pathOf, refs[0].path));
      }
    }),
  );
}

/** A reference without all its keys is null, and asked of no one. */
function representationsOf(point: ReferencePoint, refs: readonly FoundReference[]): Representations {
  const indexOf = new Map<string, number>();
  const result: Representations = { list: [], slots: [] };
  for (const ref of refs) {
    const rep: JsonObject = { __typename: point.type };
    let complete = true;
    for (const k of point.keys) {
      const v = ref.value[`${ROUTER_ALIAS_PREFIX}k_${k}`];
      if (v === null || v === undefined) complete = false;
      else rep[k] = v;
    }
    if (!complete) {
      setAt(ref.holder, ref.at, null);
      continue;
    }
    const id = JSON.stringify(rep);
    let index = indexOf.get(id);
    if (index === undefined) {
      index = result.list.length;
      indexOf.set(id, index);
      result.list.push(rep);
    }
    result.slots.push({ ref, index });
  }
  return result;
}

const entitiesQueries = new NodeMemo<OperationDefinitionNode, OperationDefinitionNode>();

/** The fetch's operation as the query its references' entities are fetched with (a mutation's too); one per operation. */
function queryOf(template: OperationDefinitionNode): OperationDefinitionNode {
  return template.operation === OperationTypeNode.QUERY ? template : entitiesQueries.get(template, () => ({ ...template, operation: OperationTypeNode.QUERY }));
}

const entitiesFields = new KeyedNodeMemo<FieldNode, string, FieldNode>();

/** The `_entities` field that resolves a reference point's references: the same node for the same point, every time. */
function entitiesField(type: string, original: FieldNode): FieldNode {
  return entitiesFields.get(original, type, () => ({
    kind: Kind.FIELD,
    name: { kind: Kind.NAME, value: '_entities' },
    arguments: [REPRESENTATIONS_VARIABLE.argument],
    selectionSet: selectionSetOf([
      {
        kind: Kind.INLINE_FRAGMENT,
        typeCondition: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: type } },
        selectionSet: original.selectionSet ?? selectionSetOf([]),
      },
    ]),
  }));
}

function setAt(holder: JsonObject | Json[], at: string | number, value: Json): void {
  if (Array.isArray(holder)) holder[at as number] = value;
  else holder[at as string] = value;
}
