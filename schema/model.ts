/**
 * The contract's province data as plain records (contract.graphql in TypeScript terms).
 *
 * These are what an adapter produces from a legacy system, what the province subgraph serves,
 * and what the simulators' canonical data set holds (the oracle). References to other records are
 * kept as keys (adcodes, global ids, plates); resolving them is the subgraphs' and gateway's job.
 * Times are ISO-8601 strings with an offset; coordinates are WGS-84.
 */

import {
  PROVINCE_CODES,
  type BaseLevel,
  type HazardClass,
  type MajorHazardGrade,
  type MutualAidStatus,
  type PackingGroup,
  type ProvinceCode,
  type RescueCapability,
  type RescueForceType,
  type WarningEvent,
  type WarningLevel,
  type WarningMessageType,
  type WaybillStatus,
} from './model-codes';

export * from './model-codes';

/** ISO-8601 with an offset, e.g. "2026-07-12T08:30:00+08:00". */
export type IsoDateTime = string;

export interface GeoPoint {
  lng: number;
  lat: number;
}

export interface Provenance {
  province: ProvinceCode;
  system: string;
  sourceId: string;
  fetchedAt: IsoDateTime;
  stale: boolean;
}

/** Global ids: "<province>:<Type>:<legacy id>". */
export type NodeTypeName = 'Warning' | 'HazmatEnterprise' | 'Waybill' | 'RescueBase' | 'MutualAidRequest' | 'RescueTeam';

export interface WarningRecord {
  id: string;
  province: ProvinceCode;
  sourceId: string;
  event: WarningEvent;
  level: WarningLevel;
  messageType: WarningMessageType;
  /** Global id of the warning that this UPDATE or CANCEL refers to; null for an ALERT. */
  supersedesId: string | null;
  headline: string;
  description: string;
  instruction: string | null;
  issuer: string;
  issuedAt: IsoDateTime;
  effectiveAt: IsoDateTime;
  expiresAt: IsoDateTime | null;
  /** Adcodes as normalised (abolished codes mapped to their successors); may name cities. */
  areaCodes: string[];
  updatedAt: IsoDateTime;
}

export interface ChemicalHolding {
  unNumber: string;
  name: string;
  hazardClass: HazardClass;
  tonnes: number;
  /** Check digit valid; null where the source has none, wrote none yet or wrote a wrong one. */
  casNumber: string | null;
  /** Null in records written before the v1.1 release. */
  keySupervised: boolean | null;
  highlyToxic: boolean | null;
}

export interface HazmatEnterpriseRecord {
  id: string;
  province: ProvinceCode;
  sourceId: string;
  /** Upper case, check character valid. */
  creditCode: string;
  name: string;
  divisionCode: string;
  location: GeoPoint | null;
  majorHazardGrade: MajorHazardGrade | null;
  chemicals: ChemicalHolding[];
  contactPhone: string | null;
  /** Null outside chemical parks and in records written before v1.1. */
  park: ChemicalParkRecord | null;
  licence: SafetyLicenceRecord | null;
  /** Null where the system has not recorded them (records written before v1.1). */
  majorHazardUnits: MajorHazardUnitRecord[] | null;
  /** CAS numbers the system wrote with a wrong check digit: their holdings' casNumber is null, the record stays valid. */
  miswrittenCas: MiswrittenCas[];
  updatedAt: IsoDateTime;
}

/** 化工园区安全风险等级: A highest risk … D lowest. */
export const PARK_RISK_GRADES = ['A', 'B', 'C', 'D'] as const;
export type ParkRiskGrade = (typeof PARK_RISK_GRADES)[number];

export interface ChemicalParkRecord {
  name: string;
  riskGrade: ParkRiskGrade | null;
}

/** "YYYY-MM-DD", a Beijing calendar day. */
export type IsoCalendarDate = string;

/** 危险化学品安全生产许可证. Its validity is worked out against today (Beijing) when served. */
export interface SafetyLicenceRecord {
  number: string;
  /** The last valid day; null for a licence without end (长期). */
  validUntil: IsoCalendarDate | null;
}

export interface MajorHazardUnitRecord {
  name: string;
  grade: MajorHazardGrade;
}

export interface MiswrittenCas {
  unNumber: string;
  /** As the system wrote it. */
  written: string;
}

export interface DangerousGoods {
  unNumber: string;
  name: string;
  hazardClass: HazardClass;
  packingGroup: PackingGroup | null;
  kilograms: number;
}

export interface WaybillPartyRecord {
  name: string;
  creditCode: string | null;
  divisionCode: string | null;
}

