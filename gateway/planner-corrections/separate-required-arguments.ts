import { isAbstractType, Kind, TypeInfo, visit, visitWithTypeInfo, type DocumentNode, type FieldNode, type GraphQLSchema } from 'graphql';
import type { RequiresArgumentFields } from './requires-argument-fields';

/** A client's operation with its conflicting fields under aliases of ours, and how to name them back. */
export interface SeparatedOperation {
  readonly document: DocumentNode;
  /** Our alias → the response name the client asked for. */
  readonly aliases: ReadonlyMap<string, string>;
}

function conflicts(schema: GraphQLSchema, fields: RequiresArgumentFields, parent: string, field: string): boolean {
  if (fields.get(parent)?.has(field)) return true;
  const type = schema.getType(parent);
  return !!type && isAbstractType(type) && schema.getPossibleTypes(type).some((t) => fields.get(t.name)?.has(field));
}

function responseNames(document: DocumentNode): Set<string> {
  const names = new Set<string>();
  visit(document, { Field: (node) => void names.add(node.alias?.value ?? node.name.value) });
  return names;
}

/**
 * Gives every unaliased client field that a @requires also selects with arguments an alias of its
 * own, so that Apollo's planner fetches the client's arguments and the requirement's side by side
 * instead of keeping one of them under the shared name. Null when the operation has none.
 */
export function separateRequiredArguments(document: DocumentNode, schema: GraphQLSchema, fields: RequiresArgumentFields): SeparatedOperation | null {
  if (fields.size === 0) return null;
  const typeInfo = new TypeInfo(schema);
  const used = responseNames(document);
  const aliasOf = new Map<string, string>();
  const aliases = new Map<string, string>();
  const alias = (name: string): string => {
    let chosen = aliasOf.get(name);
    if (!chosen) {
      chosen = `${name}__asked`;
      for (let n = 2; used.has(chosen); n += 1) chosen = `${name}__asked${n}`;
      used.add(chosen);
      aliasOf.set(name, chosen);
      aliases.set(chosen, name);
    }
    return chosen;
  };
  const rewritten = visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node: FieldNode): FieldNode | undefined {
        const parent = typeInfo.getParentType();
        if (node.alias || !parent || !conflicts(schema, fields, parent.name, node.name.value)) return undefined;
        return { ...node, alias: { kind: Kind.NAME, value: alias(node.name.value) } };
      },
    }),
  );
  return aliases.size === 0 ? null : { document: rewritten, aliases };
}

function renamed(value: unknown, aliases: ReadonlyMap<string, string>): unknown {
  if (Array.isArray(value)) return value.map((item) => renamed(item, aliases));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[aliases.get(key) ?? key] = renamed(item, aliases);
  return out;
}

/** The client's response names back in an answer's data. */
export function renameData<T>(data: T, aliases: ReadonlyMap<string, string>): T {
  return renamed(data, aliases) as T;
}

/** The client's response names back in an error's path. */
export function renamePath(path: readonly (string | number)[], aliases: ReadonlyMap<string, string>): (string | number)[] {
  return path.map((segment) => (typeof segment === 'string' ? (aliases.get(segment) ?? segment) : segment));
}
