import {
  Kind,
  getNamedType,
  isAbstractType,
  isCompositeType,
  isObjectType,
  isInterfaceType,
  type FieldNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';
import { REPRESENTATIONS_VARIABLE, aliasedField, responseKey, selectionSetOf } from './document';
import { KeyedNodeMemo, NodeMemo } from './node-memo';
import { ROUTER_ALIAS_PREFIX, isObject, type Json, type JsonObject } from './json';
import { CROSS_SHARD_REFERENCES, MERGE_FIELDS } from './routing-table';

const TYPENAME_ALIAS = `${ROUTER_ALIAS_PREFIX}t`;

/** A place in a shard selection where the router resolves an entity reference itself. */
export interface ReferencePoint {
  /** The field as the client (planner) selected it, with its original sub-selection. */
  original: FieldNode;
  type: string;
  keys: readonly string[];
}

/**
 * Rewrites a selection for a shard: cross-shard reference fields are cut to their keys, merge
 * fields are added, and abstract selections learn their concrete type. The rewritten field nodes
 * that are references are remembered, so the answer can be walked to find them.
 */
export class SelectionRewriter {
  readonly references = new WeakMap<FieldNode, ReferencePoint>();

  private readonly rewrittenSets = new KeyedNodeMemo<SelectionSetNode, GraphQLCompositeType, SelectionSetNode>();
  private readonly rewrittenFields = new KeyedNodeMemo<FieldNode, GraphQLCompositeType, FieldNode>();
  private readonly entitiesFields = new KeyedNodeMemo<FieldNode, GraphQLCompositeType, FieldNode>();
  private readonly reaching = new NodeMemo<SelectionSetNode, boolean>();

  constructor(private readonly schema: GraphQLSchema) {}

  /** The selection as sent to a shard; the same node for the same selection and type, every time. */
  rewrite(selectionSet: SelectionSetNode, parentType: GraphQLCompositeType): SelectionSetNode {
    return this.rewrittenSets.get(selectionSet, parentType, () => this.rewriteSet(selectionSet, parentType));
  }

  rewriteField(field: FieldNode, parentType: GraphQLCompositeType): FieldNode {
    return this.rewrittenFields.get(field, parentType, () => this.rewriteOneField(field, parentType));
  }

  /** An `_entities` field as sent to a shard: its representations from the router's variable, its selection rewritten. */
  entitiesField(field: FieldNode, entityType: GraphQLCompositeType): FieldNode {
    return this.entitiesFields.get(field, entityType, () => ({
      ...field,
      arguments: [REPRESENTATIONS_VARIABLE.argument],
      selectionSet: this.rewrite(field.selectionSet ?? selectionSetOf([]), entityType),
    }));
  }

  /** Whether a rewritten selection holds a reference at any depth: an answer to one without any need not be walked. */
  reaches(selectionSet: SelectionSetNode): boolean {
    return this.reaching.get(selectionSet, () =>
      selectionSet.selections.some((s) =>
        s.kind === Kind.INLINE_FRAGMENT ? this.reaches(s.selectionSet) : s.kind === Kind.FIELD && (this.references.has(s) || (s.selectionSet !== undefined && this.reaches(s.selectionSet))),
      ),
    );
  }

  private rewriteSet(selectionSet: SelectionSetNode, parentType: GraphQLCompositeType): SelectionSetNode {
    const selections: SelectionNode[] = [];
    if (isAbstractType(parentType)) selections.push(typenameField());
    for (const s of selectionSet.selections) {
      if (s.kind === Kind.INLINE_FRAGMENT) {
        const condition = s.typeCondition ? this.schema.getType(s.typeCondition.name.value) : parentType;
        if (!condition || !isCompositeType(condition)) {
          selections.push(s);
          continue;
        }
        selections.push({ ...s, selectionSet: this.rewrite(s.selectionSet, condition) });
        continue;
      }
      if (s.kind !== Kind.FIELD) {
        selections.push(s);
        continue;
      }
      selections.push(this.rewriteField(s, parentType));
    }
    return selectionSetOf(selections);
  }

  private rewriteOneField(field: FieldNode, parentType: GraphQLCompositeType): FieldNode {
    if (!field.selectionSet || isAbstractType(parentType) || field.name.value.startsWith('__')) return field;
    const def = parentType.getFields()[field.name.value];
    if (!def) return field;
    const coordinate = `${parentType.name}.${field.name.value}`;
    const reference = CROSS_SHARD_REFERENCES[coordinate];
    if (reference) {
      const cut: FieldNode = {
        ...field,
        selectionSet: selectionSetOf([typenameField(), ...reference.keys.map((k) => aliasedField(`k_${k}`, k))]),
      };
      this.references.set(cut, { original: field, type: reference.type, keys: reference.keys });
      return cut;
    }
    const returnType = getNamedType(def.type);
    if (!isCompositeType(returnType)) return field;
    const rewritten = this.rewrite(field.selectionSet, returnType);
    const extra = MERGE_FIELDS[coordinate];
    if (!extra || extra.length === 0) return { ...field, selectionSet: rewritten };
    return { ...field, selectionSet: selectionSetOf([...rewritten.selections, ...extra.map((name) => aliasedField(name, name))]) };
  }
}

function typenameField(): FieldNode {
  return aliasedField('t', '__typename');
}

/** Whether an inline fragment's type condition applies to an object of concrete type `typeName`. */
function conditionApplies(schema: GraphQLSchema, condition: string | undefined, typeName: string): boolean {
  if (!condition || condition === typeName) return true;
  const conditionType = schema.getType(condition);
  const concrete = schema.getType(typeName);
  if (!conditionType || !concrete || !isObjectType(concrete)) return false;
  if (isInterfaceType(conditionType) || isAbstractType(conditionType)) return schema.isSubType(conditionType, concrete);
  return false;
}

export interface FoundReference {
  point: ReferencePoint;
  /** The object holding the reference, and the key under which it sits. */
  holder: JsonObject | Json[];
  at: string | number;
  value: JsonObject;
  path: (string | number)[];
}

/**
 * Walks an answer along its (rewritten) selection and reports every reference point's value, with
 * its path (a copy; `path` itself is extended and restored on the way). Parts of the answer whose
 * selection holds no reference are not walked.
 */
export function findReferences(
  schema: GraphQLSchema,
  rewriter: SelectionRewriter,
  data: Json | undefined,
  selectionSet: SelectionSetNode,
  parentType: GraphQLCompositeType,
  path: (string | number)[],
  found: FoundReference[],
): void {
  if (!rewriter.reaches(selectionSet)) return;
  if (Array.isArray(data)) {
    for (let i = 0; i < data.length; i++) {
      path.push(i);
      findReferences(schema, rewriter, data[i], selectionSet, parentType, path, found);
      path.pop();
    }
    return;
  }
  if (!isObject(data)) return;
  const concrete = typeof data[TYPENAME_ALIAS] === 'string' ? (data[TYPENAME_ALIAS] as string) : parentType.name;
  for (const s of selectionSet.selections) {
    if (s.kind === Kind.INLINE_FRAGMENT) {
      if (!conditionApplies(schema, s.typeCondition?.name.value, concrete)) continue;
      const type = s.typeCondition ? schema.getType(s.typeCondition.name.value) : parentType;
      if (type && isCompositeType(type)) findReferences(schema, rewriter, data, s.selectionSet, type, path, found);
      continue;
    }
    if (s.kind !== Kind.FIELD || !s.selectionSet) continue;
    const key = responseKey(s);
    const value = data[key];
    if (value === null || value === undefined) continue;
    const point = rewriter.references.get(s);
    if (point) {
      collectPoint(point, data, key, value, [...path, key], found);
      continue;
    }
    if (!rewriter.reaches(s.selectionSet)) continue;
    const owner = schema.getType(concrete);
    const def = owner && (isObjectType(owner) || isInterfaceType(owner)) ? owner.getFields()[s.name.value] : undefined;
    const returnType = def ? getNamedType(def.type) : undefined;
    if (returnType && isCompositeType(returnType)) {
      path.push(key);
      findReferences(schema, rewriter, value, s.selectionSet, returnType, path, found);
      path.pop();
    }
  }
}

function collectPoint(point: ReferencePoint, holder: JsonObject | Json[], at: string | number, value: Json, path: (string | number)[], found: FoundReference[]): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => collectPoint(point, value, i, item, [...path, i], found));
  } else if (isObject(value)) {
    found.push({ point, holder, at, value, path });
  }
}
