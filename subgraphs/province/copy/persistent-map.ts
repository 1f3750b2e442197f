/** A node of the treap: ordered by key, heap-ordered by a priority drawn from the key (computed when compared, not kept: a copy holds several nodes per record). */
interface Node<V> {
  readonly key: string;
  readonly value: V;
  readonly left: Node<V> | null;
  readonly right: Node<V> | null;
}

/** FNV-1a of the key: a priority that is the same for the same key, so equal contents give equal shapes (a signed 32-bit integer, which V8 keeps unboxed). */
function priorityOf(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h | 0;
}

let made = 0;

/** How many tree nodes every map made so far has allocated (the cost tests bound it). */
export const nodesMade = (): number => made;

function node<V>(key: string, value: V, left: Node<V> | null, right: Node<V> | null): Node<V> {
  made += 1;
  return { key, value, left, right };
}

function find<V>(at: Node<V> | null, key: string): Node<V> | null {
  while (at !== null && at.key !== key) at = key < at.key ? at.left : at.right;
  return at;
}

/** Inserts `key` (whose priority is `priority`); a child rises above `at` only when it is the inserted node. */
function insert<V>(at: Node<V> | null, key: string, value: V, priority: number): Node<V> {
  if (at === null) return node(key, value, null, null);
  if (key === at.key) return node(key, value, at.left, at.right);
  if (key < at.key) {
    const left = insert(at.left, key, value, priority);
    if (left.key === key && priority > priorityOf(at.key)) return node(left.key, left.value, left.left, node(at.key, at.value, left.right, at.right));
    return node(at.key, at.value, left, at.right);
  }
  const right = insert(at.right, key, value, priority);
  if (right.key === key && priority > priorityOf(at.key)) return node(right.key, right.value, node(at.key, at.value, at.left, right.left), right.right);
  return node(at.key, at.value, at.left, right);
}

function join<V>(a: Node<V> | null, b: Node<V> | null): Node<V> | null {
  if (a === null) return b;
  if (b === null) return a;
  if (priorityOf(a.key) > priorityOf(b.key)) return node(a.key, a.value, a.left, join(a.right, b));
  return node(b.key, b.value, join(a, b.left), b.right);
}

function remove<V>(at: Node<V> | null, key: string): Node<V> | null {
  if (at === null) return null;
  if (key === at.key) return join(at.left, at.right);
  if (key < at.key) return node(at.key, at.value, remove(at.left, key), at.right);
  return node(at.key, at.value, at.left, remove(at.right, key));
}

type Building<V> = { -readonly [K in keyof Node<V>]: Node<V>[K] };

/** The treap of entries sorted by key, in one pass (a Cartesian tree built on a stack). */
function buildSorted<V>(sorted: readonly (readonly [string, V])[]): Node<V> | null {
  const stack: Building<V>[] = [];
  const priorities: number[] = [];
  for (const [key, value] of sorted) {
    const n: Building<V> = { key, value, left: null, right: null };
    const priority = priorityOf(key);
    made += 1;
    let last: Building<V> | null = null;
    while (stack.length > 0 && priorities[priorities.length - 1] < priority) {
      last = stack.pop() as Building<V>;
      priorities.pop();
    }
    n.left = last;
    if (stack.length > 0) stack[stack.length - 1].right = n;
    stack.push(n);
    priorities.push(priority);
  }
  return stack[0] ?? null;
}

function* inOrder<V>(root: Node<V> | null): Generator<Node<V>> {
  const stack: Node<V>[] = [];
  let at = root;
  while (at !== null || stack.length > 0) {
    while (at !== null) {
      stack.push(at);
      at = at.left;
    }
    const next = stack.pop() as Node<V>;
    yield next;
    at = next.right;
  }
}

function* nodesAfter<V>(root: Node<V> | null, key: string | null): Generator<Node<V>> {
  if (key === null) {
    yield* inOrder(root);
    return;
  }
  const stack: Node<V>[] = [];
  let at = root;
  while (at !== null) {
    if (at.key > key) {
      stack.push(at);
      at = at.left;
    } else at = at.right;
  }
  while (stack.length > 0) {
    const next = stack.pop() as Node<V>;
    yield next;
    for (let below = next.right; below !== null; below = below.left) stack.push(below);
  }
}

/**
 * An immutable map with string keys, iterated in key order. `set` and `delete` return a new map
 * that shares all but O(log n) nodes with this one (a treap with path copying), so that a state
 * that k changes make from a copy of n records costs O(k log n) and the old state stays whole for
 * the readers that hold it.
 */
