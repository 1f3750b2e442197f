import { creditSanctionId, type CreditSanctionRecord, type SanctionListType } from '../../schema/credit-model';
import type { ProvinceCode } from '../../schema/model';
import { parseBeijingTime } from '../kit/beijing-time';
import { parseCalendarDate } from '../kit/calendar-date';
import { creditCodeProvince, normaliseCreditCode } from '../kit/credit-code';
import { LegacyDataInvalidError } from '../kit/errors';

/** One CSV row of the platform's files (legacy-apis/credit.md) as a contract record, a person, or invalid. */

export const COLUMNS = ['决定文号', '统一社会信用代码', '主体名称', '名单类型', '认定部门', '认定部门所在地', '认定日期', '失信行为', '惩戒措施', '有效期至', '状态', '移出日期', '更新时间'] as const;

export type MappedRow =
  | { kind: 'sanction'; record: CreditSanctionRecord }
  /** A natural person: nothing of the row is kept but its decision number, to count it once. */
  | { kind: 'person'; decisionNumber: string }
  | { kind: 'invalid'; decisionNumber: string; reason: string };

const LIST_TYPES: Readonly<Record<string, SanctionListType>> = { 严重失信主体名单: 'SERIOUS_DISHONESTY', 重点关注名单: 'KEY_ATTENTION' };
const AUTHORITY_PLACE: Readonly<Record<string, ProvinceCode | null>> = { '31': 'SH', '32': 'JS', '33': 'ZJ', '34': 'AH', '00': null };
/** A masked identity number: digits, a run of asterisks, digits (the last may be X). */
const MASKED_PERSON = /^\d{2,6}\*{4,}[\dXx]{1,4}$/;

function required(value: string | undefined, column: string): string {
  const text = (value ?? '').trim();
  if (text === '') throw new LegacyDataInvalidError(`${column} is empty`);
  return text;
}

const optional = (value: string | undefined): string | null => ((value ?? '').trim() === '' ? null : (value as string).trim());

function lookup<T>(table: Readonly<Record<string, T>>, value: string, column: string): T {
  if (!Object.prototype.hasOwnProperty.call(table, value)) throw new LegacyDataInvalidError(`${column} has an unknown value "${value}"`);
  return table[value];
}

export function mapRow(row: readonly string[]): MappedRow {
  const decisionNumber = (row[0] ?? '').trim();
  if (decisionNumber === '') return { kind: 'invalid', decisionNumber: '', reason: '决定文号 is empty' };
  if (MASKED_PERSON.test((row[1] ?? '').trim())) return { kind: 'person', decisionNumber };
  try {
    if (row.length !== COLUMNS.length) throw new LegacyDataInvalidError(`${row.length} columns, not ${COLUMNS.length}`);
    const status = required(row[10], '状态');
    if (status !== '有效' && status !== '已移出') throw new LegacyDataInvalidError(`状态 has an unknown value "${status}"`);
    const removedOn = status === '已移出' ? parseCalendarDate(required(row[11], '移出日期')) : null;
    const validUntil = optional(row[9]);
    const record: CreditSanctionRecord = {
      id: creditSanctionId(decisionNumber),
      decisionNumber,
      creditCode: normaliseCreditCode(row[1]),
      name: required(row[2], '主体名称'),
      listType: lookup(LIST_TYPES, required(row[3], '名单类型'), '名单类型'),
      province: lookup(AUTHORITY_PLACE, required(row[5], '认定部门所在地'), '认定部门所在地'),
      authority: required(row[4], '认定部门'),
      decidedOn: parseCalendarDate(required(row[6], '认定日期')),
      reason: required(row[7], '失信行为'),
      measures: optional(row[8]),
      validUntil: validUntil === null ? null : parseCalendarDate(validUntil),
      removedOn,
      updatedAt: parseBeijingTime(required(row[12], '更新时间')),
    };
    // Provenance.province is non-null in the contract: a national decision needs a subject registered in the region.
    if (record.province === null && creditCodeProvince(record.creditCode) === null) throw new LegacyDataInvalidError('a national decision on a subject registered outside the region has no province to attribute');
    return { kind: 'sanction', record };
  } catch (e) {
    if (e instanceof LegacyDataInvalidError) return { kind: 'invalid', decisionNumber, reason: e.reason };
    throw e;
  }
}
