import { getNullableType, isEnumType, isScalarType, Kind, TypeInfo, visit, visitWithTypeInfo, type ASTNode, type DocumentNode, type GraphQLArgument, type GraphQLSchema } from 'graphql';
import { hasTypeCheck } from '../../../schema/argument-checks';

/**
 * The variables of a document whose values the limits' walk can read: all but those used only as
 * the whole value of an argument that the walk reads for nothing (a scalar or enum argument
 * without a check of its own, not named in `readArguments`) or in directives, which it does not
 * read at all. A variable nested in a literal (an object or a list) counts, and so does one of an
 * argument the schema does not know. Apps tell requests apart by such values (the id of the one
 * record asked), and the walk's measure is the same for all of them.
 */
export function measuredVariables(schema: GraphQLSchema, document: DocumentNode, readArguments: readonly string[]): ReadonlySet<string> {
  const measured = new Set<string>();
  const typeInfo = new TypeInfo(schema);
  const unread = (argument: GraphQLArgument | null | undefined): boolean => {
    if (!argument || readArguments.includes(argument.name)) return false;
    const type = getNullableType(argument.type);
    return isEnumType(type) || (isScalarType(type) && !hasTypeCheck(type.name));
  };
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      VariableDefinition: () => false,
      Variable(node, _key, parent) {
        if (typeInfo.getDirective()) return;
        const whole = !Array.isArray(parent) && (parent as ASTNode | undefined)?.kind === Kind.ARGUMENT;
        if (!whole || !unread(typeInfo.getArgument())) measured.add(node.name.value);
      },
    }),
  );
  return measured;
}
