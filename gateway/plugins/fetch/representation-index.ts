/** A value that is not an object: compared as Map keys compare (SameValueZero), which never joins two JSON tells apart. */
type Scalar = string | number | boolean | null | undefined;

/** One step of the walk: the representations that agree so far, by their next key and its value. */
interface Node {
  index: number;
  next: Map<string, Map<Scalar, Node>> | null;
}

const NONE = -1;

/**
 * Numbers representations in the order first seen, one number for each distinct one: two are the
 * same when their JSON texts are. An entity representation is a flat object of scalars (its
 * `__typename`, its key fields, what `@requires` asks), so those are walked key by key through
 * maps of the values they already hold, building no text; any other (a nested key, a list) is
 * told apart by its JSON text. Never one number for two whose texts differ; two whose texts are
 * equal but which hold `undefined` (a key JSON leaves out) or a non-finite number (JSON's `null`)
 * where the other holds nothing or `null` get two numbers: never in what the executor builds, and
 * it would only send one representation more.
 */
export class RepresentationIndex {
  private readonly root: Node = { index: NONE, next: null };
  private readonly texts = new Map<string, number>();
  private count = 0;

  /** The representation's number, a new one when it is the first of its kind. */
  indexOf(representation: unknown): number {
    const node = this.nodeOf(representation);
    if (node === null) return this.indexOfText(representation);
    if (node.index === NONE) node.index = this.count++;
    return node.index;
  }

  /** How many distinct representations it has numbered. */
  get size(): number {
    return this.count;
  }

  private indexOfText(representation: unknown): number {
    const text = JSON.stringify(representation);
    let index = this.texts.get(text);
    if (index === undefined) {
      index = this.count++;
      this.texts.set(text, index);
    }
    return index;
  }

  /** The walk's end for a plain flat object of scalars; null for any other value. */
  private nodeOf(representation: unknown): Node | null {
    if (representation === null || typeof representation !== 'object') return null;
    // The executor builds representations without a prototype; for...in walks only own keys of these and of plain objects.
    const prototype: unknown = Object.getPrototypeOf(representation);
    if (prototype !== null && prototype !== Object.prototype) return null;
    let node = this.root;
    for (const key in representation) {
      const value = (representation as Record<string, unknown>)[key];
      if (value !== null && typeof value === 'object') return null;
      node.next ??= new Map();
      let byValue = node.next.get(key);
      if (byValue === undefined) node.next.set(key, (byValue = new Map()));
      let next = byValue.get(value as Scalar);
      if (next === undefined) byValue.set(value as Scalar, (next = { index: NONE, next: null }));
      node = next;
    }
    return node;
  }
}
