import { decodeCursor } from '../../schema/cursor';
import { compareKeys, orderFor } from '../../schema/orders';

/** Compares two province cursors of a connection field in the order its arguments select. */
export function compareProvinceCursors(field: string, args: Record<string, unknown>): (a: string, b: string) => number {
  const order = orderFor(field, args);
  return (a, b) => compareKeys(order, decodeCursor(a), decodeCursor(b));
}
