import { toWgs84, type Datum } from '../../schema/datum';
import { ancestors, division, haversineKm, isWithin, provinceOfAdcode, successorOf } from '../../schema/geography';
import {
  WARNING_LEVELS,
  type GeoPoint,
  type HazardClass,
  type HazmatEnterpriseRecord,
  type ProvinceCode,
  type RescueBaseRecord,
  type RescueForceType,
  type WarningRecord,
  type WaybillRecord,
} from '../../schema/model';
import { enterpriseSafetyPredicates } from './enterprise-safety-filters';
import { divisionsContaining } from './point-in-divisions';
import { isActiveAt } from './warning-status';
import { baseInZone, enterpriseInZone, warningInZone, waybillInZone } from './zone-predicates';
import { warningAreasWithinAny } from '../../schema/warning-areas';
import type { EnterpriseFilter } from '../../schema/province/hazmat';
import type { RescueBaseFilter } from '../../schema/province/rescue';
import type { WarningFilter } from '../../schema/province/warning';
import type { WaybillFilter } from '../../schema/province/waybill';

/** The contract's connection filters as predicates over one province's records. */

type Predicate<T> = (record: T) => boolean;

interface Near {
  point: GeoPoint;
  radiusKm: number;
}

/** A filter's `near` with its point converted from the datum it was given in to WGS-84, as records are held. */
export function nearInWgs84(near: Near & { datum?: Datum | null }): Near {
  return { point: toWgs84(near.point, near.datum), radiusKm: near.radiusKm };
}

function all<T>(predicates: (Predicate<T> | null)[]): Predicate<T> {
  const active = predicates.filter((p): p is Predicate<T> => p !== null);
  return (r) => active.every((p) => p(r));
}

function given<V>(value: V | null | undefined): value is V {
  return value !== null && value !== undefined;
}

/** Whether a filter's `provinces` lets this province answer at all. */
export function asksProvince(provinces: readonly ProvinceCode[] | null | undefined, province: ProvinceCode): boolean {
  return !given(provinces) || provinces.includes(province);
}

function updatedSince<T extends { updatedAt: string }>(since: Date | null | undefined): Predicate<T> | null {
  return given(since) ? (r) => Date.parse(r.updatedAt) >= since.getTime() : null;
}

/** The adcodes asked for, abolished ones standing for their successors; null when none were given. */
function currentCodes(codes: readonly string[] | null | undefined): string[] | null {
  return given(codes) ? codes.map((c) => successorOf(c.trim())) : null;
}

function withinAny(codes: readonly string[] | null | undefined): ((adcode: string) => boolean) | null {
  const wanted = currentCodes(codes);
  return wanted ? (adcode) => wanted.some((c) => isWithin(adcode, c)) : null;
}

/** Distance from the filter's point, or null without a location. */
export function distanceFrom(near: Near, location: GeoPoint | null): number | null {
  return location ? haversineKm(near.point, location) : null;
}

function nearPredicate<T extends { location: GeoPoint | null }>(asGiven: Near | null | undefined): Predicate<T> | null {
  if (!given(asGiven)) return null;
  const near = nearInWgs84(asGiven);
  return (r) => {
    const d = distanceFrom(near, r.location);
    return d !== null && d <= near.radiusKm;
  };
}

/**
 * A warning is near a point when one of its areas contains the point or has its centre within
 * the radius (areas are divisions; the boundaries come from the region's reference geography).
 */
function warningNear(asGiven: Near | null | undefined): Predicate<WarningRecord> | null {
  if (!given(asGiven)) return null;
  const near = nearInWgs84(asGiven);
  let containing: Set<string> | null = null;
  const contains = (adcode: string): boolean => {
    if (!containing) {
      containing = new Set<string>();
      for (const code of divisionsContaining(near.point)) for (const c of [code, ...ancestors(code)]) containing.add(c);
    }
    return containing.has(adcode);
  };
  return (w) =>
    w.areaCodes.some((code) => {
      const centre = division(code)?.centre ?? null;
      return contains(code) || (centre !== null && haversineKm(near.point, centre) <= near.radiusKm);
    });
}

export function warningPredicate(filter: WarningFilter | null | undefined, referrersOf: (id: string) => readonly WarningRecord[]): Predicate<WarningRecord> {
  if (!filter) return () => true;
  const wantedAreas = currentCodes(filter.adcodes);
  const minRank = given(filter.minLevel) ? WARNING_LEVELS.indexOf(filter.minLevel) : null;
  const activeAt = filter.activeAt;
  return all<WarningRecord>([
    given(filter.events) ? (w) => (filter.events as string[]).includes(w.event) : null,
    minRank !== null ? (w) => WARNING_LEVELS.indexOf(w.level) >= minRank : null,
    given(activeAt) ? (w) => isActiveAt(w, referrersOf(w.id), activeAt) : null,
    wantedAreas ? (w) => warningAreasWithinAny(w.areaCodes, wantedAreas) : null,
    warningNear(filter.near),
    updatedSince(filter.updatedSince),
    warningInZone(filter.zone),
  ]);
}

