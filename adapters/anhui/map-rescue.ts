import { globalId, type MutualAidStatus, type RescueBaseRecord, type RescueTeamRecord } from '../../schema/model';
import { decodeBaseLevel, decodeCapability, decodeMutualAidStatus, decodeOnDuty } from '../kit/code-tables';
import { LegacyDataInvalidError } from '../kit/errors';
import { forceTypeOf } from '../kit/force-types';
import type { MutualAidStatusRecord } from '../kit/province-adapter';
import { parseNumber } from '../kit/units';
import { adcode, dmsLocation, optional, optionalCreditCode, required, time, unpack, type AhRow } from './fields';
import { nonEmpty } from './map-hazmat';

/** 救援队伍 (jydw): bases with JYNL joined by 、, DWXX as JSON inside the JSON, packed WZXX; mutual-aid rows. */

interface DwxxEntry {
  dwbh?: unknown;
  dwmc?: unknown;
  rs?: unknown;
  zy?: unknown;
  lllx?: unknown;
}

/** DWXX is a JSON array encoded as a string inside the row (an array is taken as it is). */
export function parseTeams(raw: unknown): RescueTeamRecord[] {
  let entries: unknown = raw;
  if (typeof raw === 'string') {
    if (raw.trim() === '') return [];
    try {
      entries = JSON.parse(raw);
    } catch {
      throw new LegacyDataInvalidError('DWXX is not JSON');
    }
  }
  if (raw === null || raw === undefined) throw new LegacyDataInvalidError('missing DWXX');
  if (!Array.isArray(entries)) throw new LegacyDataInvalidError('DWXX is not a JSON array');
  return entries.map((e: DwxxEntry) => {
    const team: AhRow = e && typeof e === 'object' ? (e as AhRow) : {};
    const sourceId = required(team, 'dwbh');
    const members = parseNumber(team.rs as string | number, `DWXX ${sourceId} rs`);
    if (!Number.isInteger(members) || members < 0) throw new LegacyDataInvalidError(`DWXX ${sourceId} rs "${String(team.rs)}" is not a head count`);
    const specialty = optional(team, 'zy');
    return {
      id: globalId('AH', 'RescueTeam', sourceId),
      sourceId,
      name: required(team, 'dwmc'),
      members,
      specialty: specialty === null ? null : decodeCapability('AH', specialty),
      ...forceTypeOf('AH', team.lllx),
    };
  });
}

export function mapBase(row: AhRow): RescueBaseRecord {
  const sourceId = required(row, 'JDBH');
  return {
    id: globalId('AH', 'RescueBase', sourceId),
    province: 'AH',
    sourceId,
    name: required(row, 'JDMC'),
    level: decodeBaseLevel('AH', required(row, 'JDJB')),
    creditCode: optionalCreditCode(row, 'TYXYDM'),
    divisionCode: adcode(row, 'XZQH'),
    location: dmsLocation(row),
    capabilities: (optional(row, 'JYNL') ?? '').split('、').filter((c) => c.trim() !== '').map((c) => decodeCapability('AH', c)),
    teams: parseTeams(row.DWXX),
    // code:name:quantity:unit
    materials: unpack(optional(row, 'WZXX'), ';', ':', 4, 'WZXX').map(([code, name, quantity, unit]) => ({
      code: nonEmpty(code, 'WZXX code'),
      name: nonEmpty(name, 'WZXX name'),
      quantity: parseNumber(quantity, `WZXX ${code} quantity`),
      unit,
    })),
    onDuty: decodeOnDuty('AH', required(row, 'ZBZT')),
    dutyPhone: optional(row, 'LXDH'),
    updatedAt: time(row, 'GXSJ'),
  };
}

export function mapMutualAidStatus(row: AhRow): MutualAidStatusRecord {
  const sourceId = required(row, 'QQBH');
  return {
    id: globalId('AH', 'MutualAidRequest', sourceId),
    province: 'AH',
    sourceId,
    status: decodeMutualAidStatus('AH', required(row, 'ZT')),
    updatedAt: time(row, 'GXSJ'),
  };
}

export interface AhMutualAidListing {
  sourceId: string;
  remark: string;
  status: MutualAidStatus;
  updatedAt: string;
}

export function mapMutualAidListing(row: AhRow): AhMutualAidListing {
  const s = mapMutualAidStatus(row);
  return { sourceId: s.sourceId, remark: optional(row, 'BZ') ?? '', status: s.status, updatedAt: s.updatedAt };
}
