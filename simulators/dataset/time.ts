/** Times in Beijing time (+08:00), as the contract writes them. */

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
const BEIJING_OFFSET_MS = 8 * HOUR;

export function floorTo(ms: number, unit: number): number {
  return Math.floor(ms / unit) * unit;
}

const dayPrefixes = new Map<number, number[]>();
const isoCodes: number[] = [...'0000-00-00T00:00:00+08:00'].map((c) => c.charCodeAt(0));
const ZERO = 48;

/**
 * ISO-8601 with +08:00, whole seconds (the instant is floored to the second). Built from character
 * codes: a flat string is a third of the memory of a concatenated one, and a large data set holds
 * millions of these.
 */
export function isoBeijing(ms: number): string {
  const local = floorTo(ms, 1000) + BEIJING_OFFSET_MS;
  const day = Math.floor(local / DAY);
  let prefix = dayPrefixes.get(day);
  if (prefix === undefined) {
    prefix = [...new Date(day * DAY).toISOString().slice(0, 11)].map((c) => c.charCodeAt(0));
    dayPrefixes.set(day, prefix);
  }
  for (let i = 0; i < 11; i++) isoCodes[i] = prefix[i];
  const s = (local - day * DAY) / 1000;
  const h = Math.floor(s / 3600);
  const m = Math.floor(s / 60) % 60;
  const sec = s % 60;
  isoCodes[11] = ZERO + Math.floor(h / 10);
  isoCodes[12] = ZERO + (h % 10);
  isoCodes[14] = ZERO + Math.floor(m / 10);
  isoCodes[15] = ZERO + (m % 10);
  isoCodes[17] = ZERO + Math.floor(sec / 10);
  isoCodes[18] = ZERO + (sec % 10);
  return String.fromCharCode(...isoCodes);
}

/** yyyyMMdd of the Beijing calendar day. */
export function beijingDate(ms: number): string {
  return new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 10).replace(/-/g, '');
}
