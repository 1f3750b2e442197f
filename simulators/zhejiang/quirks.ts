/**
 * Which records show the system's quirks: a stable share chosen by a hash of the source id, so the
 * same record misbehaves the same way in every run and on every page.
 */

/** FNV-1a of the text, as a fraction in [0, 1). */
export function shareOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) / 0x1_0000_0000;
}

/** True for about `rate` of all (sourceId, quirk) pairs. */
export function hasQuirk(sourceId: string, quirk: string, rate: number): boolean {
  return shareOf(`${quirk}|${sourceId}`) < rate;
}

/** "Quantities are strings with a unit": the four spellings the document lists, all in use. */
export const UNIT_SPELLINGS = ['吨', 't', '千克', 'kg'] as const;
export type UnitSpelling = (typeof UNIT_SPELLINGS)[number];

export function unitSpellingFor(key: string): UnitSpelling {
  return UNIT_SPELLINGS[Math.floor(shareOf(`unit|${key}`) * UNIT_SPELLINGS.length)];
}

/** Removes binary noise of a unit change (1.005 × 1000); twelve digits hold every quantity exactly. */
const tidy = (n: number): number => Number(n.toPrecision(12));

/** A mass as the system writes it: "120吨", "12.5t", "500千克", "800kg". */
export function formatMass(kilograms: number, spelling: UnitSpelling): string {
  const tonnes = spelling === '吨' || spelling === 't';
  return `${tidy(tonnes ? kilograms / 1000 : kilograms)}${spelling}`;
}

/** Division codes "occasionally carry a trailing space". */
export function qhdmAsWritten(code: string, key: string): string {
  return hasQuirk(key, 'qhdm-space', 0.12) ? `${code} ` : code;
}
