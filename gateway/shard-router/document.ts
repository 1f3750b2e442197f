import {
  Kind,
  parse,
  visit,
  type ArgumentNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type InlineFragmentNode,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
  type VariableDefinitionNode,
} from 'graphql';
import { LRUCache } from 'lru-cache';
import { ROUTER_ALIAS_PREFIX } from './json';
import { NodeMemo } from './node-memo';

/** One operation of a fetch, with its named fragments inlined so selections can be walked alone. */
export interface PreparedOperation {
  operation: OperationDefinitionNode;
}

/**
 * Parses fetch documents once: the query planner sends the same few shapes again and again.
 */
export class DocumentCache {
  private readonly cache: LRUCache<string, PreparedOperation>;

  constructor(max = 2000) {
    this.cache = new LRUCache({ max });
  }

  get(query: string, operationName?: string | null): PreparedOperation {
    const cacheKey = `${operationName ?? ''}\u0000${query}`;
    let prepared = this.cache.get(cacheKey);
    if (!prepared) {
      prepared = prepare(parse(query), operationName ?? undefined);
      this.cache.set(cacheKey, prepared);
    }
    return prepared;
  }
}

function prepare(document: DocumentNode, operationName?: string): PreparedOperation {
  const fragments = new Map<string, FragmentDefinitionNode>();
  const operations: OperationDefinitionNode[] = [];
  for (const def of document.definitions) {
    if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
    else if (def.kind === Kind.OPERATION_DEFINITION) operations.push(def);
  }
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations[0];
  if (!operation) throw new Error(`fetch document has no operation ${operationName ?? ''}`.trim());
  return { operation: inlineFragments(operation, fragments) };
}

function inlineFragments(operation: OperationDefinitionNode, fragments: Map<string, FragmentDefinitionNode>): OperationDefinitionNode {
  const inline = (selectionSet: SelectionSetNode, seen: ReadonlySet<string>): SelectionSetNode => ({
    ...selectionSet,
    selections: selectionSet.selections.map((s): SelectionNode => {
      if (s.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(s.name.value);
        if (!fragment || seen.has(s.name.value)) throw new Error(`unknown or cyclic fragment ${s.name.value}`);
        const node: InlineFragmentNode = {
          kind: Kind.INLINE_FRAGMENT,
          typeCondition: fragment.typeCondition,
          directives: s.directives,
          selectionSet: inline(fragment.selectionSet, new Set([...seen, s.name.value])),
        };
        return node;
      }
      if (s.selectionSet) return { ...s, selectionSet: inline(s.selectionSet, seen) };
      return s;
    }),
  });
  return { ...operation, selectionSet: inline(operation.selectionSet, new Set()) };
}

export function responseKey(field: FieldNode): string {
  return field.alias?.value ?? field.name.value;
}

export function aliasedField(alias: string, name: string, selectionSet?: SelectionSetNode): FieldNode {
  return {
    kind: Kind.FIELD,
    alias: { kind: Kind.NAME, value: `${ROUTER_ALIAS_PREFIX}${alias}` },
    name: { kind: Kind.NAME, value: name },
    selectionSet,
  };
}

export function selectionSetOf(selections: readonly SelectionNode[]): SelectionSetNode {
  return { kind: Kind.SELECTION_SET, selections };
}

/** The root fields of an operation, inline fragments flattened. */
export function rootFields(selections: readonly SelectionNode[]): FieldNode[] {
  return selections.flatMap((s) => (s.kind === Kind.FIELD ? [s] : s.kind === Kind.INLINE_FRAGMENT ? rootFields(s.selectionSet.selections) : []));
}

/** Response keys of a selection by field name (inline fragments flattened); computed once per selection, shared. */
export function fieldKeys(selectionSet: SelectionSetNode | undefined): ReadonlyMap<string, readonly string[]> {
  return selectionSet ? keysOfSelections.get(selectionSet, () => keysOf(selectionSet)) : NO_KEYS;
}

const NO_KEYS: ReadonlyMap<string, readonly string[]> = new Map();
const keysOfSelections = new NodeMemo<SelectionSetNode, ReadonlyMap<string, readonly string[]>>();

