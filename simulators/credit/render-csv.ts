import type { CreditSanctionRecord, IsoDate } from '../../schema/credit-model';
import type { ProvinceCode } from '../../schema/model';
import type { SanctionVersion } from '../dataset/sanctions';

/**
 * The platform's CSV (legacy-apis/credit.md): UTF-8 with a byte-order mark, RFC 4180 quoting, CRLF,
 * a Chinese header row; dates in any of four forms, codes sometimes lower case or padded. Which
 * quirk a row shows depends on its decision number only, so a row reads the same in every file.
 */

export const CSV_HEADER = ['决定文号', '统一社会信用代码', '主体名称', '名单类型', '认定部门', '认定部门所在地', '认定日期', '失信行为', '惩戒措施', '有效期至', '状态', '移出日期', '更新时间'] as const;

const LIST_TYPE_TEXT: Record<CreditSanctionRecord['listType'], string> = { SERIOUS_DISHONESTY: '严重失信主体名单', KEY_ATTENTION: '重点关注名单' };
const PROVINCE_DIGITS: Record<ProvinceCode, string> = { SH: '31', JS: '32', ZJ: '33', AH: '34' };

function quirkSeed(text: string): number {
  let h = 7;
  for (const c of text) h = (h * 31 + (c.codePointAt(0) ?? 0)) >>> 0;
  return h;
}

/** 2026-11-30, 2026/11/30, 2026.11.30 or 2026年11月30日, by `form`. */
export function renderDate(date: IsoDate, form: number): string {
  const [y, m, d] = date.split('-');
  switch (form % 4) {
    case 0:
      return date;
    case 1:
      return `${y}/${m}/${d}`;
    case 2:
      return `${y}.${m}.${d}`;
    default:
      return `${y}年${m}月${d}日`;
  }
}

function renderCode(code: string, seed: number): string {
  const cased = seed % 7 === 1 ? code.toLowerCase() : code;
  return seed % 5 === 2 ? `  ${cased} ` : cased;
}

/** `yyyy-MM-dd HH:mm:ss` from the record's ISO-8601 Beijing time. */
function renderUpdatedAt(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

export function quoteCsv(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

export function renderRow(version: SanctionVersion): string[] {
  const r = version.record;
  const seed = quirkSeed(r.decisionNumber);
  const form = seed >>> 3;
  return [
    r.decisionNumber,
    renderCode(r.creditCode, seed),
    r.name,
    LIST_TYPE_TEXT[r.listType],
    r.authority,
    r.province === null ? '00' : PROVINCE_DIGITS[r.province],
    renderDate(r.decidedOn, form),
    r.reason,
    r.measures ?? '',
    r.validUntil === null ? '' : renderDate(r.validUntil, form + 1),
    r.removedOn === null ? '有效' : '已移出',
    r.removedOn === null ? '' : renderDate(r.removedOn, form + 2),
    renderUpdatedAt(r.updatedAt),
  ];
}

export function renderCsv(versions: readonly SanctionVersion[]): string {
  const lines = [CSV_HEADER.join(','), ...versions.map((v) => renderRow(v).map(quoteCsv).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
