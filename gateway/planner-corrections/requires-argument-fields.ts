import { buildASTSchema, getNamedType, isCompositeType, Kind, parse, type GraphQLCompositeType, type GraphQLSchema, type SelectionSetNode, type ValueNode } from 'graphql';

/** Field names, per parent type, that some @requires selects with arguments. */
export type RequiresArgumentFields = ReadonlyMap<string, ReadonlySet<string>>;

function stringArgument(args: readonly { name: { value: string }; value: ValueNode }[] | undefined, name: string): string | null {
  const value = args?.find((a) => a.name.value === name)?.value;
  return value?.kind === Kind.STRING ? value.value : null;
}

function fieldsOf(type: GraphQLCompositeType): Record<string, { type: Parameters<typeof getNamedType>[0] }> {
  return 'getFields' in type ? type.getFields() : {};
}

/** A @requires or @key field set as a selection set. */
export function fieldSet(fields: string): SelectionSetNode {
  const [operation] = parse(`{ ${fields} }`).definitions;
  return operation.kind === Kind.OPERATION_DEFINITION ? operation.selectionSet : { kind: Kind.SELECTION_SET, selections: [] };
}

function collect(schema: GraphQLSchema, type: GraphQLCompositeType, selections: SelectionSetNode, into: Map<string, Set<string>>): void {
  for (const selection of selections.selections) {
    if (selection.kind === Kind.INLINE_FRAGMENT) {
      const on = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : type;
      if (on && isCompositeType(on)) collect(schema, on, selection.selectionSet, into);
      continue;
    }
    if (selection.kind !== Kind.FIELD) continue;
    if (selection.arguments?.length) {
      const names = into.get(type.name) ?? new Set<string>();
      names.add(selection.name.value);
      into.set(type.name, names);
    }
    const field = fieldsOf(type)[selection.name.value];
    const child = field ? getNamedType(field.type) : undefined;
    if (selection.selectionSet && child && isCompositeType(child)) collect(schema, child, selection.selectionSet, into);
  }
}

/**
 * Reads every `@join__field(requires: …)` of a supergraph and lists the fields those requirements
 * select with arguments. Apollo's planner fetches a required `comments(limit: 3)` and a client's
 * `comments(limit: 1)` under one response name, so the client's fields of these names are the ones
 * to keep apart.
 */
export function requiresArgumentFields(supergraphSdl: string): RequiresArgumentFields {
  const document = parse(supergraphSdl);
  const schema = buildASTSchema(document, { assumeValidSDL: true });
  const found = new Map<string, Set<string>>();
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.INTERFACE_TYPE_DEFINITION) continue;
    const type = schema.getType(definition.name.value);
    if (!type || !isCompositeType(type)) continue;
    for (const field of definition.fields ?? []) {
      for (const directive of field.directives ?? []) {
        const requires = directive.name.value === 'join__field' ? stringArgument(directive.arguments, 'requires') : null;
        if (requires) collect(schema, type, fieldSet(requires), found);
      }
    }
  }
  return found;
}
