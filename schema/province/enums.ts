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
  WAYBILL_STATUSES,
  WARNING_EVENTS,
  WARNING_LEVELS,
  WARNING_MESSAGE_TYPES,
} from '../model';

/** The contract's enums, registered with type-graphql from the value lists of schema/model.ts. */

type EnumObject<T extends string> = { [K in T]: K };

function enumOf<T extends string>(values: readonly T[], name: string, description?: string): EnumObject<T> {
  const object = Object.fromEntries(values.map((v) => [v, v])) as EnumObject<T>;
  registerEnumType(object, { name, description });
  return object;
}

export const ProvinceCodeEnum = enumOf(PROVINCE_CODES, 'ProvinceCode');
export const WarningEventEnum = enumOf(WARNING_EVENTS, 'WarningEvent');
export const WarningLevelEnum = enumOf(WARNING_LEVELS, 'WarningLevel');
export const CapSeverityEnum = enumOf(CAP_SEVERITIES, 'CapSeverity', 'CAP 1.2 severity: RED Extreme, ORANGE Severe, YELLOW Moderate, BLUE Minor.');
export const WarningMessageTypeEnum = enumOf(WARNING_MESSAGE_TYPES, 'WarningMessageType');
export const HazardClassEnum = enumOf(HAZARD_CLASSES, 'HazardClass');
export const PackingGroupEnum = enumOf(PACKING_GROUPS, 'PackingGroup');
export const MajorHazardGradeEnum = enumOf(MAJOR_HAZARD_GRADES, 'MajorHazardGrade', 'Major hazard installation grade; GRADE_1 is the highest.');
export const WaybillStatusEnum = enumOf(WAYBILL_STATUSES, 'WaybillStatus');
export const RescueCapabilityEnum = enumOf(RESCUE_CAPABILITIES, 'RescueCapability');
export const BaseLevelEnum = enumOf(BASE_LEVELS, 'BaseLevel');
export const MutualAidStatusEnum = enumOf(MUTUAL_AID_STATUSES, 'MutualAidStatus');
export const CrewRoleEnum = enumOf(CREW_ROLES, 'CrewRole');
