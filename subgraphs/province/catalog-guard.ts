import { defaultFieldResolver, isObjectType, type GraphQLFieldResolver, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { plateProvince } from '../../adapters/kit/plate';
import type { ProvinceCode } from '../../schema/model';
import { countInto, type AccessTally } from '../../schema/access-log/tally';
import { DEFAULT_VIEW, type CatalogView } from '../../schema/registry/catalog/live-catalog';
import { ANONYMOUS, forbiddenError, mayRead, type Caller, type CatalogEntry } from '../../schema/sharing-catalog';

/**
 * Row-level enforcement of the sharing catalog in the province subgraph, so that a request that
 * bypasses the gateway gets nothing it should not. The catalog is the live published version
 * (hot-reloaded), so every field that a version could make conditional is wrapped once; per
 * request, the field's entry in the request's catalog view decides. For a conditional field the
 * record's owners are worked out from its parent (or, for root fields, from this shard's province
 * and the arguments), and a caller who holds neither the entry nor the record gets null with
 * `{ code: FORBIDDEN, entry }` at the field, without the field's resolver running.
 */

interface GuardContext {
  province: ProvinceCode;
  /** What this request released and refused, for the access log (reported in the answer's extensions). */
  catalogAccess?: AccessTally;
}

/** Symbol-keyed own properties, because Apollo Server hands resolvers a shallow clone of the context. */
const CALLER = Symbol('caller');
const CATALOG = Symbol('catalog');

/** Binds the verified caller, and the catalog version the request is judged by, to one request's context. */
export function bindCaller(context: object, caller: Caller, catalog: CatalogView = DEFAULT_VIEW): void {
  Object.defineProperty(context, CALLER, { value: caller, enumerable: true, writable: false });
  Object.defineProperty(context, CATALOG, { value: catalog, enumerable: true, writable: false });
}

/** The catalog version the request is judged by. */
export function catalogOf(context: object): CatalogView {
  return ((context as Record<symbol, CatalogView | undefined>)[CATALOG]) ?? DEFAULT_VIEW;
}

/** The request's caller; a context nobody bound is anonymous. */
export function callerOf(context: object): Caller {
  return ((context as Record<symbol, Caller | undefined>)[CALLER]) ?? ANONYMOUS;
}

type Owners = (parent: Record<string, unknown>, args: Record<string, unknown>, context: GuardContext) => (ProvinceCode | null)[];

const ownProvince: Owners = (parent) => [parent.province as ProvinceCode];

/** Whose record a field belongs to, before it is resolved, where its type's rule does not say. */
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

/** The rule for the other fields of a type: records that carry their province; a shard's own answers. */
function ownersOfType(type: GraphQLObjectType): Owners | undefined {
  if (type.name === 'Vehicle') return OWNERS_BEFORE['Vehicle.track'];
  if (type.name === 'ResourceOrganisation' || type.name === 'Query' || type.name === 'Mutation') return (_, __, context) => [context.province];
  if ('province' in type.getFields()) return ownProvince;
  return undefined;
}

/** Nobody's record: only holders of the entry see the field. */
const noOwners: Owners = () => [];

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

function guard(coordinate: string, typeOwners: Owners, resolve: GraphQLFieldResolver<unknown, object>): GraphQLFieldResolver<unknown, object> {
  const before = OWNERS_BEFORE[coordinate] ?? (OWNERS_AFTER[coordinate] ? undefined : typeOwners);
  const after = OWNERS_AFTER[coordinate];
  return (parent, args, context, info) => {
    const entry = catalogOf(context).entryOf(coordinate);
    if (entry === null) return resolve(parent, args, context, info);
    return guarded(entry, parent, args, context, info);
  };

  async function guarded(entry: CatalogEntry, ...[parent, args, context, info]: Parameters<GraphQLFieldResolver<unknown, object>>): Promise<unknown> {
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
  }
}

const guardedSchemas = new WeakSet<GraphQLSchema>();

/** Types and fields no catalog can name: federation's and introspection's, and subscriptions (delivered through the gateway's queries). */
const unguardable = (name: string) => name.startsWith('_');

/** Wraps, in place and once per schema, every field a catalog version may make conditional. */
export function guardConditionalFields(schema: GraphQLSchema): GraphQLSchema {
  if (guardedSchemas.has(schema)) return schema;
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || unguardable(type.name) || type === schema.getSubscriptionType()) continue;
    const typeOwners = ownersOfType(type) ?? noOwners;
    for (const field of Object.values(type.getFields())) {
      if (unguardable(field.name)) continue;
      field.resolve = guard(`${type.name}.${field.name}`, typeOwners, (field.resolve ?? defaultFieldResolver) as GraphQLFieldResolver<unknown, object>);
    }
  }
  guardedSchemas.add(schema);
  return schema;
}
