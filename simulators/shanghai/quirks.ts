/**
 * Which records show Shanghai's documented quirks. Each is decided by a hash of the source id and
 * the quirk's name, so the same record always shows the same quirk and different quirks fall on
 * different records; the canonical record stays the truth.
 */

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export type Quirk =
  /** `districts` writes the abolished 310108 (Zhabei) where the truth is 310106 (Jing'an). */
  | 'ABOLISHED_DISTRICT'
  /** Old records carry `reserveTon` and `kg` as strings ("1200.5"). */
  | 'STRING_NUMBERS'
  /** A plate written with its middle dot ("沪A·D1234"). */
  | 'PLATE_DOT'
  /** A site never geocoded is written 0,0 instead of null. */
  | 'ZERO_LOCATION'
  /** A trailer plate written with its middle dot ("沪D·1234挂"). */
  | 'TRAILER_DOT';

const ONE_IN: Readonly<Record<Quirk, number>> = {
  ABOLISHED_DISTRICT: 2,
  STRING_NUMBERS: 5,
  PLATE_DOT: 3,
  ZERO_LOCATION: 2,
  TRAILER_DOT: 2,
};

export function hasQuirk(sourceId: string, quirk: Quirk): boolean {
  return fnv1a(`${quirk}|${sourceId}`) % ONE_IN[quirk] === 0;
}
