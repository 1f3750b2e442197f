/**
 * Values computed once per AST node. The router rewrites the selections of documents it keeps
 * parsed (DocumentCache): the same node gives the same rewrite every time, so the rewritten nodes,
 * their printed text and the variables they use are kept beside the node, and go when it goes.
 */
export class NodeMemo<N extends object, V> {
  private readonly values = new WeakMap<N, V>();

  get(node: N, compute: () => V): V {
    if (this.values.has(node)) return this.values.get(node) as V;
    const value = compute();
    this.values.set(node, value);
    return value;
  }
}

/** Values computed once per AST node and key (a parent type, a flag). */
export class KeyedNodeMemo<N extends object, K, V> {
  private readonly values = new WeakMap<N, Map<K, V>>();

  get(node: N, key: K, compute: () => V): V {
    let byKey = this.values.get(node);
    if (!byKey) {
      byKey = new Map();
      this.values.set(node, byKey);
    }
    if (byKey.has(key)) return byKey.get(key) as V;
    const value = compute();
    byKey.set(key, value);
    return value;
  }
}
