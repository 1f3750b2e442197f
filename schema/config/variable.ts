import { z } from 'zod';

/** One environment variable: how it parses, and what the README says of it. */
export interface Variable<T> {
  /** What a value looks like, for people: "integer ≥ 1", "true or false", "URL". */
  readonly type: string;
  /** The default as written in the README ("" when there is none). */
  readonly default: string;
  /** The default is a value (shown as code), not a note such as "unset" or "the client's". */
  readonly defaultIsValue: boolean;
  readonly unit?: string;
  readonly description: string;
  readonly schema: z.ZodType<T>;
}

export type Declarations = Readonly<Record<string, Variable<unknown>>>;

interface Doc {
  description: string;
  unit?: string;
}

function unset(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

const TRUTHY = ['true', '1', 'on', 'yes'];
const FALSY = ['false', '0', 'off', 'no'];

function integerSchema(min: number, max: number) {
  return z.coerce.number().int().min(min).max(max);
}

function integerType(min: number, max: number): string {
  return max === Number.MAX_SAFE_INTEGER ? `integer ≥ ${min}` : `integer ${min}–${max}`;
}

/** A whole number at least `min` (and at most `max`). */
export function integer(doc: Doc & { default: number; min?: number; max?: number }): Variable<number> {
  const { min = 0, max = Number.MAX_SAFE_INTEGER } = doc;
  return { type: integerType(min, max), default: String(doc.default), defaultIsValue: true, unit: doc.unit, description: doc.description, schema: z.preprocess(unset, integerSchema(min, max).default(doc.default)) };
}

/** A whole number, or undefined when unset (the consumer's own default then applies, named in `defaultText`). */
export function optionalInteger(doc: Doc & { defaultText: string; min?: number; max?: number }): Variable<number | undefined> {
  const { min = 0, max = Number.MAX_SAFE_INTEGER } = doc;
  return { type: integerType(min, max), default: doc.defaultText, defaultIsValue: false, unit: doc.unit, description: doc.description, schema: z.preprocess(unset, integerSchema(min, max).optional()) };
}

export function port(doc: Doc & { default: number }): Variable<number> {
  return { ...integer({ ...doc, min: 0, max: 65535 }), type: 'port' };
}

/** true/1/on/yes or false/0/off/no, in any case. */
export function flag(doc: Doc & { default: boolean }): Variable<boolean> {
  const schema = z.preprocess(unset, z.stringbool({ truthy: TRUTHY, falsy: FALSY, case: 'insensitive' }).default(doc.default));
  return { type: 'true or false', default: String(doc.default), defaultIsValue: true, description: doc.description, schema };
}

export function text(doc: Doc & { default: string; type?: string }): Variable<string> {
  return { type: doc.type ?? 'string', default: doc.default, defaultIsValue: true, description: doc.description, schema: z.preprocess(unset, z.string().default(doc.default)) };
}

/** A string whose empty value is a value (a key prefix may be empty), not unset. */
export function textKeepingEmpty(doc: Doc & { default: string }): Variable<string> {
  return { type: 'string', default: doc.default, defaultIsValue: true, description: doc.description, schema: z.string().default(doc.default) };
}

export function optionalText(doc: Doc & { type?: string; defaultText?: string }): Variable<string | undefined> {
  return { type: doc.type ?? 'string', default: doc.defaultText ?? '', defaultIsValue: false, description: doc.description, schema: z.preprocess(unset, z.string().optional()) };
}

/** One of a few words, in any case; the value is lower-cased. */
export function oneOf<const W extends readonly [string, ...string[]]>(doc: Doc & { values: W; default: W[number] }): Variable<W[number]> {
  const schema = z.preprocess((v) => (typeof unset(v) === 'string' ? (unset(v) as string).toLowerCase() : unset(v)), z.enum(doc.values).default(doc.default));
  return { type: doc.values.join(' or '), default: doc.default, defaultIsValue: true, description: doc.description, schema: schema as z.ZodType<W[number]> };
}

/** An ISO-8601 instant, or undefined when unset. */
export function optionalInstant(doc: Doc & { defaultText: string }): Variable<Date | undefined> {
  const instant = z
    .string()
    .refine((s) => !Number.isNaN(Date.parse(s)), 'not an ISO-8601 time')
    .transform((s) => new Date(Date.parse(s)));
  return { type: 'ISO-8601 time', default: doc.defaultText, defaultIsValue: false, description: doc.description, schema: z.preprocess(unset, instant.optional()) };
}

/** A comma-separated list of words from `values` (upper-cased), or undefined when unset. */
export function optionalList<const W extends readonly [string, ...string[]]>(doc: Doc & { values: W; defaultText: string; unique?: boolean }): Variable<W[number][] | undefined> {
  const list = z
    .string()
    .transform((s) => s.split(',').map((p) => p.trim().toUpperCase()))
    .pipe(z.array(z.enum(doc.values, { error: `must be one or more of ${doc.values.join(', ')} (comma-separated)` })))
    .refine((items) => !doc.unique || new Set(items).size === items.length, 'names one twice');
  return { type: `comma-separated ${doc.values.join(', ')}`, default: doc.defaultText, defaultIsValue: false, description: doc.description, schema: z.preprocess(unset, list.optional()) };
}

/** A comma-separated list of ports, or undefined when unset. */
export function optionalPortList(doc: Doc & { defaultText: string }): Variable<number[] | undefined> {
  const list = z
    .string()
    .transform((s) => s.split(',').map((p) => p.trim()))
    .pipe(z.array(z.string().min(1, 'not a port').transform(Number).pipe(z.number('not a port').int().min(0).max(65535)), { error: 'not a port' }));
  return { type: 'comma-separated ports', default: doc.defaultText, defaultIsValue: false, description: doc.description, schema: z.preprocess(unset, list.optional()) };
}
