import type { Collection, CollectionRecord } from '../../../adapters/kit/province-adapter';
import type { SortKey, SortKeyPart } from '../../../schema/cursor';
import { directionsOf, warningKey, waybillKey, type ConnectionOrder, type Direction } from '../../../schema/orders';

/** The order each collection's connection answers in without a filter, and a record's key in it. */
export const CONNECTION_ORDER: { [C in Collection]: { order: ConnectionOrder; keyOf: (record: CollectionRecord[C]) => SortKey } } = {
  warnings: { order: 'warnings', keyOf: warningKey },
  enterprises: { order: 'hazmatEnterprises', keyOf: (e) => [e.creditCode] },
  waybills: { order: 'waybills', keyOf: waybillKey },
  bases: { order: 'rescueBases', keyOf: (b) => [b.id] },
};

const OFFSET = 2 ** 52;

/** A number as 14 hex digits, in the direction's order; null for what is not an integer below 2^52 (NaN, fractions). */
function numberPart(n: number, direction: Direction): string | null {
  if (!Number.isInteger(n) || Math.abs(n) >= OFFSET) return null;
  return (direction === 'asc' ? OFFSET + n : OFFSET - n).toString(16).padStart(14, '0');
}

/** The last part is a string (an id or a code), ascending; the others numbers or null. */
function part(value: SortKeyPart, direction: Direction, last: boolean): string | null {
  if (last) return typeof value === 'string' && direction === 'asc' ? value : null;
  if (value === null) return '~';
  return typeof value === 'number' ? numberPart(value, direction) : null;
}

/**
 * A sort key as a string whose order (`<`, as the persistent maps compare) is the connection's order
 * (compareKeys): numbers as fixed-width digits (complemented when descending), nulls after every
 * number, and a string as the last part (every default order ends with one). Null for a key this cannot order exactly (then the
 * connection sorts the copy as before).
 */
export function orderString(order: ConnectionOrder, key: SortKey): string | null {
  const directions = directionsOf(order);
  if (key.length !== directions.length) return null;
  let out = '';
  for (let i = 0; i < key.length; i++) {
    const encoded = part(key[i], directions[i], i === key.length - 1);
    if (encoded === null) return null;
    out += encoded;
  }
  return out;
}

/** The key a record is filed under in its collection's ordered index; none when it cannot be ordered exactly. */
export function orderKeysOf<C extends Collection>(collection: C): (record: CollectionRecord[C]) => string[] {
  const { order, keyOf } = CONNECTION_ORDER[collection];
  return (record) => {
    const encoded = orderString(order, keyOf(record));
    return encoded === null ? [] : [encoded];
  };
}

/** The records its ordered index leaves out, by id. */
export function unorderedOf<C extends Collection>(collection: C): (record: CollectionRecord[C]) => string[] {
  const keys = orderKeysOf(collection);
  return (record) => (keys(record).length === 0 ? [record.id] : []);
}
