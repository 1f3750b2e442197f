import { TypeInfo, visit, visitWithTypeInfo, type DocumentNode, type GraphQLSchema } from 'graphql';

/** The schema coordinates an operation uses: `Type.field` for every field it selects, `Type.field.argument` for every argument it passes. */
export function usedCoordinates(schema: GraphQLSchema, document: DocumentNode): string[] {
  const typeInfo = new TypeInfo(schema);
  const used = new Set<string>();
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType();
        if (!parent || node.name.value.startsWith('__')) return;
        const field = `${parent.name}.${node.name.value}`;
        used.add(field);
        for (const argument of node.arguments ?? []) used.add(`${field}.${argument.name.value}`);
      },
    }),
  );
  return [...used].sort();
}
