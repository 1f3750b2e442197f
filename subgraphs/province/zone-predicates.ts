import type { HazmatEnterpriseRecord, RescueBaseRecord, WarningRecord, WaybillRecord } from '../../schema/model';
import { inZone, zoneByCode, type ZoneDefinition } from '../../schema/zones';
import { warningAreasInZone } from '../../schema/warning-areas';

/**
 * The `zone` filter of each connection, over the zone table of schema/zones.ts (read in process:
 * no call to the region subgraph per request). The argument guard has refused unknown codes by
 * the time a filter is built, so an unknown one here matches nothing.
 */

type Predicate<T> = (record: T) => boolean;

function zoneOf(code: string | null | undefined): ZoneDefinition | null | undefined {
  if (code === null || code === undefined) return undefined;
  return zoneByCode(code.trim()) ?? null;
}

/** Warnings that concern the zone (schema/warning-areas.ts: a city-wide warning does). */
export function warningInZone(code: string | null | undefined): Predicate<WarningRecord> | null {
  const zone = zoneOf(code);
  if (zone === undefined) return null;
  if (zone === null) return () => false;
  return (w) => warningAreasInZone(zone, w.areaCodes);
}

export function enterpriseInZone(code: string | null | undefined): Predicate<HazmatEnterpriseRecord> | null {
  return placedInZone(code);
}

export function baseInZone(code: string | null | undefined): Predicate<RescueBaseRecord> | null {
  return placedInZone(code);
}

function placedInZone<T extends { divisionCode: string }>(code: string | null | undefined): Predicate<T> | null {
  const zone = zoneOf(code);
  if (zone === undefined) return null;
  if (zone === null) return () => false;
  return (r) => inZone(zone, r.divisionCode);
}

/** Waybills whose origin or destination lies in the zone. */
export function waybillInZone(code: string | null | undefined): Predicate<WaybillRecord> | null {
  const zone = zoneOf(code);
  if (zone === undefined) return null;
  if (zone === null) return () => false;
  const at = (adcode: string | null): boolean => adcode !== null && inZone(zone, adcode);
  return (w) => at(w.origin.divisionCode) || at(w.destination.divisionCode);
}
