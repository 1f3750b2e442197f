import type { ProvinceCode, RescueForceType } from '../../schema/model';
import { CodeTable } from './code-tables';
import { LegacyDataInvalidError } from './errors';

/**
 * Each system's kind of force of a team (legacy-apis/additions-v1.1.md): SH Chinese words, JS LLLX
 * 1–4, ZJ lllx codes, AH full names. Records written before the 2026 release have none.
 */
const FORCE_TYPES: Readonly<Record<ProvinceCode, CodeTable<RescueForceType>>> = {
  SH: new CodeTable('forceType', [['消防救援', 'FIRE_AND_RESCUE'], ['专业', 'PROFESSIONAL'], ['社会', 'SOCIAL'], ['企业', 'ENTERPRISE']]),
  JS: new CodeTable('LLLX', [['1', 'FIRE_AND_RESCUE'], ['2', 'PROFESSIONAL'], ['3', 'SOCIAL'], ['4', 'ENTERPRISE']]),
  ZJ: new CodeTable('lllx', [['XFJY', 'FIRE_AND_RESCUE'], ['ZYDW', 'PROFESSIONAL'], ['SHLL', 'SOCIAL'], ['QYZZ', 'ENTERPRISE']]),
  AH: new CodeTable('lllx', [
    ['国家综合性消防救援队伍', 'FIRE_AND_RESCUE'], ['专业应急救援队伍', 'PROFESSIONAL'], ['社会应急力量', 'SOCIAL'], ['企业专职救援队', 'ENTERPRISE'],
  ]),
};

/**
 * `{ forceType }` for a recorded kind, `{}` for a record without one (absent, null or empty: the
 * older form); an unknown code makes the record invalid, as every code table does.
 */
export function forceTypeOf(province: ProvinceCode, code: unknown): { forceType?: RescueForceType } {
  const table = FORCE_TYPES[province];
  if (code === null || code === undefined || (typeof code === 'string' && code.trim() === '')) return {};
  if (typeof code !== 'string' && typeof code !== 'number') throw new LegacyDataInvalidError(`${table.field} is not a code: ${JSON.stringify(code)}`);
  return { forceType: table.decode(code) };
}