function anyOf<T>(wanted: readonly T[] | null | undefined, values: (r: HazmatEnterpriseRecord | WaybillRecord) => readonly T[]): Predicate<HazmatEnterpriseRecord | WaybillRecord> | null {
  return given(wanted) ? (r) => values(r).some((v) => wanted.includes(v)) : null;
}

const chemicalUn = (r: HazmatEnterpriseRecord | WaybillRecord): string[] => ('chemicals' in r ? r.chemicals : r.goods).map((c) => c.unNumber);
const chemicalClass = (r: HazmatEnterpriseRecord | WaybillRecord): HazardClass[] => ('chemicals' in r ? r.chemicals : r.goods).map((c) => c.hazardClass);

/** `now`: today (Beijing) for the licences' validity. */
export function enterprisePredicate(filter: EnterpriseFilter | null | undefined, now: Date): Predicate<HazmatEnterpriseRecord> {
  if (!filter) return () => true;
  const inArea = withinAny(filter.adcodes);
  return all<HazmatEnterpriseRecord>([
    inArea ? (e) => inArea(e.divisionCode) : null,
    given(filter.majorHazardGrades) ? (e) => e.majorHazardGrade !== null && (filter.majorHazardGrades as string[]).includes(e.majorHazardGrade) : null,
    anyOf(filter.unNumbers?.map((u) => u.trim().toUpperCase().replace(/^UN/, '')), chemicalUn),
    anyOf(filter.hazardClasses, chemicalClass),
    nearPredicate(filter.near),
    updatedSince(filter.updatedSince),
    enterpriseInZone(filter.zone),
    ...enterpriseSafetyPredicates(filter, now),
  ]);
}

/** Provinces of the region that the trip starts or ends in, in trip order. */
export function provincesTouched(w: WaybillRecord): ProvinceCode[] {
  const touched: ProvinceCode[] = [];
  for (const party of [w.origin, w.destination]) {
    const p = party.divisionCode ? provinceOfAdcode(party.divisionCode) : null;
    if (p && !touched.includes(p)) touched.push(p);
  }
  return touched;
}

/** Origin and destination in different provinces (inside the region or not), by their adcodes. */
export function isCrossProvince(w: WaybillRecord): boolean {
  const a = w.origin.divisionCode?.slice(0, 2) ?? null;
  const b = w.destination.divisionCode?.slice(0, 2) ?? null;
  return a !== null && b !== null && a !== b;
}

/** "沪A·D1234" → "沪AD1234", as the contract normalises plates. */
export function normalisePlateArgument(plate: string): string {
  return plate.trim().toUpperCase().replace(/[\s·•・．.-]/g, '');
}

export function waybillPredicate(filter: WaybillFilter | null | undefined): Predicate<WaybillRecord> {
  if (!filter) return () => true;
  const plate = given(filter.plate) ? normalisePlateArgument(filter.plate) : null;
  const anyPlate = given(filter.anyPlate) ? normalisePlateArgument(filter.anyPlate) : null;
  const touches = filter.touches;
  return all<WaybillRecord>([
    given(filter.statuses) ? (w) => (filter.statuses as string[]).includes(w.status) : null,
    anyOf(filter.unNumbers?.map((u) => u.trim().toUpperCase().replace(/^UN/, '')), chemicalUn),
    anyOf(filter.hazardClasses, chemicalClass),
    plate !== null ? (w) => w.plate === plate : null,
    anyPlate !== null ? (w) => w.plate === anyPlate || w.trailerPlate === anyPlate : null,
    given(filter.crossProvince) ? (w) => isCrossProvince(w) === filter.crossProvince : null,
    given(touches) ? (w) => provincesTouched(w).some((p) => touches.includes(p)) : null,
    updatedSince(filter.updatedSince),
    waybillInZone(filter.zone),
  ]);
}

export function basePredicate(filter: RescueBaseFilter | null | undefined): Predicate<RescueBaseRecord> {
  if (!filter) return () => true;
  const inArea = withinAny(filter.adcodes);
  const capabilities = filter.capabilities;
  return all<RescueBaseRecord>([
    given(capabilities) ? (b) => capabilities.every((c) => b.capabilities.includes(c)) : null,
    given(filter.levels) ? (b) => (filter.levels as string[]).includes(b.level) : null,
    given(filter.onDuty) ? (b) => b.onDuty === filter.onDuty : null,
    inArea ? (b) => inArea(b.divisionCode) : null,
    nearPredicate(filter.near),
    updatedSince(filter.updatedSince),
    given(filter.forceTypes) ? hasTeamOf(filter.forceTypes) : null,
    baseInZone(filter.zone),
  ]);
}

/** Bases with at least one team of one of these kinds (a team without a recorded kind is of none). */
function hasTeamOf(forceTypes: readonly RescueForceType[]): Predicate<RescueBaseRecord> {
  return (b) => b.teams.some((t) => t.forceType !== undefined && forceTypes.includes(t.forceType));
}
