import { normaliseAdcode } from '../kit/adcodes';
import { decodeHazardClass, decodeMajorHazardGrade, decodePackingGroup, decodeWaybillStatus } from '../kit/code-tables';
import { normaliseCreditCode } from '../kit/credit-code';
import { holdingsOf } from '../kit/enterprise-safety';
import { LegacyDataInvalidError } from '../kit/errors';
import { normalisePlate } from '../kit/plate';
import { parseKilograms, parseNumber, parseTonnes } from '../kit/units';
import { globalId, type HazmatEnterpriseRecord, type TrackPointRecord, type WaybillPartyRecord, type WaybillRecord } from '../../schema/model';
import { children, requiredText, text, type XmlRecord } from './envelope';
import { enterpriseSafety, holdingSafety } from './map-safety';
import { mapTransport } from './map-transport';
import { location, optionalTime, requiredTime } from './row-values';

/** HazardService and TransportService rows. */

function unNumber(row: XmlRecord): string {
  const un = requiredText(row, 'UN_NO');
  if (!/^\d{4}$/.test(un)) throw new LegacyDataInvalidError(`invalid UN_NO "${un}"`);
  return un;
}

const optionalCreditCode = (row: XmlRecord, name: string): string | null => {
  const code = text(row, name);
  return code === null ? null : normaliseCreditCode(code);
};

export function mapEnterprise(row: XmlRecord): HazmatEnterpriseRecord {
  const sourceId = requiredText(row, 'QY_ID');
  return {
    id: globalId('JS', 'HazmatEnterprise', sourceId),
    province: 'JS',
    sourceId,
    creditCode: normaliseCreditCode(requiredText(row, 'TYSHXYDM')),
    name: requiredText(row, 'QY_MC'),
    divisionCode: normaliseAdcode(requiredText(row, 'XZQH_DM')),
    location: location(row),
    majorHazardGrade: decodeMajorHazardGrade('JS', text(row, 'ZDWXY_DJ')),
    ...holdingsOf(
      children(row, 'CHEMICALS', 'CHEMICAL').map((c) => ({
        unNumber: unNumber(c),
        name: requiredText(c, 'HXP_MC'),
        hazardClass: decodeHazardClass(text(c, 'WXX_LB')),
        tonnes: parseTonnes(requiredText(c, 'CL'), 'CL'),
        ...holdingSafety(c),
      })),
    ),
    contactPhone: text(row, 'LXDH'),
    ...enterpriseSafety(row),
    updatedAt: requiredTime(row, 'UPDATE_TIME'),
  };
}

function party(row: XmlRecord, prefix: 'QYD' | 'MDD'): WaybillPartyRecord {
  const division = text(row, `${prefix}_XZQH`);
  return {
    name: requiredText(row, `${prefix}_MC`),
    creditCode: optionalCreditCode(row, `${prefix}_TYSHXYDM`),
    divisionCode: division === null ? null : normaliseAdcode(division),
  };
}

export function mapWaybill(row: XmlRecord): WaybillRecord {
  const number = requiredText(row, 'YD_BH');
  return {
    id: globalId('JS', 'Waybill', number),
    province: 'JS',
    sourceId: number,
    number,
    status: decodeWaybillStatus('JS', text(row, 'ZT')),
    plate: normalisePlate(requiredText(row, 'CPH')),
    carrierCreditCode: optionalCreditCode(row, 'CYR_TYSHXYDM'),
    origin: party(row, 'QYD'),
    destination: party(row, 'MDD'),
    goods: children(row, 'HWS', 'HW').map((g) => ({
      unNumber: unNumber(g),
      name: requiredText(g, 'MC'),
      hazardClass: decodeHazardClass(text(g, 'LB')),
      packingGroup: decodePackingGroup(text(g, 'BZLB')),
      kilograms: parseKilograms(requiredText(g, 'ZL_KG'), 'ZL_KG'),
    })),
    departedAt: optionalTime(row, 'FCSJ'),
    updatedAt: requiredTime(row, 'UPDATE_TIME'),
    ...mapTransport(row),
  };
}

/** The id a track point is reported under when it cannot be mapped (points have none of their own). */
export const trackPointSourceId = (row: XmlRecord): string => `${text(row, 'CPH') ?? '?'}@${text(row, 'GPS_TIME') ?? '?'}`;

export function mapTrackPoint(row: XmlRecord): TrackPointRecord {
  const position = location(row);
  if (position === null) throw new LegacyDataInvalidError('track point without a valid LNG/LAT');
  const speed = text(row, 'SPEED');
  return {
    plate: normalisePlate(requiredText(row, 'CPH')),
    at: requiredTime(row, 'GPS_TIME'),
    location: position,
    speedKmh: speed === null ? null : parseNumber(speed, 'SPEED'),
    province: 'JS',
  };
}