export class PersistentMap<V> implements ReadonlyMap<string, V> {
  private static readonly EMPTY = new PersistentMap<never>(null, 0);

  private constructor(
    private readonly root: Node<V> | null,
    readonly size: number,
  ) {}

  static empty<V>(): PersistentMap<V> {
    return PersistentMap.EMPTY as PersistentMap<V>;
  }

  /** A map of these entries (the last of equal keys wins), built in O(n log n) without a copy per entry. */
  static of<V>(entries: Iterable<readonly [string, V]>): PersistentMap<V> {
    const unique = new Map<string, V>(entries);
    // The default sort orders strings by UTF-16 code units, as `<` does.
    const keys = [...unique.keys()].sort();
    return new PersistentMap(buildSorted(keys.map((k) => [k, unique.get(k) as V])), keys.length);
  }

  get(key: string): V | undefined {
    return find(this.root, key)?.value;
  }

  has(key: string): boolean {
    return find(this.root, key) !== null;
  }

  set(key: string, value: V): PersistentMap<V> {
    const held = find(this.root, key);
    if (held !== null && held.value === value) return this;
    return new PersistentMap(insert(this.root, key, value, priorityOf(key)), held === null ? this.size + 1 : this.size);
  }

  delete(key: string): PersistentMap<V> {
    if (!this.has(key)) return this;
    return new PersistentMap(remove(this.root, key), this.size - 1);
  }

  *entries(): MapIterator<[string, V]> {
    for (const n of inOrder(this.root)) yield [n.key, n.value];
  }

  /** The values whose keys come strictly after `key` (all when null), in key order: O(log n) to the first, then O(1) each on average. */
  *valuesAfter(key: string | null): Generator<V> {
    for (const n of nodesAfter(this.root, key)) yield n.value;
  }

  /** The entries whose keys come strictly after `key` (all when null), in key order. */
  *entriesAfter(key: string | null): Generator<readonly [string, V]> {
    for (const n of nodesAfter(this.root, key)) yield [n.key, n.value];
  }

  *keys(): MapIterator<string> {
    for (const n of inOrder(this.root)) yield n.key;
  }

  *values(): MapIterator<V> {
    for (const n of inOrder(this.root)) yield n.value;
  }

  [Symbol.iterator](): MapIterator<[string, V]> {
    return this.entries();
  }

  forEach(callback: (value: V, key: string, map: ReadonlyMap<string, V>) => void): void {
    for (const n of inOrder(this.root)) callback(n.value, n.key, this);
  }
}

/** Values filed under keys, iterated by key then id: the shape an index's groupings share. */
export interface Grouping<V> {
  get(key: string): readonly V[];
  valuesAfter(key: string | null): Generator<V>;
  /** The groups under the keys strictly after `key` (all when null), in key order. */
  groupsAfter(key: string | null): Generator<readonly [string, readonly V[]]>;
  keys(): IterableIterator<string>;
  readonly size: number;
  add(key: string, id: string, value: V): Grouping<V>;
  remove(key: string, id: string): Grouping<V>;
}

/** A grouping whose keys each name one value (keys that end with the value's id): one tree node per value, no group per key. */
export class PersistentUniqueMap<V> implements Grouping<V> {
  private constructor(private readonly map: PersistentMap<V>) {}

  static of<V>(entries: Iterable<readonly [string, string, V]>): PersistentUniqueMap<V> {
    return new PersistentUniqueMap(PersistentMap.of(Array.from(entries, ([key, , value]) => [key, value] as const)));
  }

  get(key: string): readonly V[] {
    const found = this.map.get(key);
    return found === undefined ? [] : [found];
  }

  valuesAfter(key: string | null): Generator<V> {
    return this.map.valuesAfter(key);
  }

  *groupsAfter(key: string | null): Generator<readonly [string, readonly V[]]> {
    for (const [k, value] of this.map.entriesAfter(key)) yield [k, [value]];
  }

  keys(): IterableIterator<string> {
    return this.map.keys();
  }

  get size(): number {
    return this.map.size;
  }

  add(key: string, _id: string, value: V): PersistentUniqueMap<V> {
    const next = this.map.set(key, value);
    return next === this.map ? this : new PersistentUniqueMap(next);
  }

  remove(key: string): PersistentUniqueMap<V> {
    const next = this.map.delete(key);
    return next === this.map ? this : new PersistentUniqueMap(next);
  }
}
