import { decodeCursor, type SortKey } from '../../schema/cursor';
import { compareKeys, orderFor } from '../../schema/orders';

/**
 * Compares two province cursors of a connection field in the order its arguments select. A merge
 * compares each cursor many times: each is decoded once per comparator.
 */
export function compareProvinceCursors(field: string, args: Record<string, unknown>): (a: string, b: string) => number {
  const order = orderFor(field, args);
  const keys = new Map<string, SortKey>();
  const keyOf = (cursor: string): SortKey => {
    let key = keys.get(cursor);
    if (!key) {
      key = decodeCursor(cursor);
      keys.set(cursor, key);
    }
    return key;
  };
  return (a, b) => compareKeys(order, keyOf(a), keyOf(b));
}
