import { getOperationAST, Kind, type DirectiveNode, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';

function constantlyLeftOut(directives: readonly DirectiveNode[] | undefined): boolean {
  return (directives ?? []).some((d) => {
    const condition = d.arguments?.find((a) => a.name.value === 'if')?.value;
    if (condition?.kind !== Kind.BOOLEAN) return false;
    return (d.name.value === 'skip' && condition.value) || (d.name.value === 'include' && !condition.value);
  });
}

function selectsData(selections: SelectionSetNode, fragments: ReadonlyMap<string, FragmentDefinitionNode>, seen: Set<string>): boolean {
  return selections.selections.some((selection) => {
    if (constantlyLeftOut(selection.directives)) return false;
    if (selection.kind === Kind.FIELD) return !selection.name.value.startsWith('__');
    if (selection.kind === Kind.INLINE_FRAGMENT) return selectsData(selection.selectionSet, fragments, seen);
    const fragment = fragments.get(selection.name.value);
    if (!fragment || seen.has(fragment.name.value)) return false;
    seen.add(fragment.name.value);
    return selectsData(fragment.selectionSet, fragments, seen);
  });
}

/**
 * Whether an operation selects a root field that only a subgraph can answer: anything but
 * introspection (`__typename`, `__schema`, `__type`) and fields left out by a constant @skip or
 * @include. Such an operation always needs a fetch; a query plan without one means the planner
 * found no way to reach the fields.
 */
export function asksForData(document: DocumentNode, operationName: string | null | undefined): boolean {
  const operation = getOperationAST(document, operationName ?? undefined);
  if (!operation) return false;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  return selectsData(operation.selectionSet, fragments, new Set());
}
