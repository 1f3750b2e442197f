import { GraphQLError } from 'graphql';
import type { ProvinceCode } from './model';
import { ErrorCodes } from './error-codes';

/**
 * The data-sharing catalog (sharing-catalog.md) as one table, and who may read what. The gateway,
 * the province subgraphs and the registry all decide from here.
 */

export const CATALOG_ENTRIES = ['HAZMAT_DETAIL', 'TRANSPORT_CREW', 'VEHICLE_TRACK', 'RESCUE_RESOURCES', 'MUTUAL_AID'] as const;
export type CatalogEntry = (typeof CATALOG_ENTRIES)[number];

export const ROLES = ['province', 'exchange', 'app', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** Every conditionally shared field, "Type.field" → its entry; everything else is unconditional. */
export const CONDITIONAL_FIELDS: Readonly<Record<string, CatalogEntry>> = {
  'HazmatEnterprise.chemicals': 'HAZMAT_DETAIL',
  'HazmatEnterprise.contactPhone': 'HAZMAT_DETAIL',
  'HazmatEnterprise.majorHazardUnits': 'HAZMAT_DETAIL',
  'Waybill.goods': 'HAZMAT_DETAIL',
  'Waybill.carrierCreditCode': 'HAZMAT_DETAIL',
  'Waybill.crew': 'TRANSPORT_CREW',
  'Vehicle.track': 'VEHICLE_TRACK',
  'Vehicle.waybills': 'VEHICLE_TRACK',
  'RescueBase.materials': 'RESCUE_RESOURCES',
  'RescueBase.dutyPhone': 'RESCUE_RESOURCES',
  'ResourceOrganisation.materials': 'RESCUE_RESOURCES',
  'Query.materialTotals': 'RESCUE_RESOURCES',
  'Mutation.requestMutualAid': 'MUTUAL_AID',
  'Query.mutualAidRequest': 'MUTUAL_AID',
};

/** Who is calling, from a verified token; `role: null` is an anonymous caller. */
export interface Caller {
  sub: string | null;
  role: Role | null;
  /** For role `province`: which one. */
  province: ProvinceCode | null;
  catalog: readonly CatalogEntry[];
}

export const ANONYMOUS: Caller = Object.freeze({ sub: null, role: null, province: null, catalog: Object.freeze([]) as readonly CatalogEntry[] });

export function isCatalogEntry(value: unknown): value is CatalogEntry {
  return typeof value === 'string' && (CATALOG_ENTRIES as readonly string[]).includes(value);
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/**
 * Rule 2: a conditional field of a record is visible when the caller holds its entry, or when
 * the caller is role `province` and the record belongs to that province. `owners` are the
 * provinces the record belongs to (a vehicle: its province of registration; a mutual-aid
 * request: the province that asks); none for a record outside the region.
 */
export function mayRead(caller: Caller, entry: CatalogEntry, owners: readonly (ProvinceCode | null)[]): boolean {
  if (caller.catalog.includes(entry)) return true;
  return caller.role === 'province' && caller.province !== null && owners.includes(caller.province);
}

/** Rule 4: the registry's history is for auditors and the exchange platform. */
export function mayReadRegistry(caller: Caller): boolean {
  return caller.role === 'auditor' || caller.role === 'exchange';
}

/** The access log (who received which conditional data) is for auditors alone. */
export function mayReadAccessLog(caller: Caller): boolean {
  return caller.role === 'auditor';
}

export const FORBIDDEN = ErrorCodes.FORBIDDEN;

/** Rule 3: the error that accompanies a null conditional field. */
export function forbiddenError(coordinate: string, entry: CatalogEntry): GraphQLError {
  return new GraphQLError(`${coordinate} is shared under catalog entry ${entry}; this caller holds neither the entry nor the record`, {
    extensions: { code: FORBIDDEN, entry },
  });
}
