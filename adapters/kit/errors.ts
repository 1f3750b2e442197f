import type { ProvinceCode } from '../../schema/model';
import { ErrorCodes, type ProvinceFailureCode } from '../../schema/error-codes';

/** A legacy system: one of the four provinces', or the region's credit platform (CR). */
export type LegacySource = ProvinceCode | 'CR';

/** A legacy record that could not be mapped to the contract: reported, left out, never guessed. */
export interface LegacyDataIssue {
  code: typeof ErrorCodes.LEGACY_DATA_INVALID;
  province: ProvinceCode;
  sourceId: string;
  reason: string;
  /** The credit code the record can still be asked by (an enterprise's), when the system gave one. */
  creditCode?: string;
}

/** Raised by a mapper for one record; the adapter turns it into a LegacyDataIssue. */
export class LegacyDataInvalidError extends Error {
  readonly code = ErrorCodes.LEGACY_DATA_INVALID;
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'LegacyDataInvalidError';
  }
}

/**
 * What a failed call tells about a write: `not-sent` (nothing was acted on: refused before sending,
 * e.g. an open circuit, or declined by the system unprocessed, a 429),
 * `answered` (the system answered, if only with a 5xx: it will not act on this attempt later), or
 * `unknown` (no answer: the request may still reach the system and be carried out).
 */
export type Delivery = 'not-sent' | 'answered' | 'unknown';

/** The legacy system could not answer (down, 5xx, refused, malformed envelope) or did not in time. */
export class ProvinceUnavailableError extends Error {
  constructor(
    readonly province: LegacySource,
    readonly code: ProvinceFailureCode,
    message: string,
    readonly endpoint?: string,
    readonly delivery: Delivery = 'unknown',
  ) {
    super(message);
    this.name = 'ProvinceUnavailableError';
  }

  /** The system could not answer (down, 5xx, refused, malformed envelope): PROVINCE_UNAVAILABLE. */
  static unavailable(province: LegacySource, message: string, endpoint?: string, delivery?: Delivery): ProvinceUnavailableError {
    return new ProvinceUnavailableError(province, ErrorCodes.PROVINCE_UNAVAILABLE, message, endpoint, delivery);
  }
}

/** The legacy system understood the request and refused it (e.g. an unknown base in a write). */
export class LegacyRejectedError extends Error {
  readonly code = ErrorCodes.LEGACY_REJECTED;
  constructor(
    readonly province: ProvinceCode,
    message: string,
    readonly legacyCode?: string,
  ) {
    super(message);
    this.name = 'LegacyRejectedError';
  }
}
