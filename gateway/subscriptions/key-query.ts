import { Kind, OperationTypeNode, visit, type DocumentNode, type FieldNode, type FragmentDefinitionNode, type SelectionSetNode, type VariableDefinitionNode } from 'graphql';
import type { SubscriptionOperation } from './subscription-operation';

/** The event's fields as the subscriber selected them: fragments on the event type flattened, in order. */
export function eventFields(selectionSet: SelectionSetNode, fragments: ReadonlyMap<string, FragmentDefinitionNode>): FieldNode[] {
  return selectionSet.selections.flatMap((s): FieldNode[] => {
    if (s.kind === Kind.FIELD) return [s];
    if (s.kind === Kind.INLINE_FRAGMENT) return eventFields(s.selectionSet, fragments);
    const fragment = fragments.get(s.name.value);
    return fragment ? eventFields(fragment.selectionSet, fragments) : [];
  });
}

export const KEY_VARIABLE = '__key';

function namesUsed(nodes: readonly (FieldNode | FragmentDefinitionNode)[], kind: typeof Kind.VARIABLE | typeof Kind.FRAGMENT_SPREAD): Set<string> {
  const names = new Set<string>();
  for (const node of nodes) {
    visit(node, {
      Variable: (v) => void (kind === Kind.VARIABLE && names.add(v.name.value)),
      FragmentSpread: (f) => void (kind === Kind.FRAGMENT_SPREAD && names.add(f.name.value)),
    });
  }
  return names;
}

/**
 * The query that resolves an event's record by key, with the subscriber's own selection on it:
 * `warning` in the event becomes `warning(id: $__key)` at the query's root, under the same alias,
 * so the gateway plans it like any query (other subgraphs, shards, catalog, errors and all).
 * Null when the subscriber did not select the record.
 */
export function keyQuery(op: SubscriptionOperation, recordField: string, rootField: string): DocumentNode | null {
  const selected = eventFields(op.field.selectionSet as SelectionSetNode, op.fragments).filter((f) => f.name.value === recordField);
  if (selected.length === 0) return null;
  const fields: FieldNode[] = selected.map((f) => ({
    ...f,
    alias: { kind: Kind.NAME, value: f.alias?.value ?? f.name.value },
    name: { kind: Kind.NAME, value: rootField },
    arguments: [{ kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: 'id' }, value: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: KEY_VARIABLE } } }],
  }));
  return rootQuery(op, fields, [variableDefinition(KEY_VARIABLE, 'ID')]);
}

/** `$name: Type!` */
export function variableDefinition(name: string, type: string): VariableDefinitionNode {
  return {
    kind: Kind.VARIABLE_DEFINITION,
    variable: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: name } },
    type: { kind: Kind.NON_NULL_TYPE, type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: type } } },
  };
}

/** A query of `fields` at the root, with the fragments and the subscriber's variables they use, and the gateway's own variables. */
export function rootQuery(op: SubscriptionOperation, fields: readonly FieldNode[], own: readonly VariableDefinitionNode[]): DocumentNode {
  const used = new Map<string, FragmentDefinitionNode>();
  let frontier = [...namesUsed(fields, Kind.FRAGMENT_SPREAD)];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const name of frontier) {
      const fragment = op.fragments.get(name);
      if (!fragment || used.has(name)) continue;
      used.set(name, fragment);
      next.push(...namesUsed([fragment], Kind.FRAGMENT_SPREAD));
    }
    frontier = next;
  }
  const variables = namesUsed([...fields, ...used.values()], Kind.VARIABLE);
  return {
    kind: Kind.DOCUMENT,
    definitions: [
      {
        kind: Kind.OPERATION_DEFINITION,
        operation: OperationTypeNode.QUERY,
        name: op.operation.name,
        variableDefinitions: [...own, ...(op.operation.variableDefinitions ?? []).filter((d) => variables.has(d.variable.name.value))],
        selectionSet: { kind: Kind.SELECTION_SET, selections: fields },
      },
      ...used.values(),
    ],
  };
}
