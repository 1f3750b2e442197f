import { GraphQLError } from 'graphql';
import type { GeoPoint } from '../../schema/model';
import { ErrorCodes } from '../../schema/error-codes';

export function badUserInput(argument: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCodes.BAD_USER_INPUT, argument } });
}

const ADCODE = /^\d{6}$/;

export function isAdcode(value: string): boolean {
  return ADCODE.test(value);
}

/** A GB/T 2260 code is six digits; anything else is the caller's mistake, not an unknown division. */
export function requireAdcode(value: string, argument: string): string {
  if (!isAdcode(value)) throw badUserInput(argument, `${argument} must be a six-digit GB/T 2260 code, got "${value}"`);
  return value;
}

export function requireGeoPoint(value: GeoPoint, argument: string): GeoPoint {
  const { lng, lat } = value;
  if (!Number.isFinite(lng) || lng < -180 || lng > 180) throw badUserInput(argument, `${argument}.lng must be a longitude in [-180, 180], got ${lng}`);
  if (!Number.isFinite(lat) || lat < -90 || lat > 90) throw badUserInput(argument, `${argument}.lat must be a latitude in [-90, 90], got ${lat}`);
  return { lng, lat };
}
