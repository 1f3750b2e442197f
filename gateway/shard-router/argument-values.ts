import { Kind, getArgumentValues, type FieldNode, type GraphQLField, type ValueNode } from 'graphql';
import { deepFreeze } from '../../schema/config/deep-freeze';
import { KeyedNodeMemo, NodeMemo } from './node-memo';

type Definition = GraphQLField<unknown, unknown>;
export type ArgumentValues = Readonly<Record<string, unknown>>;

const variableFree = new NodeMemo<FieldNode, boolean>();
const literalValues = new KeyedNodeMemo<FieldNode, Definition, ArgumentValues>();

function usesVariable(value: ValueNode): boolean {
  if (value.kind === Kind.VARIABLE) return true;
  if (value.kind === Kind.LIST) return value.values.some(usesVariable);
  if (value.kind === Kind.OBJECT) return value.fields.some((f) => usesVariable(f.value));
  return false;
}

/**
 * graphql's getArgumentValues, coerced once per field node and definition when the arguments are
 * literals (`first: 20`): the router plans the same kept fetch documents on every request. Those
 * values are shared between requests, hence frozen; arguments with variables are coerced each time.
 */
export function argumentValues(def: Definition, field: FieldNode, variables: Record<string, unknown>): ArgumentValues {
  const literal = variableFree.get(field, () => !(field.arguments ?? []).some((a) => usesVariable(a.value)));
  if (literal) return literalValues.get(field, def, () => deepFreeze(getArgumentValues(def, field)));
  return getArgumentValues(def, field, variables);
}
