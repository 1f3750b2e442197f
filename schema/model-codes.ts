/** The contract's enumerations as value lists and their types (re-exported by model.ts). */

export const PROVINCE_CODES = ['SH', 'JS', 'ZJ', 'AH'] as const;
export type ProvinceCode = (typeof PROVINCE_CODES)[number];

export const WARNING_EVENTS = [
  'TYPHOON', 'RAINSTORM', 'BLIZZARD', 'COLD_WAVE', 'GALE', 'HIGH_TEMPERATURE', 'THUNDERSTORM', 'FOG',
  'ROAD_ICING', 'FLOOD', 'GEOLOGICAL_HAZARD', 'FOREST_FIRE', 'EARTHQUAKE', 'STORM_SURGE', 'HAZMAT_INCIDENT',
  // contract v1.1
  'HAIL', 'FROST', 'HAZE', 'DROUGHT', 'FLASH_FLOOD', 'URBAN_WATERLOGGING',
] as const;
export type WarningEvent = (typeof WARNING_EVENTS)[number];

/** Ascending severity: BLUE is the least severe, RED the most. */
export const WARNING_LEVELS = ['BLUE', 'YELLOW', 'ORANGE', 'RED'] as const;
export type WarningLevel = (typeof WARNING_LEVELS)[number];

export const CAP_SEVERITIES = ['MINOR', 'MODERATE', 'SEVERE', 'EXTREME'] as const;
export type CapSeverity = (typeof CAP_SEVERITIES)[number];

export const WARNING_MESSAGE_TYPES = ['ALERT', 'UPDATE', 'CANCEL'] as const;
export type WarningMessageType = (typeof WARNING_MESSAGE_TYPES)[number];

export const HAZARD_CLASSES = [
  'CLASS_1', 'CLASS_2_1', 'CLASS_2_2', 'CLASS_2_3', 'CLASS_3', 'CLASS_4_1', 'CLASS_4_2', 'CLASS_4_3',
  'CLASS_5_1', 'CLASS_5_2', 'CLASS_6_1', 'CLASS_6_2', 'CLASS_7', 'CLASS_8', 'CLASS_9',
] as const;
export type HazardClass = (typeof HAZARD_CLASSES)[number];

export const PACKING_GROUPS = ['I', 'II', 'III'] as const;
export type PackingGroup = (typeof PACKING_GROUPS)[number];

/** GRADE_1 is the highest. */
export const MAJOR_HAZARD_GRADES = ['GRADE_1', 'GRADE_2', 'GRADE_3', 'GRADE_4'] as const;
export type MajorHazardGrade = (typeof MAJOR_HAZARD_GRADES)[number];

export const WAYBILL_STATUSES = ['PLANNED', 'IN_TRANSIT', 'ARRIVED', 'CANCELLED'] as const;
export type WaybillStatus = (typeof WAYBILL_STATUSES)[number];

export const RESCUE_CAPABILITIES = [
  'HAZMAT', 'WATER', 'EARTHQUAKE', 'FOREST_FIRE', 'AVIATION', 'MINE', 'MOUNTAIN', 'FLOOD_CONTROL',
] as const;
export type RescueCapability = (typeof RESCUE_CAPABILITIES)[number];

/** The kind of force a team belongs to (应急救援力量类型), contract v1.1. */
export const RESCUE_FORCE_TYPES = ['FIRE_AND_RESCUE', 'PROFESSIONAL', 'SOCIAL', 'ENTERPRISE'] as const;
export type RescueForceType = (typeof RESCUE_FORCE_TYPES)[number];

export const BASE_LEVELS = ['NATIONAL', 'PROVINCIAL', 'CITY', 'COUNTY'] as const;
export type BaseLevel = (typeof BASE_LEVELS)[number];

export const MUTUAL_AID_STATUSES = ['SUBMITTED', 'ACCEPTED', 'REJECTED', 'DISPATCHED', 'COMPLETED'] as const;
export type MutualAidStatus = (typeof MUTUAL_AID_STATUSES)[number];

export const DIVISION_LEVELS = ['PROVINCE', 'CITY', 'COUNTY'] as const;
export type DivisionLevel = (typeof DIVISION_LEVELS)[number];
