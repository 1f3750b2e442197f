import { PersistentMap, type Grouping } from './persistent-map';

/** A group of one value is kept as the value itself (no map of its own): most keys of most groupings name one record. */
type Group<V> = V | PersistentMap<V>;

const many = <V>(group: Group<V>): group is PersistentMap<V> => group instanceof PersistentMap;

/**
 * Values grouped under a key, each group in the value's id order: a group of several values is a
 * PersistentMap by id, a group of one is that value (one tree node per key instead of two and a map).
 */
export class PersistentMultiMap<V extends { readonly id: string }> implements Grouping<V> {
  private constructor(private readonly groups: PersistentMap<Group<V>>) {}

  static empty<V extends { readonly id: string }>(): PersistentMultiMap<V> {
    return new PersistentMultiMap(PersistentMap.empty<Group<V>>());
  }

  /** The groups of these (key, id, value) entries, built at once. */
  static of<V extends { readonly id: string }>(entries: Iterable<readonly [string, string, V]>): PersistentMultiMap<V> {
    const groups = new Map<string, [string, V][]>();
    for (const [key, id, value] of entries) {
      const group = groups.get(key);
      if (group) group.push([id, value]);
      else groups.set(key, [[id, value]]);
    }
    return new PersistentMultiMap(PersistentMap.of(Array.from(groups, ([key, group]) => [key, group.length === 1 ? group[0][1] : PersistentMap.of(group)] as const)));
  }

  /** The values under `key`, in id order; empty when none. */
  get(key: string): readonly V[] {
    const group = this.groups.get(key);
    if (group === undefined) return [];
    return many(group) ? [...group.values()] : [group];
  }

  /** The values under the keys strictly after `key` (all when null), by key then id. */
  *valuesAfter(key: string | null): Generator<V> {
    for (const group of this.groups.valuesAfter(key)) {
      if (many(group)) yield* group.values();
      else yield group;
    }
  }

  /** The groups under the keys strictly after `key` (all when null), in key order, each in id order. */
  *groupsAfter(key: string | null): Generator<readonly [string, readonly V[]]> {
    for (const [k, group] of this.groups.entriesAfter(key)) yield [k, many(group) ? [...group.values()] : [group]];
  }

  /** The keys that have values, in order. */
  keys(): IterableIterator<string> {
    return this.groups.keys();
  }

  /** How many keys have values. */
  get size(): number {
    return this.groups.size;
  }

  add(key: string, id: string, value: V): PersistentMultiMap<V> {
    const group = this.groups.get(key);
    if (group === undefined || (!many(group) && group.id === id)) return new PersistentMultiMap(this.groups.set(key, value));
    const map = many(group) ? group : PersistentMap.of([[group.id, group] as const]);
    return new PersistentMultiMap(this.groups.set(key, map.set(id, value)));
  }

  remove(key: string, id: string): PersistentMultiMap<V> {
    const group = this.groups.get(key);
    if (group === undefined) return this;
    if (!many(group)) return group.id === id ? new PersistentMultiMap(this.groups.delete(key)) : this;
    if (!group.has(id)) return this;
    const rest = group.delete(id);
    const left = rest.size === 1 ? (rest.values().next().value as V) : rest;
    return new PersistentMultiMap(this.groups.set(key, left));
  }
}
