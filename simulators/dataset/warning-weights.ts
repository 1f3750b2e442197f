import type { WarningEvent } from '../../schema/model';
import { COASTAL_CITIES, NORTHERN_CITIES, SOUTHERN_HILL_CITIES, TAIHU_CITIES } from './places';

/** Which warnings the region's cities issue, and how often: typhoons on the coast, floods around Taihu, icing in the north. */

/** Events that the meteorological services issue (their issuer is a 气象台). */
export const METEOROLOGICAL: readonly WarningEvent[] = [
  'TYPHOON', 'RAINSTORM', 'BLIZZARD', 'COLD_WAVE', 'GALE', 'HIGH_TEMPERATURE', 'THUNDERSTORM', 'FOG', 'ROAD_ICING',
  'HAIL', 'FROST', 'HAZE', 'DROUGHT',
];

/** The provincial capitals and Shanghai, whose built-up areas issue urban waterlogging warnings most. */
const BIG_CITIES = ['310000', '320100', '330100', '340100', '320500', '330200'];

/** How often each event is issued for a city: everywhere, and more where its geography says. */
export function eventWeights(city: string, hasPark: boolean): [WarningEvent, number][] {
  const w = new Map<WarningEvent, number>([
    ['RAINSTORM', 4], ['THUNDERSTORM', 3], ['HIGH_TEMPERATURE', 3], ['FOG', 3], ['GALE', 2], ['COLD_WAVE', 1],
    ['GEOLOGICAL_HAZARD', 0.3], ['EARTHQUAKE', 0.15],
    ['HAIL', 0.8], ['HAZE', 0.6], ['DROUGHT', 0.4], ['URBAN_WATERLOGGING', 0.8], ['FROST', 0.3],
  ]);
  const add = (e: WarningEvent, n: number): void => void w.set(e, (w.get(e) ?? 0) + n);
  if ((COASTAL_CITIES as readonly string[]).includes(city)) { add('TYPHOON', 5); add('STORM_SURGE', 3); add('GALE', 2); }
  if ((TAIHU_CITIES as readonly string[]).includes(city)) { add('FLOOD', 5); add('RAINSTORM', 2); }
  if ((NORTHERN_CITIES as readonly string[]).includes(city)) { add('ROAD_ICING', 4); add('BLIZZARD', 4); add('COLD_WAVE', 2); add('FOG', 1); }
  if ((SOUTHERN_HILL_CITIES as readonly string[]).includes(city)) { add('FOREST_FIRE', 5); add('GEOLOGICAL_HAZARD', 3); }
  if (hasPark) add('HAZMAT_INCIDENT', 0.6);
  if ((NORTHERN_CITIES as readonly string[]).includes(city)) { add('FROST', 2); add('HAZE', 1.5); add('DROUGHT', 0.6); }
  if ((SOUTHERN_HILL_CITIES as readonly string[]).includes(city)) add('FLASH_FLOOD', 1.5);
  if (BIG_CITIES.includes(city)) add('URBAN_WATERLOGGING', 2.5);
  return [...w.entries()];
}

/** How often a city issues warnings at all. */
export function cityWeight(city: string): number {
  const lists = [COASTAL_CITIES, TAIHU_CITIES, NORTHERN_CITIES, SOUTHERN_HILL_CITIES] as readonly (readonly string[])[];
  return 1 + lists.filter((l) => l.includes(city)).length * 1.5;
}
