import { isWithin } from './geography';
import type { ZoneDefinition } from './zones';

/**
 * Which warnings concern a place, by the divisions the warning names (its areas): the one
 * meaning of the warning filters' `zone` and `adcodes`, read by the province subgraphs' query
 * filters and by the gateway's subscription filters alike.
 */

/**
 * A warning concerns the zone when one of its areas is a zone division, lies inside one, or
 * contains one: a city-wide warning covers the zone's counties in that city.
 */
export function warningAreasInZone(zone: ZoneDefinition, areaCodes: readonly string[]): boolean {
  return areaCodes.some((area) => zone.adcodes.some((z) => isWithin(area, z) || isWithin(z, area)));
}

/**
 * A warning names one of `wanted` when one of its areas is one of those divisions or lies inside
 * one (a city-wide warning is not named by one of the city's counties). `wanted` are current codes.
 */
export function warningAreasWithinAny(areaCodes: readonly string[], wanted: readonly string[]): boolean {
  return areaCodes.some((area) => wanted.some((w) => isWithin(area, w)));
}
