import { defaultFieldResolver, isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { plateProvince } from '../../adapters/kit/plate';
import type { ProvinceCode } from '../../schema/model';
import { countInto, type AccessTally } from '../../schema/access-log/tally';
import { ANONYMOUS, CONDITIONAL_FIELDS, forbiddenError, mayRead, type Caller, type CatalogEntry } from '../../schema/sharing-catalog';

/**
 * Row-level enforcement of the sharing catalog in the province subgraph, so that a request that
 * bypasses the gateway gets nothing it should not. Every field of CONDITIONAL_FIELDS is wrapped:
 * the record's owners are worked out from its parent (or, for root fields, from this shard's
 * province and the arguments), and a caller who holds neither the entry nor the record gets
 * null with `{ code: FORBIDDEN, entry }` at the field, without the field's resolver running.
 */

interface GuardContext {
  province: ProvinceCode;
  /** What this request released and refused, for the access log (reported in the answer's extensions). */
  catalogAccess?: AccessTally;
}

/** A symbol-keyed own property, because Apollo Server hands resolvers a shallow clone of the context. */
const CALLER = Symbol('caller');

/** Binds the verified caller to one request's context. */
export function bindCaller(context: object, caller: Caller): void {
  Object.defineProperty(context, CALLER, { value: caller, enumerable: true, writable: false });
}

/** The request's caller; a context nobody bound is anonymous. */
export function callerOf(context: object): Caller {
  return ((context as Record<symbol, Caller | undefined>)[CALLER]) ?? ANONYMOUS;
}

type Owners = (parent: Record<string, unknown>, args: Record<string, unknown>, context: GuardContext) => (ProvinceCode | null)[];

const ownProvince: Owners = (parent) => [parent.province as ProvinceCode];

/** Whose record each conditional field belongs to, before it is resolved. */
const OWNERS_BEFORE: Readonly<Record<string, Owners>> = {
  'HazmatEnterprise.chemicals': ownProvince,
  'HazmatEnterprise.contactPhone': ownProvince,
  'HazmatEnterprise.majorHazardUnits': ownProvince,
  'Waybill.goods': ownProvince,
  'Waybill.carrierCreditCode': ownProvince,
  'Waybill.crew': ownProvince,
  'RescueBase.materials': ownProvince,
  'RescueBase.dutyPhone': ownProvince,
  // A vehicle is its province of registration's, wherever it was seen.
  'Vehicle.track': (parent) => [plateProvince(String(parent.plate))],
  'Vehicle.waybills': (parent) => [plateProvince(String(parent.plate))],
  // A shard's part of an organisation, and its totals, are its own province's bases.
  'ResourceOrganisation.materials': (_, __, context) => [context.province],
  'Query.materialTotals': (_, __, context) => [context.province],
  // A province may ask for aid on its own behalf.
  'Mutation.requestMutualAid': (_, args) => [((args.input ?? {}) as { fromProvince?: ProvinceCode }).fromProvince ?? null],
};

/** Fields whose owner is only known from the record: the request that asked and the province asked. */
const OWNERS_AFTER: Readonly<Record<string, (value: Record<string, unknown>) => (ProvinceCode | null)[]>> = {
  'Query.mutualAidRequest': (value) => [value.fromProvince as ProvinceCode, value.toProvince as ProvinceCode],
};

/** The provinces a release or refusal is counted for: the record's owners in the region, else this shard's. */
function countedProvinces(owners: readonly (ProvinceCode | null)[], context: GuardContext): ProvinceCode[] {
  const inRegion = [...new Set(owners.filter((p): p is ProvinceCode => p !== null))];
  return inRegion.length > 0 ? inRegion : [context.province];
}

function tally(context: GuardContext, outcome: keyof AccessTally, entry: CatalogEntry, owners: readonly (ProvinceCode | null)[]): void {
  const counts = context.catalogAccess?.[outcome];
  if (counts) for (const province of countedProvinces(owners, context)) countInto(counts, entry, province);
}

function guard(coordinate: string, entry: CatalogEntry, resolve: GraphQLFieldResolver<unknown, object>): GraphQLFieldResolver<unknown, object> {
  const before = OWNERS_BEFORE[coordinate];
  const after = OWNERS_AFTER[coordinate];
  if (!before && !after) throw new Error(`the catalog guard does not know whose record ${coordinate} is`);
  return async (parent, args, context, info) => {
    const caller = callerOf(context);
    const guardContext = context as GuardContext;
    const refuse = (owners: readonly (ProvinceCode | null)[]): never => {
      tally(guardContext, 'refused', entry, owners);
      throw forbiddenError(coordinate, entry);
    };
    const release = (value: unknown, owners: readonly (ProvinceCode | null)[]): unknown => {
      if (value !== null && value !== undefined) tally(guardContext, 'released', entry, owners);
      return value;
    };
    if (before) {
      const owners = before((parent ?? {}) as Record<string, unknown>, args, guardContext);
      if (!mayRead(caller, entry, owners)) return refuse(owners);
      return release(await resolve(parent, args, context, info), owners);
    }
    if (!caller.catalog.includes(entry) && caller.role !== 'province') return refuse([]);
    const value: unknown = await resolve(parent, args, context, info);
    if (value === null || value === undefined) return value;
    const owners = after((value ?? {}) as Record<string, unknown>);
    if (!mayRead(caller, entry, owners)) return refuse(owners);
    return release(value, owners);
  };
}

const guarded = new WeakSet<GraphQLSchema>();

/** Wraps the conditional fields of the schema in place (once per schema). */
export function guardConditionalFields(schema: GraphQLSchema): GraphQLSchema {
  if (guarded.has(schema)) return schema;
  for (const [coordinate, entry] of Object.entries(CONDITIONAL_FIELDS)) {
    const [typeName, fieldName] = coordinate.split('.');
    const type = schema.getType(typeName);
    const field = isObjectType(type) ? type.getFields()[fieldName] : undefined;
    if (!field) throw new Error(`the sharing catalog names ${coordinate}, which the province subgraph does not serve`);
    field.resolve = guard(coordinate, entry, (field.resolve ?? defaultFieldResolver) as GraphQLFieldResolver<unknown, object>);
  }
  guarded.add(schema);
  return schema;
}