function keysOf(selectionSet: SelectionSetNode): Map<string, string[]> {
  const keys = new Map<string, string[]>();
  const walk = (set: SelectionSetNode): void => {
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        const key = responseKey(s);
        const list = keys.get(s.name.value) ?? [];
        if (!list.includes(key)) list.push(key);
        keys.set(s.name.value, list);
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        walk(s.selectionSet);
      }
    }
  };
  walk(selectionSet);
  return keys;
}

/** The field selected under response key `key` (inline fragments searched). */
export function findField(selectionSet: SelectionSetNode | undefined, key: string): FieldNode | undefined {
  if (!selectionSet) return undefined;
  for (const s of selectionSet.selections) {
    if (s.kind === Kind.FIELD && responseKey(s) === key) return s;
    if (s.kind === Kind.INLINE_FRAGMENT) {
      const found = findField(s.selectionSet, key);
      if (found) return found;
    }
  }
  return undefined;
}

const REPRESENTATIONS = `${ROUTER_ALIAS_PREFIX}reps`;

/** The `$_sr_reps: [_Any!]!` variable through which the router sends representations to `_entities`. */
export const REPRESENTATIONS_VARIABLE = {
  name: REPRESENTATIONS,
  definition: {
    kind: Kind.VARIABLE_DEFINITION,
    variable: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: REPRESENTATIONS } },
    type: {
      kind: Kind.NON_NULL_TYPE,
      type: { kind: Kind.LIST_TYPE, type: { kind: Kind.NON_NULL_TYPE, type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: '_Any' } } } },
    },
  } satisfies VariableDefinitionNode,
  argument: {
    kind: Kind.ARGUMENT,
    name: { kind: Kind.NAME, value: 'representations' },
    value: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: REPRESENTATIONS } },
  } satisfies ArgumentNode,
} as const;

const selectionVariables = new NodeMemo<SelectionNode, ReadonlySet<string>>();

/** The variables a root selection uses. */
function variablesUsed(selection: SelectionNode): ReadonlySet<string> {
  return selectionVariables.get(selection, () => {
    const used = new Set<string>();
    visit(selection, {
      Variable(v) {
        used.add(v.name.value);
      },
    });
    return used;
  });
}

/** Documents built from one template, by the nodes they hold: each step is weak, so a document goes when any of its nodes does. */
interface KeptOperations {
  next: WeakMap<SelectionNode | VariableDefinitionNode, KeptOperations>;
  document?: DocumentNode;
}

const operationsByTemplate = new WeakMap<OperationDefinitionNode, KeptOperations>();

function keptFor(template: OperationDefinitionNode, nodes: readonly (SelectionNode | VariableDefinitionNode)[]): KeptOperations {
  let kept = operationsByTemplate.get(template);
  if (!kept) operationsByTemplate.set(template, (kept = { next: new WeakMap() }));
  for (const node of nodes) {
    let next: KeptOperations | undefined = kept.next.get(node);
    if (!next) kept.next.set(node, (next = { next: new WeakMap() }));
    kept = next;
  }
  return kept;
}

/**
 * An operation holding just these root selections and just the variable definitions they use: the
 * same document for the same template and nodes every time, so that its text is printed once
 * (operationText). The router's selections are mostly its kept rewrites; one made for a single
 * request (a later page's position) takes its document with it when it goes.
 */
export function operationWith(
  template: OperationDefinitionNode,
  selections: readonly SelectionNode[],
  extraVariables: readonly VariableDefinitionNode[] = [],
): DocumentNode {
  const kept = keptFor(template, [...selections, ...extraVariables]);
  kept.document ??= buildOperation(template, selections, extraVariables);
  return kept.document;
}

function buildOperation(template: OperationDefinitionNode, selections: readonly SelectionNode[], extraVariables: readonly VariableDefinitionNode[]): DocumentNode {
  const selectionSet = selectionSetOf(selections);
  const used = selections.map(variablesUsed);
  const defs = [...(template.variableDefinitions ?? []), ...extraVariables].filter((d) => used.some((u) => u.has(d.variable.name.value)));
  const seen = new Set<string>();
  const variableDefinitions = defs.filter((d) => !seen.has(d.variable.name.value) && (seen.add(d.variable.name.value), true));
  return {
    kind: Kind.DOCUMENT,
    definitions: [{ ...template, variableDefinitions, selectionSet }],
  };
}
