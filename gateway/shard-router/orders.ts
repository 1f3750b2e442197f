import { compareKeys, orderFor } from '../../schema/orders';
import type { SortKeyComparator } from './connection-merge';

/** Compares two province edges' sort keys of a connection field in the order its arguments select. */
export function compareProvinceKeys(field: string, args: Record<string, unknown>): SortKeyComparator {
  const order = orderFor(field, args);
  return (a, b) => compareKeys(order, a, b);
}
