import type { IsoDate } from '../../schema/credit-model';
import { LegacyDataInvalidError } from './errors';

/** Calendar dates as legacy files write them: 2026-11-30, 2026/11/30, 2026.11.30 or 2026年11月30日. */
const FORMS = [/^(\d{4})-(\d{1,2})-(\d{1,2})$/, /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/, /^(\d{4})\.(\d{1,2})\.(\d{1,2})$/, /^(\d{4})年(\d{1,2})月(\d{1,2})日$/];

/** The date as YYYY-MM-DD; a date that is not a real day (2026-02-30) or in no known form is invalid. */
export function parseCalendarDate(value: string): IsoDate {
  const text = String(value ?? '').trim();
  const m = FORMS.map((form) => form.exec(text)).find((match) => match !== null);
  if (!m) throw new LegacyDataInvalidError(`unparseable date "${value}"`);
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) throw new LegacyDataInvalidError(`not a calendar date "${value}"`);
  return date.toISOString().slice(0, 10);
}

/** The Beijing calendar day of an instant. */
export function beijingDate(at: Date): IsoDate {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
