import { PersistentMultiMap } from '../../../../subgraphs/province/copy/persistent-multi-map';
import { nodesMade } from '../../../../subgraphs/province/copy/persistent-map';

/**
 * Issue 27: a grouping keeps a key's single value as that value (no map of its own). Checked against
 * a plain Map of Maps under random adds and removes that move groups between one value and several,
 * and the old maps stay as they were.
 */

interface V {
  id: string;
  n: number;
}

type Oracle = Map<string, Map<string, V>>;

function expected(oracle: Oracle): { groups: [string, string[]][]; all: string[] } {
  const keys = [...oracle.keys()].filter((k) => (oracle.get(k)?.size ?? 0) > 0).sort();
  const groups = keys.map((k): [string, string[]] => [k, [...(oracle.get(k) ?? new Map<string, V>()).values()].map((v) => `${v.id}#${v.n}`).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))]);
  return { groups, all: groups.flatMap(([, ids]) => ids) };
}

function actual(map: PersistentMultiMap<V>): { groups: [string, string[]][]; all: string[] } {
  const groups = [...map.keys()].map((k): [string, string[]] => [k, map.get(k).map((v) => `${v.id}#${v.n}`)]);
  return { groups, all: [...map.valuesAfter(null)].map((v) => `${v.id}#${v.n}`) };
}

describe('PersistentMultiMap', () => {
  it('answers as a map of maps under random adds and removes, a key of one value and of several alike', () => {
    let seed = 7;
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    let map = PersistentMultiMap.empty<V>();
    const oracle: Oracle = new Map();
    const history: [PersistentMultiMap<V>, ReturnType<typeof expected>][] = [];
    for (let step = 0; step < 3000; step++) {
      const key = `k${Math.floor(next() * 12)}`;
      const id = `id${Math.floor(next() * 6)}`;
      if (next() < 0.6) {
        const v = { id, n: step };
        map = map.add(key, id, v);
        if (!oracle.has(key)) oracle.set(key, new Map());
        oracle.get(key)?.set(id, v);
      } else {
        map = map.remove(key, id);
        oracle.get(key)?.delete(id);
      }
      const want = expected(oracle);
      expect(actual(map)).toEqual(want);
      expect(map.size).toBe(want.groups.length);
      if (step % 100 === 0) history.push([map, want]);
    }
    for (const [old, want] of history) expect(actual(old)).toEqual(want);
  });

  it('builds the same groups at once as one at a time, after a key', () => {
    const entries = [...Array(40).keys()].map((i) => [`k${i % 7}`, `id${i}`, { id: `id${i}`, n: i }] as const);
    const built = PersistentMultiMap.of(entries);
    const added = entries.reduce((m, [k, id, v]) => m.add(k, id, v), PersistentMultiMap.empty<V>());
    expect(actual(built)).toEqual(actual(added));
    expect([...built.valuesAfter('k3')].map((v) => v.id)).toEqual(actual(built).groups.filter(([k]) => k > 'k3').flatMap(([, ids]) => ids.map((x) => x.split('#')[0])));
  });

  it('keeps a key of one value in one tree node', () => {
    const before = nodesMade();
    PersistentMultiMap.of([...Array(100).keys()].map((i) => [`k${i}`, `id${i}`, { id: `id${i}`, n: i }] as const));
    expect(nodesMade() - before).toBe(100);
  });
});
