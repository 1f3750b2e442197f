import { Variable, type CompositeType, type FieldSelection, type Schema, type Selection, type SelectionSet, type Type } from '@apollo/federation-internals';

/** A `@skip`/`@include` argument: a literal, or a variable read per request (with the names its assertion message prints). */
export type IfArgument = { literal: unknown } | { variable: string; printed: string; directive: string };

interface Conditions {
  skip: IfArgument | null;
  include: IfArgument | null;
}

export interface FieldStep extends Conditions {
  kind: 'field';
  responseName: string;
  isTypename: boolean;
  /** The selection itself when it is `__schema`/`__type`: the executor's introspection answers it. */
  introspection: FieldSelection | null;
  type: Type;
  shape: CompiledShape | null;
}

export interface FragmentStep extends Conditions {
  kind: 'fragment';
  typeCondition: CompositeType | undefined;
  shape: CompiledShape;
  /** Whether the type condition applies, per __typename or per parent type (the schema does not change under a plan). */
  applies: Map<unknown, boolean>;
}

export type Step = FieldStep | FragmentStep;
export type CompiledShape = readonly Step[];

function ifArgument(selection: Selection, schema: Schema, which: 'skip' | 'include'): IfArgument | null {
  const directive = selection.element.appliedDirectivesOf(which === 'skip' ? schema.skipDirective() : schema.includeDirective())[0];
  if (!directive) return null;
  const argument: unknown = directive.arguments().if;
  return argument instanceof Variable ? { variable: argument.name, printed: String(argument), directive: String(directive) } : { literal: argument };
}

/**
 * The selections of an operation as plain steps, in the order @apollo/gateway's result shaping
 * (resultShaping.ts) walks them: what that walk looks up for every object of the answer (directives,
 * response names, field types, fragments' conditions) is looked up here once per selection.
 */
export function compileShape(selectionSet: SelectionSet, schema: Schema, seen = new Map<SelectionSet, CompiledShape>()): CompiledShape {
  const known = seen.get(selectionSet);
  if (known) return known;
  const steps: Step[] = [];
  seen.set(selectionSet, steps);
  for (const selection of selectionSet.selections()) {
    const conditions = { skip: ifArgument(selection, schema, 'skip'), include: ifArgument(selection, schema, 'include') };
    if (selection.kind === 'FieldSelection') {
      const field = selection.element;
      steps.push({
        kind: 'field',
        ...conditions,
        responseName: field.responseName(),
        isTypename: field.name === '__typename',
        introspection: field.definition.isSchemaIntrospectionField() ? selection : null,
        type: field.definition.type as Type,
        shape: selection.selectionSet ? compileShape(selection.selectionSet, schema, seen) : null,
      });
    } else {
      steps.push({ kind: 'fragment', ...conditions, typeCondition: selection.element.typeCondition, shape: compileShape(selection.selectionSet, schema, seen), applies: new Map() });
    }
  }
  return steps;
}
