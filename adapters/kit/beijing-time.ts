import type { IsoDateTime } from '../../schema/model';
import { LegacyDataInvalidError } from './errors';

/**
 * Beijing time (UTC+08:00, no daylight saving) in the legacy systems' formats, to and from the
 * contract's ISO-8601 with a +08:00 offset in whole seconds.
 */

const BEIJING_OFFSET_MS = 8 * 3600_000;

interface Parts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Minutes east of UTC. */
  offset: number;
}

type Reader = (m: RegExpExecArray) => Parts;

const beijing = (y: string, mo: string, d: string, h: string, mi: string, s = '0'): Parts => ({
  year: Number(y), month: Number(mo), day: Number(d), hour: Number(h), minute: Number(mi), second: Number(s), offset: 480,
});

function offsetMinutes(zone: string | undefined): number {
  if (zone === undefined) return 480;
  if (zone === 'Z' || zone === 'z') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone) as RegExpExecArray;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
  if (Number(m[2]) > 14 || Number(m[3] ?? 0) > 59) return NaN;
  return m[1] === '-' ? -minutes : minutes;
}

const FORMATS: readonly [RegExp, Reader][] = [
  // yyyyMMddHHmmss (Jiangsu)
  [/^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/, (m) => beijing(m[1], m[2], m[3], m[4], m[5], m[6])],
  // yyyy/MM/dd HH:mm[:ss] (Anhui)
  [/^(\d{4})\/(\d{1,2})\/(\d{1,2}) +(\d{1,2}):(\d{2})(?::(\d{2}))?$/, (m) => beijing(m[1], m[2], m[3], m[4], m[5], m[6])],
  // yyyy-MM-dd HH:mm[:ss] (Anhui)
  [/^(\d{4})-(\d{1,2})-(\d{1,2}) +(\d{1,2}):(\d{2})(?::(\d{2}))?$/, (m) => beijing(m[1], m[2], m[3], m[4], m[5], m[6])],
  // ISO-8601, with an offset (Shanghai) or without one (then Beijing time); fractions of a second dropped
  [
    /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?$/,
    (m) => ({ ...beijing(m[1], m[2], m[3], m[4], m[5], m[6]), offset: offsetMinutes(m[7]) }),
  ],
];

/** Epoch milliseconds of the parts, or NaN when they name no real instant (2026-02-30, 25:00). */
function epochOf(p: Parts): number {
  if (!Number.isFinite(p.offset)) return NaN;
  if (p.month < 1 || p.month > 12 || p.day < 1 || p.hour > 23 || p.minute > 59 || p.second > 59) return NaN;
  const date = new Date(0);
  date.setUTCFullYear(p.year, p.month - 1, p.day);
  if (date.getUTCMonth() !== p.month - 1 || date.getUTCDate() !== p.day) return NaN;
  date.setUTCHours(p.hour, p.minute, p.second, 0);
  return date.getTime() - p.offset * 60_000;
}

/**
 * Any of the legacy formats (`yyyyMMddHHmmss`, `yyyy/MM/dd HH:mm`, `yyyy-MM-dd HH:mm[:ss]`,
 * ISO-8601) as ISO-8601 Beijing time, e.g. "2026-07-12T08:30:00+08:00".
 */
export function parseBeijingTime(value: string): IsoDateTime {
  const text = String(value ?? '').trim();
  for (const [pattern, read] of FORMATS) {
    const m = pattern.exec(text);
    if (!m) continue;
    const epoch = epochOf(read(m));
    if (Number.isNaN(epoch)) break;
    return fromEpochMs(epoch);
  }
  throw new LegacyDataInvalidError(`unparseable time "${value}"`);
}

/** Epoch milliseconds (Zhejiang) as ISO-8601 Beijing time; milliseconds are dropped. */
export function fromEpochMs(ms: number): IsoDateTime {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) throw new LegacyDataInvalidError(`invalid epoch milliseconds "${ms}"`);
  return toBeijingIso(new Date(ms));
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

function beijingFields(d: Date): { y: string; mo: string; day: string; h: string; mi: string; s: string } {
  const t = d.getTime();
  if (!Number.isFinite(t)) throw new RangeError('invalid Date');
  const b = new Date(Math.floor(t / 1000) * 1000 + BEIJING_OFFSET_MS);
  return {
    y: pad(b.getUTCFullYear(), 4),
    mo: pad(b.getUTCMonth() + 1),
    day: pad(b.getUTCDate()),
    h: pad(b.getUTCHours()),
    mi: pad(b.getUTCMinutes()),
    s: pad(b.getUTCSeconds()),
  };
}

export function toBeijingIso(d: Date): IsoDateTime {
  const f = beijingFields(d);
  return `${f.y}-${f.mo}-${f.day}T${f.h}:${f.mi}:${f.s}+08:00`;
}

/** A Date in a legacy system's own notation of Beijing time, for query parameters and request bodies. */
export function formatBeijing(d: Date, pattern: 'yyyyMMddHHmmss' | 'yyyy-MM-dd HH:mm:ss'): string {
  const f = beijingFields(d);
  return pattern === 'yyyyMMddHHmmss' ? `${f.y}${f.mo}${f.day}${f.h}${f.mi}${f.s}` : `${f.y}-${f.mo}-${f.day} ${f.h}:${f.mi}:${f.s}`;
}
