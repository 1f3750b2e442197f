/**
 * Values that many records of a copy hold alike, kept once: strings that repeat across records
 * (province codes, statuses, division codes, credit codes, names, units) and small all-primitive
 * parts that repeat whole (a waybill's parties, a warning's area codes, empty lists). Records pulled
 * from a system arrive as fresh objects each time; a copy keeps a record through `share`, so that
 * n records cost what differs between them. Shared parts are never changed in place (the copies'
 * records are immutable), so sharing them is invisible to readers.
 */

/** Fields whose values are unique to a record (or nearly): kept as they come, shared only within the record. */
const UNIQUE_FIELDS: ReadonlySet<string> = new Set([
  'id',
  'sourceId',
  'number',
  'updatedAt',
  'departedAt',
  'issuedAt',
  'effectiveAt',
  'expiresAt',
  'description',
  'contactPhone',
  'dutyPhone',
  'emergencyPhone',
  'tankNumber',
  'transportPermit',
  'location',
  'licence',
]);

/** Parts shared whole when equal: parties, areas and capabilities repeat across records, positions and quantities do not. */
const WHOLE_PARTS: ReadonlySet<string> = new Set(['origin', 'destination', 'consignor', 'areaCodes', 'capabilities', 'park']);

/** How many distinct values are remembered before the memory starts afresh (only sharing is lost, never a value). */
const MAX_REMEMBERED = 1 << 19;

const strings = new Map<string, string>();
const parts = new Map<string, unknown>();

function remember<V>(memory: Map<string, unknown>, key: string, value: V): V {
  const held = memory.get(key);
  if (held !== undefined) return held as V;
  if (memory.size >= MAX_REMEMBERED) memory.clear();
  memory.set(key, value);
  return value;
}

type Plain = null | boolean | number | string | readonly Plain[] | { readonly [key: string]: Plain };

const isPrimitive = (v: unknown): boolean => v === null || typeof v !== 'object';

/** The string once per record: a unique field's value equal to another field's (a number that is the source id) is one string. */
function local(value: string, seen: Map<string, string>): string {
  const held = seen.get(value);
  if (held !== undefined) return held;
  seen.set(value, value);
  return value;
}

function shareValue(value: Plain, field: string, seen: Map<string, string>): Plain {
  if (typeof value === 'string') return UNIQUE_FIELDS.has(field) ? local(value, seen) : local(remember(strings, value, value), seen);
  if (isPrimitive(value)) return value;
  const unique = UNIQUE_FIELDS.has(field);
  if (Array.isArray(value)) {
    if (value.length === 0) return remember(parts, '[]', value);
    const items = value as Plain[];
    if (!unique) for (let i = 0; i < items.length; i++) items[i] = shareValue(items[i], field, seen);
    return WHOLE_PARTS.has(field) && items.every(isPrimitive) ? remember(parts, `a${JSON.stringify(items)}`, items) : items;
  }
  if (unique || Object.getPrototypeOf(value) !== Object.prototype) return value;
  const object = value as { readonly [key: string]: Plain };
  const out = sharedFields(object, seen);
  return WHOLE_PARTS.has(field) && Object.values(out).every(isPrimitive) ? remember(parts, `o${JSON.stringify(out)}`, out) : out;
}

/** The record with its repeated values shared with the other records kept (an equal record, field by field). */
export function share<R extends object>(record: R): R {
  return sharedFields(record as { readonly [key: string]: Plain }, new Map()) as R;
}

/**
 * The object with each field replaced by its shared equal, in place: a copy would not keep V8's
 * compact shape of the pulled object, and an equal value in place of another is invisible to
 * whoever else holds the record.
 */
function sharedFields(object: { readonly [key: string]: Plain }, seen: Map<string, string>): { [key: string]: Plain } {
  const out = object as { [key: string]: Plain };
  for (const key of Object.keys(out)) out[key] = shareValue(out[key], key, seen);
  return out;
}
