import type { WarningEvent, WarningLevel } from './model';

/**
 * The colours each warning event's signal has: GB/T 27962 for the meteorological ones, the
 * provinces' own signals for the others (legacy-apis/additions-v1.1.md for the six of v1.1).
 * A warning of a colour its event does not have is invalid data, not a guess to round.
 */
export const EVENT_COLOURS: Readonly<Record<WarningEvent, readonly WarningLevel[]>> = {
  TYPHOON: ['BLUE', 'YELLOW', 'ORANGE', 'RED'],
  RAINSTORM: ['BLUE', 'YELLOW', 'ORANGE', 'RED'],
  BLIZZARD: ['BLUE', 'YELLOW', 'ORANGE', 'RED'],
  COLD_WAVE: ['BLUE', 'YELLOW', 'ORANGE', 'RED'],
  GALE: ['BLUE', 'YELLOW', 'ORANGE', 'RED'],
  HIGH_TEMPERATURE: ['YELLOW', 'ORANGE', 'RED'],
  THUNDERSTORM: ['YELLOW', 'ORANGE', 'RED'],
  FOG: ['YELLOW', 'ORANGE', 'RED'],
  ROAD_ICING: ['YELLOW', 'ORANGE', 'RED'],
  FLOOD: ['BLUE', 'YELLOW', 'ORANGE', 'RED'],
  GEOLOGICAL_HAZARD: ['BLUE', 'YELLOW', 'ORANGE', 'RED'],
  FOREST_FIRE: ['YELLOW', 'ORANGE', 'RED'],
  EARTHQUAKE: ['BLUE', 'YELLOW', 'ORANGE', 'RED'],
  STORM_SURGE: ['BLUE', 'YELLOW', 'ORANGE', 'RED'],
  HAZMAT_INCIDENT: ['BLUE', 'YELLOW', 'ORANGE', 'RED'],
  HAIL: ['ORANGE', 'RED'],
  FROST: ['BLUE', 'YELLOW', 'ORANGE'],
  HAZE: ['YELLOW', 'ORANGE', 'RED'],
  DROUGHT: ['ORANGE', 'RED'],
  FLASH_FLOOD: ['BLUE', 'YELLOW', 'ORANGE', 'RED'],
  URBAN_WATERLOGGING: ['BLUE', 'YELLOW', 'ORANGE', 'RED'],
};

export function hasColour(event: WarningEvent, level: WarningLevel): boolean {
  return EVENT_COLOURS[event].includes(level);
}
