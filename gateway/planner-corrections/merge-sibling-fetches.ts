import type { Experimental_DidResolveQueryPlanCallback } from '@apollo/gateway';
import { noteMergedFetch, noteMergedPlan } from '../executor/merged-fetches';
import { Kind, parse, print, stripIgnoredCharacters, type DocumentNode, type FieldNode, type OperationDefinitionNode } from 'graphql';

type QueryPlan = Parameters<Experimental_DidResolveQueryPlanCallback>[0]['queryPlan'];
type AnyNode = NonNullable<QueryPlan['node']>;
type PlanNode = Exclude<AnyNode, { kind: 'Subscription' }>;
type FetchNode = Extract<PlanNode, { kind: 'Fetch' }>;
type FlattenNode = Extract<PlanNode, { kind: 'Flatten' }>;
type RequiresNode = NonNullable<FetchNode['requires']>[number];

/** An entity fetch under a Flatten that this rewrite may merge: plain `_entities` query, no rewrites, no defer. */
interface EntityFetch extends FlattenNode {
  node: FetchNode & { requires: RequiresNode[] };
}

/** A mergeable entity fetch with its operation read once: the operation and its one `_entities` field. */
interface Mergeable {
  flatten: EntityFetch;
  operation: OperationDefinitionNode;
  entities: FieldNode;
}

function mergeable(node: PlanNode | undefined): Mergeable | null {
  if (node?.kind !== 'Flatten' || node.node.kind !== 'Fetch') return null;
  const fetch = node.node;
  const plain =
    fetch.operationKind === 'query' &&
    !!fetch.requires?.length &&
    !fetch.inputRewrites?.length &&
    !fetch.outputRewrites?.length &&
    !fetch.contextRewrites?.length &&
    !fetch.hasDefers &&
    fetch.id === undefined;
  const parsed = plain ? entityOperation(fetch.operationDocumentNode ?? parse(fetch.operation)) : null;
  return parsed && { flatten: node as EntityFetch, ...parsed };
}

function entityOperation(document: DocumentNode): { operation: OperationDefinitionNode; entities: FieldNode } | null {
  if (document.definitions.length !== 1) return null;
  const [operation] = document.definitions;
  if (operation.kind !== Kind.OPERATION_DEFINITION || operation.selectionSet.selections.length !== 1) return null;
  const [entities] = operation.selectionSet.selections;
  if (entities.kind !== Kind.FIELD || entities.name.value !== '_entities' || entities.alias || !entities.selectionSet) return null;
  return { operation, entities };
}

const samePath = (a: readonly unknown[], b: readonly unknown[]) => a.length === b.length && a.every((part, i) => part === b[i]);

/** Two requirement selections as one: fields by response name and fragments by type condition, merged deeply. */
function mergeRequires<T extends RequiresNode>(into: readonly T[], more: readonly T[]): T[] {
  const merged = [...into];
  for (const selection of more) {
    const index = merged.findIndex((s) =>
      s.kind === 'Field' && selection.kind === 'Field'
        ? (s.alias ?? s.name) === (selection.alias ?? selection.name)
        : s.kind === 'InlineFragment' && selection.kind === 'InlineFragment' && s.typeCondition === selection.typeCondition,
    );
    const existing = merged[index];
    if (!existing) merged.push(selection);
    else if (existing.selections && selection.selections) merged[index] = { ...existing, selections: mergeRequires(existing.selections as T[], selection.selections as T[]) };
  }
  return merged;
}

/** `more`'s entity fetch asked within `into`'s: one `_entities` call selecting both, over the union of their requirements. */
function mergedFetch(into: Mergeable, more: Mergeable): Mergeable {
  const variables = [...(into.operation.variableDefinitions ?? [])];
  for (const definition of more.operation.variableDefinitions ?? []) {
    if (!variables.some((v) => v.variable.name.value === definition.variable.name.value)) variables.push(definition);
  }
  const entities: FieldNode = { ...into.entities, selectionSet: { kind: Kind.SELECTION_SET, selections: [...(into.entities.selectionSet?.selections ?? []), ...(more.entities.selectionSet?.selections ?? [])] } };
  const operation: OperationDefinitionNode = { ...into.operation, variableDefinitions: variables, selectionSet: { kind: Kind.SELECTION_SET, selections: [entities] } };
  const text = stripIgnoredCharacters(print({ kind: Kind.DOCUMENT, definitions: [operation] }));
  const [a, b] = [into.flatten.node, more.flatten.node];
  const flatten: EntityFetch = {
    ...into.flatten,
    node: {
      ...a,
      requires: mergeRequires(a.requires, b.requires),
      variableUsages: [...new Set([...(a.variableUsages ?? []), ...(b.variableUsages ?? [])])],
      operation: text,
      operationDocumentNode: parse(text),
    },
  };
  noteMergedFetch(flatten.node, [a, b]);
  return { flatten, operation, entities };
}

/** Folds each standalone sibling entity fetch into the last fetch of a sibling sequence with the same subgraph and path. */
function mergeParallel(nodes: PlanNode[], merges: { count: number }): PlanNode[] {
  const result = [...nodes];
  for (let i = 0; i < result.length; i++) {
    const sequence = result[i];
    if (sequence.kind !== 'Sequence') continue;
    const last = mergeable(sequence.nodes[sequence.nodes.length - 1]);
    if (!last) continue;
    let tail = last;
    for (let j = 0; j < result.length; j++) {
      const other = j === i ? null : mergeable(result[j]);
      if (!other || other.flatten.node.serviceName !== tail.flatten.node.serviceName || !samePath(other.flatten.path, tail.flatten.path)) continue;
      tail = mergedFetch(tail, other);
      merges.count++;
      result.splice(j, 1);
      if (j < i) i--;
      j--;
    }
    if (tail === last) continue;
    result[i] = { ...sequence, nodes: [...sequence.nodes.slice(0, -1), tail.flatten] };
  }
  return result;
}

function rewrite(node: PlanNode, merges: { count: number }): PlanNode {
  const inner = (n: PlanNode) => rewrite(n, merges);
  switch (node.kind) {
    case 'Sequence':
      return { ...node, nodes: node.nodes.map(inner) };
    case 'Parallel':
      return { ...node, nodes: mergeParallel(node.nodes.map(inner), merges) };
    case 'Flatten':
      return { ...node, node: inner(node.node) };
    case 'Condition':
      return { ...node, ifClause: node.ifClause && inner(node.ifClause), elseClause: node.elseClause && inner(node.elseClause) };
    default:
      return node;
  }
}

/**
 * Fewer fetches for one plan, as the Rust query planner makes them: where a Parallel runs an entity
 * fetch beside a Sequence whose last step fetches from the same subgraph at the same path (typically
 * the fields of an entity that @requires nothing, beside those that @require another subgraph's),
 * the first is asked within the second. The merged fetch waits for the sequence; where it cannot
 * stand for the fetches it was made of (an entity the sequence left without its requirement, an
 * answer with errors), the executor runs those instead (gateway/executor/merged-fetches.ts), so
 * the answer is the plan's as it was. The plan itself when nothing merges.
 */
export function mergeSiblingFetches(plan: QueryPlan): QueryPlan {
  const merges = { count: 0 };
  if (!plan.node || plan.node.kind === 'Subscription' || plan.node.kind === 'Defer') return plan;
  const node = rewrite(plan.node, merges);
  if (merges.count === 0) return plan;
  const merged = { ...plan, node };
  noteMergedPlan(merged, plan);
  return merged;
}
