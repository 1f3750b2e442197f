import type { GeoPoint } from '../../schema/model';
import { ABOLISHED_ADCODES } from '../../schema/geography';

/** ahyj's notations: Beijing time in two forms, DMS coordinates, and which records show which quirk. */

const BEIJING_OFFSET_MS = 8 * 3600_000;
const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

function beijingParts(iso: string): { y: string; mo: string; d: string; h: string; mi: string; s: string; seconds: number } {
  const b = new Date(Date.parse(iso) + BEIJING_OFFSET_MS);
  return {
    y: pad(b.getUTCFullYear(), 4), mo: pad(b.getUTCMonth() + 1), d: pad(b.getUTCDate()),
    h: pad(b.getUTCHours()), mi: pad(b.getUTCMinutes()), s: pad(b.getUTCSeconds()), seconds: b.getUTCSeconds(),
  };
}

/** `2026-07-12 08:30:00` */
export function secondsForm(iso: string): string {
  const p = beijingParts(iso);
  return `${p.y}-${p.mo}-${p.d} ${p.h}:${p.mi}:${p.s}`;
}

/**
 * `2026/07/12 08:30` for a time on a whole minute, otherwise `2026-07-12 08:30:00`: the minute
 * form is only used where it is exact, so both forms carry the canonical time unchanged.
 */
export function ahTime(iso: string, useMinuteForm: boolean): string {
  const p = beijingParts(iso);
  return useMinuteForm && p.seconds === 0 ? `${p.y}/${p.mo}/${p.d} ${p.h}:${p.mi}` : secondsForm(iso);
}

/** A time that neither form can hold (hour 25), for records held with an UNPARSEABLE_TIME defect. */
export function unparseableTime(iso: string): string {
  const p = beijingParts(iso);
  return `${p.y}-${p.mo}-${p.d} 25:${p.mi}:${p.s}`;
}

/** `yyyy-MM-dd HH:mm:ss` Beijing time as epoch ms; NaN when it is not that form or no real time. */
export function parseSecondsForm(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text);
  if (!m) return NaN;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return NaN;
  const t = Date.UTC(y, mo - 1, d, h, mi, s);
  if (new Date(t).getUTCDate() !== d) return NaN;
  return t - BEIJING_OFFSET_MS;
}

/**
 * Degrees, minutes and seconds with two decimals of a second (`117°13'38.52"E`). The document's
 * example has one decimal (about 3 m); two keep every canonical position within 0.16 m.
 */
export function dms(value: number, axis: 'lng' | 'lat'): string {
  const hemisphere = axis === 'lng' ? (value < 0 ? 'W' : 'E') : value < 0 ? 'S' : 'N';
  const hundredths = Math.round(Math.abs(value) * 360_000);
  const degrees = Math.floor(hundredths / 360_000);
  const minutes = Math.floor((hundredths % 360_000) / 6000);
  const seconds = (hundredths % 6000) / 100;
  return `${degrees}°${pad(minutes)}'${seconds.toFixed(2).padStart(5, '0')}"${hemisphere}`;
}

export function dmsPoint(p: GeoPoint | null): { jd: string; wd: string } {
  return p === null ? { jd: dms(0, 'lng'), wd: dms(0, 'lat') } : { jd: dms(p.lng, 'lng'), wd: dms(p.lat, 'lat') };
}

/** FNV-1a of salt and id, 0..99: the same record always shows the same quirks. */
export function share(id: string, salt: string): number {
  let h = 0x811c9dc5;
  for (const ch of `${salt}|${id}`) {
    h ^= ch.codePointAt(0) as number;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % 100;
}

const PREDECESSOR = new Map<string, string>();
for (const [old, successor] of ABOLISHED_ADCODES) if (!PREDECESSOR.has(successor)) PREDECESSOR.set(successor, old);

/** The abolished code that the system still writes for some divisions (a share of records), else the code. */
export function legacyAdcode(code: string, id: string): string {
  const old = PREDECESSOR.get(code);
  return old !== undefined && share(id, `adcode|${code}`) < 50 ? old : code;
}

/** Credit codes as typed by hand: a few lower case, a few with surrounding spaces. */
export function handTyped(code: string, id: string): string {
  const h = share(id, 'credit-code');
  if (h < 10) return code.toLowerCase();
  if (h < 20) return ` ${code}  `;
  return code;
}