export const CREW_ROLES = ['DRIVER', 'ESCORT'] as const;
export type CrewRole = (typeof CREW_ROLES)[number];

/** A driver or escort of a waybill: personal data, shared under TRANSPORT_CREW and never logged. */
export interface CrewMemberRecord {
  role: CrewRole;
  name: string;
  /** Road transport qualification certificate number (从业资格证号). */
  qualificationCertificate: string | null;
  phone: string | null;
}

export interface WaybillRecord {
  id: string;
  province: ProvinceCode;
  /** The waybill number, which is also its legacy id in every system. */
  sourceId: string;
  number: string;
  status: WaybillStatus;
  /** Normalised plate: upper case, no separator dot. */
  plate: string;
  carrierCreditCode: string | null;
  origin: WaybillPartyRecord;
  destination: WaybillPartyRecord;
  goods: DangerousGoods[];
  departedAt: IsoDateTime | null;
  updatedAt: IsoDateTime;
  /** The JT/T 617 fields of contract v1.1 (null where the system has none, as in records written before its release). */
  consignor: WaybillPartyRecord | null;
  /** Normalised like `plate`, ending in 挂. */
  trailerPlate: string | null;
  tankNumber: string | null;
  transportPermit: string | null;
  /** Null when no member is recorded. */
  crew: CrewMemberRecord[] | null;
  emergencyPhone: string | null;
}

/** The waybill fields of contract v1.1 (JT/T 617), as one part of a record. */
export type WaybillTransportFields = Pick<WaybillRecord, 'consignor' | 'trailerPlate' | 'tankNumber' | 'transportPermit' | 'crew' | 'emergencyPhone'>;

export interface TrackPointRecord {
  plate: string;
  at: IsoDateTime;
  location: GeoPoint;
  speedKmh: number | null;
  /** The province whose system recorded the point. */
  province: ProvinceCode;
}

export interface RescueTeamRecord {
  /** Global id "<province>:RescueTeam:<legacy team id>". */
  id: string;
  sourceId: string;
  name: string;
  members: number;
  specialty: RescueCapability | null;
  /** Absent on records their system wrote before its 2026 release (contract v1.1). */
  forceType?: RescueForceType;
}

export interface MaterialStock {
  code: string;
  name: string;
  quantity: number;
  unit: string;
}

export interface RescueBaseRecord {
  id: string;
  province: ProvinceCode;
  sourceId: string;
  name: string;
  level: BaseLevel;
  creditCode: string | null;
  divisionCode: string;
  location: GeoPoint | null;
  capabilities: RescueCapability[];
  teams: RescueTeamRecord[];
  materials: MaterialStock[];
  onDuty: boolean;
  dutyPhone: string | null;
  updatedAt: IsoDateTime;
}

export interface MutualAidRequestRecord {
  id: string;
  /** The province of the base asked (toProvince). */
  province: ProvinceCode;
  sourceId: string;
  clientRequestId: string;
  baseId: string;
  fromProvince: ProvinceCode;
  status: MutualAidStatus;
  updatedAt: IsoDateTime;
}

export interface MutualAidRequestInput {
  clientRequestId: string;
  baseId: string;
  fromProvince: ProvinceCode;
  incident: { title: string; location: GeoPoint; occurredAt: IsoDateTime };
  teamIds: string[];
  materials: { code: string; quantity: number }[];
  contact: string;
}

export function globalId(province: ProvinceCode, type: NodeTypeName, sourceId: string): string {
  return `${province}:${type}:${sourceId}`;
}

export interface ParsedGlobalId {
  province: ProvinceCode;
  type: NodeTypeName;
  sourceId: string;
}

const NODE_TYPES: readonly NodeTypeName[] = ['Warning', 'HazmatEnterprise', 'Waybill', 'RescueBase', 'MutualAidRequest', 'RescueTeam'];

/** Null when the id is not of the form "<province>:<Type>:<legacy id>" with a known province and type. */
export function parseGlobalId(id: string): ParsedGlobalId | null {
  const first = id.indexOf(':');
  const second = id.indexOf(':', first + 1);
  if (first < 0 || second < 0) return null;
  const province = id.slice(0, first);
  const type = id.slice(first + 1, second);
  const sourceId = id.slice(second + 1);
  if (!(PROVINCE_CODES as readonly string[]).includes(province)) return null;
  if (!(NODE_TYPES as readonly string[]).includes(type) || sourceId.length === 0) return null;
  return { province: province as ProvinceCode, type: type as NodeTypeName, sourceId };
}
