import type { ProvinceCode } from '../../schema/model';
import { LegacyDataInvalidError } from './errors';
import type { Mapped } from './province-adapter';
import { ErrorCodes } from '../../schema/error-codes';

/**
 * Maps each legacy record on its own: one that cannot be understood becomes a LEGACY_DATA_INVALID
 * issue and the rest still arrive. Any other error is a bug and propagates. `creditCodeOf` reads
 * the credit code an invalid record can still be asked by (enterprises), as the system wrote it.
 */
export function mapRecords<R, T>(
  province: ProvinceCode,
  raws: readonly R[],
  sourceIdOf: (r: R) => string,
  map: (r: R) => T,
  creditCodeOf?: (r: R) => unknown,
): Mapped<T> {
  const result: Mapped<T> = { records: [], invalid: [] };
  raws.forEach((raw, index) => {
    try {
      result.records.push(map(raw));
    } catch (err) {
      if (!(err instanceof LegacyDataInvalidError)) throw err;
      const creditCode = creditCodeOf ? readableCreditCode(creditCodeOf, raw) : null;
      result.invalid.push({ code: ErrorCodes.LEGACY_DATA_INVALID, province, sourceId: safeSourceId(sourceIdOf, raw, index), reason: err.reason, ...(creditCode ? { creditCode } : {}) });
    }
  });
  return result;
}

function readableCreditCode<R>(creditCodeOf: (r: R) => unknown, raw: R): string | null {
  try {
    const value = creditCodeOf(raw);
    const text = typeof value === 'string' || typeof value === 'number' ? String(value).trim().toUpperCase() : '';
    return text === '' ? null : text;
  } catch {
    return null;
  }
}

function safeSourceId<R>(sourceIdOf: (r: R) => string, raw: R, index: number): string {
  try {
    const id = sourceIdOf(raw);
    if (id !== undefined && id !== null && String(id).trim() !== '') return String(id).trim();
  } catch {
    // the id itself is what is broken; the position still tells the record apart
  }
  return `(record ${index + 1} without an id)`;
}
