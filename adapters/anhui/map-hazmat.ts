import { globalId, type HazmatEnterpriseRecord, type TrackPointRecord, type WaybillRecord } from '../../schema/model';
import { decodeHazardClass, decodeMajorHazardGrade, decodePackingGroup, decodeWaybillStatus } from '../kit/code-tables';
import { validLocation } from '../kit/coordinates';
import { holdingsOf } from '../kit/enterprise-safety';
import { LegacyDataInvalidError } from '../kit/errors';
import { normalisePlate } from '../kit/plate';
import { parseKilograms, parseNumber, parseTonnes } from '../kit/units';
import {
  adcode, creditCode, dmsLocation, optional, optionalAdcode, optionalCreditCode, optionalTime, required, time, unNumber, unpack, type AhRow,
} from './fields';
import { enterpriseSafety, holdingSafety } from './map-safety';
import { mapTransport } from './map-transport';

/** 危险化学品 (whp): enterprises with packed HXPMX, waybills with packed HWMX, and track rows in decimal degrees. */

export function mapEnterprise(row: AhRow): HazmatEnterpriseRecord {
  const sourceId = required(row, 'QYBH');
  return {
    id: globalId('AH', 'HazmatEnterprise', sourceId),
    province: 'AH',
    sourceId,
    creditCode: creditCode(row, 'TYXYDM'),
    name: required(row, 'QYMC'),
    divisionCode: adcode(row, 'XZQH'),
    location: dmsLocation(row),
    majorHazardGrade: decodeMajorHazardGrade('AH', optional(row, 'WXYDJ') ?? ''),
    // UN number | name | class | tonnes [| CAS | 重点监管 | 剧毒]
    ...holdingsOf(
      unpack(optional(row, 'HXPMX'), ';', '|', [4, 7], 'HXPMX').map(([un, name, hazardClass, tonnes, ...v11]) => ({
        unNumber: unNumber(un, 'HXPMX'),
        name: nonEmpty(name, 'HXPMX name'),
        hazardClass: decodeHazardClass(hazardClass),
        tonnes: parseTonnes(tonnes, 'HXPMX tonnes'),
        ...holdingSafety(v11),
      })),
    ),
    contactPhone: optional(row, 'LXDH'),
    ...enterpriseSafety(row),
    updatedAt: time(row, 'GXSJ'),
  };
}

export function mapWaybill(row: AhRow): WaybillRecord {
  const sourceId = required(row, 'YDBH');
  return {
    id: globalId('AH', 'Waybill', sourceId),
    province: 'AH',
    sourceId,
    number: sourceId,
    status: decodeWaybillStatus('AH', required(row, 'YDZT')),
    plate: normalisePlate(required(row, 'CPHM')),
    carrierCreditCode: optionalCreditCode(row, 'CYDW_TYXYDM'),
    origin: { name: required(row, 'QYDMC'), creditCode: optionalCreditCode(row, 'QYD_TYXYDM'), divisionCode: optionalAdcode(row, 'QYD_XZQH') },
    destination: { name: required(row, 'MDDMC'), creditCode: optionalCreditCode(row, 'MDD_TYXYDM'), divisionCode: optionalAdcode(row, 'MDD_XZQH') },
    // UN number | name | class | packing group | kilograms
    goods: unpack(optional(row, 'HWMX'), ';', '|', 5, 'HWMX').map(([un, name, hazardClass, packingGroup, kilograms]) => ({
      unNumber: unNumber(un, 'HWMX'),
      name: nonEmpty(name, 'HWMX name'),
      hazardClass: decodeHazardClass(hazardClass),
      packingGroup: decodePackingGroup(packingGroup),
      kilograms: parseKilograms(kilograms, 'HWMX kilograms'),
    })),
    departedAt: optionalTime(row, 'FCSJ'),
    updatedAt: time(row, 'GXSJ'),
    ...mapTransport(row),
  };
}

export function trackPointIdOf(row: AhRow): string {
  return `${String(row.CPHM ?? '')}@${String(row.DWSJ ?? '')}`;
}

/** Unlike every other row, `jd`/`wd` here are decimal WGS-84 degrees. */
export function mapTrackPoint(row: AhRow): TrackPointRecord {
  const location = validLocation({ lng: parseNumber(row.jd as number | string, 'jd'), lat: parseNumber(row.wd as number | string, 'wd') });
  if (location === null) throw new LegacyDataInvalidError(`track point at ${String(row.jd)},${String(row.wd)}: 0,0 or outside China`);
  const speed = optional(row, 'SD');
  return {
    plate: normalisePlate(required(row, 'CPHM')),
    at: time(row, 'DWSJ'),
    location,
    speedKmh: speed === null ? null : parseNumber(speed, 'SD'),
    province: 'AH',
  };
}

export function nonEmpty(text: string, what: string): string {
  if (text.trim() === '') throw new LegacyDataInvalidError(`empty ${what}`);
  return text.trim();
}
