import { registerEnumType } from 'type-graphql';
import {
  BASE_LEVELS,
  CAP_SEVERITIES,
  CREW_ROLES,
  HAZARD_CLASSES,
  MAJOR_HAZARD_GRADES,
  MUTUAL_AID_STATUSES,
  PACKING_GROUPS,
  PROVINCE_CODES,
  RESCUE_CAPABILITIES,
  RESCUE_FORCE_TYPES,
  WAYBILL_STATUSES,
  WARNING_EVENTS,
  WARNING_LEVELS,
  WARNING_MESSAGE_TYPES,
} from '../model';
import { ENUM_DESCRIPTIONS } from './enum-descriptions';

/** The contract's enums, registered with type-graphql from the value lists of schema/model.ts. */

type EnumObject<T extends string> = { [K in T]: K };

/** Registers an enum under its GraphQL name, described from ENUM_DESCRIPTIONS. */
export function enumOf<T extends string>(values: readonly T[], name: string): EnumObject<T> {
  const object = Object.fromEntries(values.map((v) => [v, v])) as EnumObject<T>;
  const described = ENUM_DESCRIPTIONS[name];
  const valuesConfig = Object.fromEntries(values.flatMap((v) => { const d = described?.values[v]; return d ? [[v, { description: d }]] : []; })) as Partial<Record<T, { description: string }>>;
  registerEnumType(object, { name, description: described?.type, valuesConfig });
  return object;
}

export const ProvinceCodeEnum = enumOf(PROVINCE_CODES, 'ProvinceCode');
export const WarningEventEnum = enumOf(WARNING_EVENTS, 'WarningEvent');
export const WarningLevelEnum = enumOf(WARNING_LEVELS, 'WarningLevel');
export const CapSeverityEnum = enumOf(CAP_SEVERITIES, 'CapSeverity');
export const WarningMessageTypeEnum = enumOf(WARNING_MESSAGE_TYPES, 'WarningMessageType');
export const HazardClassEnum = enumOf(HAZARD_CLASSES, 'HazardClass');
export const PackingGroupEnum = enumOf(PACKING_GROUPS, 'PackingGroup');
export const MajorHazardGradeEnum = enumOf(MAJOR_HAZARD_GRADES, 'MajorHazardGrade');
export const WaybillStatusEnum = enumOf(WAYBILL_STATUSES, 'WaybillStatus');
export const RescueCapabilityEnum = enumOf(RESCUE_CAPABILITIES, 'RescueCapability');
export const RescueForceTypeEnum = enumOf(RESCUE_FORCE_TYPES, 'RescueForceType');
export const BaseLevelEnum = enumOf(BASE_LEVELS, 'BaseLevel');
export const MutualAidStatusEnum = enumOf(MUTUAL_AID_STATUSES, 'MutualAidStatus');
export const CrewRoleEnum = enumOf(CREW_ROLES, 'CrewRole');
