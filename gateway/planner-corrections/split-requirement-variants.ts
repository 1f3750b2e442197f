import type { Experimental_DidResolveQueryPlanCallback } from '@apollo/gateway';
import { getNamedType, Kind, parse, print, TypeInfo, visit, visitWithTypeInfo, type DocumentNode, type FieldNode, type GraphQLSchema, type InlineFragmentNode, type SelectionNode, type SelectionSetNode } from 'graphql';
import { needsOf, type RequirementVariants } from './requirement-variants';

type QueryPlan = Parameters<Experimental_DidResolveQueryPlanCallback>[0]['queryPlan'];
type AnyNode = NonNullable<QueryPlan['node']>;
type PlanNode = Exclude<AnyNode, { kind: 'Subscription' }>;
type FetchNode = Extract<PlanNode, { kind: 'Fetch' }>;
type RequiresNode = NonNullable<FetchNode['requires']>[number];

const name = (value: string) => ({ kind: Kind.NAME, value }) as const;

/** Every field that has variants, selected with arguments, gets each variant beside it under the variant's alias. */
function withVariants(document: DocumentNode, schema: GraphQLSchema, variants: RequirementVariants): DocumentNode {
  const typeInfo = new TypeInfo(schema);
  return visit(
    document,
    visitWithTypeInfo(typeInfo, {
      SelectionSet(node: SelectionSetNode): SelectionSetNode | undefined {
        const type = getNamedType(typeInfo.getType());
        const ofType = type ? variants.variants.get(type.name) : undefined;
        if (!ofType) return undefined;
        const present = new Set(node.selections.map((s) => (s.kind === Kind.FIELD ? (s.alias?.value ?? s.name.value) : '')));
        const added: FieldNode[] = [];
        for (const selection of node.selections) {
          if (selection.kind !== Kind.FIELD || !selection.arguments?.length) continue;
          for (const variant of ofType.get(selection.name.value) ?? []) {
            if (present.has(variant.alias)) continue;
            present.add(variant.alias);
            added.push({ ...selection, alias: name(variant.alias), arguments: variant.arguments, directives: [] });
          }
        }
        return added.length ? { ...node, selections: [...node.selections, ...added] } : undefined;
      },
    }),
  );
}

function entitiesField(document: DocumentNode): FieldNode | undefined {
  const [operation] = document.definitions;
  if (operation?.kind !== Kind.OPERATION_DEFINITION) return undefined;
  return operation.selectionSet.selections.find((s): s is FieldNode => s.kind === Kind.FIELD && s.name.value === '_entities');
}

interface Group {
  readonly needs: ReadonlyMap<string, ReadonlyMap<string, string>>;
  readonly fields: Map<InlineFragmentNode, SelectionNode[]>;
}

/** The entity fetch's fields grouped so that no group needs two variants of one required field. */
function groupsOf(fetch: FetchNode, entities: FieldNode, variants: RequirementVariants): Group[] {
  const groups = new Map<string, Group>();
  const plain: [InlineFragmentNode, SelectionNode][] = [];
  for (const fragment of entities.selectionSet?.selections ?? []) {
    if (fragment.kind !== Kind.INLINE_FRAGMENT || !fragment.typeCondition) continue;
    const type = fragment.typeCondition.name.value;
    for (const selection of fragment.selectionSet.selections) {
      const needs = selection.kind === Kind.FIELD ? needsOf(variants, fetch.serviceName, type, selection.name.value) : undefined;
      if (!needs) {
        plain.push([fragment, selection]);
        continue;
      }
      const signature = `${type}:${[...needs].map(([f, a]) => `${f}=${a}`).sort().join(',')}`;
      const group = groups.get(signature) ?? { needs: new Map([[type, needs]]), fields: new Map<InlineFragmentNode, SelectionNode[]>() };
      group.fields.set(fragment, [...(group.fields.get(fragment) ?? []), selection]);
      groups.set(signature, group);
    }
  }
  const all = [...groups.values()];
  if (all.length === 0) return [];
  for (const [fragment, selection] of plain) all[0].fields.set(fragment, [...(all[0].fields.get(fragment) ?? []), selection]);
  return all;
}

function aliasedRequires(requires: readonly RequiresNode[], needs: Group['needs']): RequiresNode[] {
  return requires.map((node) => {
    const ofType = node.kind === 'InlineFragment' && node.typeCondition ? needs.get(node.typeCondition) : undefined;
    if (node.kind !== 'InlineFragment' || !ofType) return node;
    return { ...node, selections: node.selections.map((s) => (s.kind === 'Field' && ofType.has(s.name) ? { ...s, alias: ofType.get(s.name) } : s)) };
  });
}

function groupFetch(fetch: FetchNode, document: DocumentNode, entities: FieldNode, group: Group, first: boolean): FetchNode {
  const selections = [...group.fields].map(([fragment, fields]): InlineFragmentNode => ({ ...fragment, selectionSet: { ...fragment.selectionSet, selections: fields } }));
  const operation = visit(document, { Field: (node) => (node === entities ? { ...node, selectionSet: { kind: Kind.SELECTION_SET, selections } } : undefined) });
  return {
    ...fetch,
    ...(first ? {} : { id: undefined }),
    operation: print(operation),
    operationDocumentNode: operation,
    requires: aliasedRequires(fetch.requires ?? [], group.needs),
  };
}

function splitFetch(fetch: FetchNode, schema: GraphQLSchema, variants: RequirementVariants): PlanNode {
  const original = fetch.operationDocumentNode ?? parse(fetch.operation);
  const document = withVariants(original, schema, variants);
  const entities = fetch.requires ? entitiesField(document) : undefined;
  const groups = entities ? groupsOf(fetch, entities, variants) : [];
  if (entities && groups.length > 0) {
    const fetches = groups.map((group, i) => groupFetch(fetch, document, entities, group, i === 0));
    return fetches.length === 1 ? fetches[0] : { kind: 'Parallel', nodes: fetches };
  }
  return document === original ? fetch : { ...fetch, operation: print(document), operationDocumentNode: document };
}

function rewrite(node: PlanNode, schema: GraphQLSchema, variants: RequirementVariants): PlanNode {
  switch (node.kind) {
    case 'Sequence':
    case 'Parallel':
      return { ...node, nodes: node.nodes.map((n) => rewrite(n, schema, variants)) };
    case 'Flatten':
      return { ...node, node: rewrite(node.node, schema, variants) };
    case 'Condition':
      return { ...node, ifClause: node.ifClause && rewrite(node.ifClause, schema, variants), elseClause: node.elseClause && rewrite(node.elseClause, schema, variants) };
    case 'Fetch':
      return splitFetch(node, schema, variants);
    default:
      return node;
  }
}

/**
 * Corrects a plan where two @requires select one field with different arguments: Apollo's planner
 * fetches one of them under the field's name for both. Each fetch that selects the field gets every
 * variant beside it under an alias of ours, and each entity fetch that needs one is split, one
 * fetch per variant, whose representations take the variant's alias (renamed back to the field on
 * the way out by renameRepresentations).
 */
export function splitRequirementVariants(plan: QueryPlan, schema: GraphQLSchema, variants: RequirementVariants): QueryPlan {
  if (variants.variants.size === 0 || !plan.node || plan.node.kind === 'Subscription') return plan;
  return { ...plan, node: rewrite(plan.node, schema, variants) };
}
