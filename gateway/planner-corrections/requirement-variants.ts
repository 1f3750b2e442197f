import { fieldSet } from './requires-argument-fields';
import { Kind, parse, print, type ConstArgumentNode, type ConstDirectiveNode, type FieldNode } from 'graphql';

/** One argument set under which a @requires selects a field: `price(currency: "EUR")`. */
export interface RequirementVariant {
  readonly alias: string;
  readonly arguments: readonly ConstArgumentNode[];
}

/**
 * The @requires of a supergraph that select one field of a type with different arguments
 * (`price(currency: "USD")` for one field, `price(currency: "EUR")` for another).
 */
export interface RequirementVariants {
  /** type → required field → its variants. */
  readonly variants: ReadonlyMap<string, ReadonlyMap<string, readonly RequirementVariant[]>>;
  /** `subgraph/type/requiring field` → required field → the alias of the variant it needs. */
  readonly needs: ReadonlyMap<string, ReadonlyMap<string, string>>;
}

const needKey = (subgraph: string, type: string, field: string): string => `${subgraph}/${type}/${field}`;

function argument(directive: ConstDirectiveNode, name: string): string | null {
  const value = directive.arguments?.find((a) => a.name.value === name)?.value;
  return value?.kind === Kind.STRING || value?.kind === Kind.ENUM ? value.value : null;
}

function topLevelFieldsWithArguments(fields: string): FieldNode[] {
  return fieldSet(fields).selections.filter((s): s is FieldNode => s.kind === Kind.FIELD && !!s.arguments?.length);
}

const argumentsKey = (field: FieldNode): string => (field.arguments ?? []).map(print).sort().join(', ');

/** Reads every `@join__field(requires: …)` of a supergraph for fields required under different arguments. */
export function requirementVariants(supergraphSdl: string): RequirementVariants {
  const document = parse(supergraphSdl);
  const graphNames = new Map<string, string>();
  const found: { type: string; subgraph: string; requiring: string; field: FieldNode }[] = [];
  for (const definition of document.definitions) {
    if (definition.kind === Kind.ENUM_TYPE_DEFINITION && definition.name.value === 'join__Graph') {
      for (const value of definition.values ?? []) {
        const name = value.directives?.find((d) => d.name.value === 'join__graph');
        if (name) graphNames.set(value.name.value, argument(name, 'name') ?? value.name.value);
      }
    }
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    for (const fieldDefinition of definition.fields ?? []) {
      for (const directive of fieldDefinition.directives ?? []) {
        const requires = directive.name.value === 'join__field' ? argument(directive, 'requires') : null;
        const graph = argument(directive, 'graph');
        if (!requires || !graph) continue;
        for (const field of topLevelFieldsWithArguments(requires)) found.push({ type: definition.name.value, subgraph: graph, requiring: fieldDefinition.name.value, field });
      }
    }
  }
  const byField = new Map<string, Map<string, RequirementVariant>>();
  for (const { type, field } of found) {
    const key = `${type}.${field.name.value}`;
    const variants = byField.get(key) ?? new Map<string, RequirementVariant>();
    const printed = argumentsKey(field);
    if (!variants.has(printed)) variants.set(printed, { alias: `${field.name.value}__required${variants.size}`, arguments: field.arguments as readonly ConstArgumentNode[] });
    byField.set(key, variants);
  }
  const variants = new Map<string, Map<string, readonly RequirementVariant[]>>();
  const needs = new Map<string, Map<string, string>>();
  for (const { type, subgraph, requiring, field } of found) {
    const ofField = byField.get(`${type}.${field.name.value}`);
    if (!ofField || ofField.size < 2) continue;
    const ofType = variants.get(type) ?? new Map<string, readonly RequirementVariant[]>();
    ofType.set(field.name.value, [...ofField.values()]);
    variants.set(type, ofType);
    const key = needKey(graphNames.get(subgraph) ?? subgraph, type, requiring);
    const need = needs.get(key) ?? new Map<string, string>();
    need.set(field.name.value, ofField.get(argumentsKey(field))?.alias ?? field.name.value);
    needs.set(key, need);
  }
  return { variants, needs };
}

export function needsOf(variants: RequirementVariants, subgraph: string, type: string, field: string): ReadonlyMap<string, string> | undefined {
  return variants.needs.get(needKey(subgraph, type, field));
}

/**
 * Names a variant's alias back to its field in the representations an entity fetch sends. Apollo's
 * own KeyRenamer rewrite renames only truthy values, and a required 0, false or null must reach
 * the subgraph too.
 */
export function renameRepresentations(representations: unknown, variants: RequirementVariants): void {
  if (!Array.isArray(representations) || variants.variants.size === 0) return;
  for (const representation of representations as Record<string, unknown>[]) {
    const ofType = typeof representation?.__typename === 'string' ? variants.variants.get(representation.__typename) : undefined;
    for (const [field, ofField] of ofType ?? []) {
      for (const { alias } of ofField) {
        if (!Object.prototype.hasOwnProperty.call(representation, alias)) continue;
        representation[field] = representation[alias];
        delete representation[alias];
      }
    }
  }
}
