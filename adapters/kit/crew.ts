import type { CrewMemberRecord, CrewRole, ProvinceCode } from '../../schema/model';
import { CodeTable, type LegacyCode } from './code-tables';
import { LegacyDataInvalidError } from './errors';

/**
 * Waybill crew (drivers and escorts, JT/T 617). Certificate numbers and phones are personal data:
 * no message of this module ever quotes one, so that a reason for a record left out can be logged.
 */

const ROLE_TABLES: Readonly<Partial<Record<ProvinceCode, CodeTable<CrewRole>>>> = {
  SH: new CodeTable<CrewRole>('crew role', [['驾驶员', 'DRIVER'], ['押运员', 'ESCORT']]),
  ZJ: new CodeTable<CrewRole>('crew role', [['JSY', 'DRIVER'], ['YYY', 'ESCORT']]),
  AH: new CodeTable<CrewRole>('crew role', [['驾驶员', 'DRIVER'], ['押运员', 'ESCORT']]),
};

/**
 * Jiangsu has no role codes: its driver and escort have elements of their own. An unknown code is
 * not quoted: in a pack whose fields slipped, the role's place may hold a name or a certificate.
 */
export function decodeCrewRole(province: ProvinceCode, code: LegacyCode): CrewRole {
  const table = ROLE_TABLES[province];
  if (!table) throw new RangeError(`province ${province} writes no crew role codes`);
  if (code === null || code === undefined || String(code).trim() === '') throw new LegacyDataInvalidError('missing crew role');
  try {
    return table.decode(code);
  } catch (err) {
    if (err instanceof LegacyDataInvalidError) throw new LegacyDataInvalidError('unknown crew role code');
    throw err;
  }
}

/** Trimmed text, null when absent or empty; a value that is not text is reported without quoting it. */
export function personalText(value: unknown, what: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' && typeof value !== 'number') throw new LegacyDataInvalidError(`${what} is not text`);
  const text = String(value).trim();
  return text === '' ? null : text;
}

/** One member as its system wrote it; a member without a name cannot be mapped. */
export function crewMember(role: CrewRole, fields: { name: unknown; certificate: unknown; phone: unknown }, what: string): CrewMemberRecord {
  const name = personalText(fields.name, `${what}.name`);
  if (name === null) throw new LegacyDataInvalidError(`missing ${what}.name`);
  const certificate = personalText(fields.certificate, `${what}.certificate`);
  return {
    role,
    name,
    qualificationCertificate: certificate === null ? null : certificate.replace(/\s/g, '').toUpperCase(),
    phone: personalText(fields.phone, `${what}.phone`),
  };
}

/** The crew, or null when the system recorded no member (records written before its release). */
export function crewOrNull(members: readonly CrewMemberRecord[]): CrewMemberRecord[] | null {
  return members.length === 0 ? null : [...members];
}
