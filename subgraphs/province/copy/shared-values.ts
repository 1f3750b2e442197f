/**
 * Values that many records of a copy hold alike, kept once: strings that repeat across records
 * (statuses, division codes, credit codes, names, units) and small all-primitive parts that repeat
 * whole (a material's line, a park, a warning's area codes, empty lists). Records pulled from a
 * system arrive as fresh objects each time; a copy keeps a record through `share`, so that n records
 * cost what differs between them. Shared parts are never changed in place (the copies' records are
 * immutable), so sharing them is invisible to readers.
 *
 * Each field (by its path: a waybill's goods' names, a park) has its own pool, kept only while the field
 * repeats: a pool whose values turn out mostly distinct (plates, phone numbers, times) is dropped
 * and the field is no longer looked up, so a record costs a few lookups and no memory for what
 * never repeats.
 */

/** Fields whose values are unique to a record (or nearly): never pooled. */
const UNIQUE_FIELDS: ReadonlySet<string> = new Set([
  'id',
  'sourceId',
  'number',
  'updatedAt',
  'departedAt',
  'issuedAt',
  'effectiveAt',
  'expiresAt',
  'contactPhone',
  'dutyPhone',
  'location',
]);

/** Lookups a pool is given before it must show that its field repeats. */
const TRIAL = 2000;
/** A pool stays while at most this share of its lookups brought a new value. */
const MAX_NEW_SHARE = 0.5;
/** Values one pool remembers before it starts afresh (only sharing is lost, never a value). */
const MAX_REMEMBERED = 1 << 17;

/**
 * One field's pool: its values by themselves (strings) or by their JSON (parts, in `whole`), and
 * the pools of its own fields (a tree by field name, so that no path is built per value).
 */
interface Pool {
  values: Map<string, unknown> | null;
  lookups: number;
  added: number;
  fields: Map<string, Pool>;
  whole: Pool | null;
}

const newPool = (): Pool => ({ values: new Map(), lookups: 0, added: 0, fields: new Map(), whole: null });

const root = newPool();

function fieldPool(parent: Pool, key: string): Pool {
  let pool = parent.fields.get(key);
  if (pool === undefined) {
    pool = newPool();
    parent.fields.set(key, pool);
  }
  return pool;
}

/** The value held for `key` in the field's pool, or `value`, which the pool then holds; `value` once the field is found not to repeat. */
function pooled<V>(pool: Pool, key: string, value: V): V {
  const values = pool.values;
  if (values === null) return value;
  const held = values.get(key);
  pool.lookups++;
  if (held !== undefined) return held as V;
  pool.added++;
  if (pool.lookups >= TRIAL && pool.added > pool.lookups * MAX_NEW_SHARE) {
    pool.values = null;
    return value;
  }
  if (values.size >= MAX_REMEMBERED) values.clear();
  values.set(key, value);
  return value;
}

type Plain = null | boolean | number | string | readonly Plain[] | { readonly [key: string]: Plain };
type Mutable = { [key: string]: Plain };

/** An object of plain fields (from any realm: a structured clone's prototype is another realm's Object.prototype). */
function plainObject(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === null || Object.getPrototypeOf(prototype) === null;
}

function allPrimitive(value: object): boolean {
  for (const v of Object.values(value)) if (v !== null && typeof v === 'object') return false;
  return true;
}

/** A part (object or array) with its fields shared, then itself shared whole when all its values are primitive. */
function sharePart(value: object, pool: Pool): Plain {
  if (Array.isArray(value)) {
    const items = value as Plain[];
    for (let i = 0; i < items.length; i++) items[i] = shareValue(items[i], pool);
  } else if (plainObject(value)) {
    shareFields(value as Mutable, pool, null);
  } else {
    return value as Plain;
  }
  if (!allPrimitive(value)) return value as Plain;
  pool.whole ??= newPool();
  return pool.whole.values === null ? (value as Plain) : pooled(pool.whole, JSON.stringify(value), value as Plain);
}

function shareValue(value: Plain, pool: Pool): Plain {
  if (typeof value === 'string') return pool.values === null ? value : pooled(pool, value, value);
  return value === null || typeof value !== 'object' ? value : sharePart(value, pool);
}

/** Each field of the object replaced by its shared equal, in place (a copy would lose V8's compact shape of the pulled object). */
function shareFields(object: Mutable, parent: Pool, sourceId: string | null): void {
  for (const key of Object.keys(object)) {
    const value = object[key];
    if (UNIQUE_FIELDS.has(key)) {
      if (value === sourceId) object[key] = sourceId;
    } else if (value !== null && (typeof value === 'string' || typeof value === 'object')) {
      object[key] = shareValue(value, fieldPool(parent, key));
    }
  }
}

/**
 * The record with its repeated values shared with the other records kept (an equal record, field by
 * field); a unique field equal to the source id (a waybill's number) becomes that one string.
 */
export function share<R extends object>(record: R): R {
  const fields = record as Mutable;
  const sourceId = typeof fields.sourceId === 'string' ? fields.sourceId : null;
  shareFields(fields, root, sourceId);
  return record;
}
