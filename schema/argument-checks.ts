import {
  GraphQLError,
  getNullableType,
  isInputObjectType,
  isListType,
  type GraphQLArgument,
  type GraphQLInputType,
} from 'graphql';
import { ErrorCodes } from './error-codes';
import { unknownZoneMessage } from './zones';

/**
 * Checks on argument values that the GraphQL types cannot express, by input type, so that the
 * gateway (before any fan-out) and the province subgraphs (for callers that bypass it) refuse
 * the same values with the same BAD_USER_INPUT naming the argument (a dotted path such as
 * `filter.near.radiusKm`).
 */

export const MAX_RADIUS_KM = 1000;
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export function badArgument(argument: string, message: string): GraphQLError {
  return new GraphQLError(`argument "${argument}": ${message}`, { extensions: { code: ErrorCodes.BAD_USER_INPUT, argument } });
}

type Check = (value: Record<string, unknown> | string, argument: string) => void;

const CHECKS_BY_TYPE: Readonly<Record<string, Check>> = {
  GeoPointInput: (value, argument) => {
    const { lng, lat } = value as { lng?: unknown; lat?: unknown };
    if (typeof lng !== 'number' || !Number.isFinite(lng) || lng < -180 || lng > 180) throw badArgument(argument, `lng must be a longitude in [-180, 180], got ${String(lng)}`);
    if (typeof lat !== 'number' || !Number.isFinite(lat) || lat < -90 || lat > 90) throw badArgument(argument, `lat must be a latitude in [-90, 90], got ${String(lat)}`);
  },
  NearInput: (value, argument) => {
    const { radiusKm } = value as { radiusKm?: unknown };
    if (typeof radiusKm !== 'number' || !Number.isFinite(radiusKm) || radiusKm <= 0 || radiusKm > MAX_RADIUS_KM) {
      throw badArgument(`${argument}.radiusKm`, `must be more than 0 and at most ${MAX_RADIUS_KM} km, got ${String(radiusKm)}`);
    }
  },
  DateTime: (value, argument) => {
    if (typeof value !== 'string' || !ISO_WITH_OFFSET.test(value) || Number.isNaN(Date.parse(value))) {
      throw badArgument(argument, `must be an ISO-8601 date-time with an offset, e.g. 2026-07-12T12:00:00+08:00`);
    }
  },
};

/** Whether values of the named type have a check of their own here (input objects are walked field by field besides). */
export function hasTypeCheck(typeName: string): boolean {
  return Object.prototype.hasOwnProperty.call(CHECKS_BY_TYPE, typeName);
}

/** Input fields whose values a type cannot check on its own, by `Type.field`. */
const CHECKS_BY_FIELD: Readonly<Record<string, Check>> = Object.fromEntries(
  ['WarningFilter', 'EnterpriseFilter', 'WaybillFilter', 'RescueBaseFilter', 'WarningChangeFilter'].map((type) => [`${type}.zone`, zoneCheck]),
);

function zoneCheck(value: Record<string, unknown> | string, argument: string): void {
  const message = typeof value === 'string' ? unknownZoneMessage(value) : 'must be a zone code';
  if (message !== null) throw badArgument(argument, message);
}

function checkValue(type: GraphQLInputType, value: unknown, argument: string): void {
  if (value === null || value === undefined) return;
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    if (Array.isArray(value)) value.forEach((item, i) => checkValue(nullable.ofType, item, `${argument}.${i}`));
    return;
  }
  const check = CHECKS_BY_TYPE[nullable.name];
  // Scalars parsed to Date by a subgraph are already checked by their own parser.
  if (check && (typeof value === 'string' || (typeof value === 'object' && !(value instanceof Date)))) check(value as Record<string, unknown> | string, argument);
  if (isInputObjectType(nullable) && typeof value === 'object') {
    for (const field of Object.values(nullable.getFields())) {
      const fieldValue = (value as Record<string, unknown>)[field.name];
      const argumentOfField = `${argument}.${field.name}`;
      const fieldCheck = CHECKS_BY_FIELD[`${nullable.name}.${field.name}`];
      if (fieldCheck && fieldValue !== null && fieldValue !== undefined) fieldCheck(fieldValue as Record<string, unknown> | string, argumentOfField);
      checkValue(field.type, fieldValue, argumentOfField);
    }
  }
}

/** Throws BAD_USER_INPUT for the first argument value that breaks a check. */
export function checkArguments(definitions: readonly GraphQLArgument[], args: Record<string, unknown>): void {
  for (const def of definitions) checkValue(def.type, args[def.name], def.name);
}
