import type { HazmatEnterpriseRecord } from '../../schema/model';

/**
 * Values of valid records that their system wrote but that cannot be read: the field is null and
 * the record stays valid (additions-v1.1.md, quirks), so they are no invalid records, but each is
 * one of its collection's data-quality reasons.
 */

export const MISWRITTEN_CAS = 'CAS number with a wrong check digit (casNumber null, record valid)';

const isObject = (r: unknown): r is Record<string, unknown> => typeof r === 'object' && r !== null;

/** One reason per unreadable value of the records. */
export function unreadableValueReasons(records: readonly unknown[]): string[] {
  const reasons: string[] = [];
  for (const r of records) {
    const miswritten = isObject(r) ? (r as Partial<HazmatEnterpriseRecord>).miswrittenCas : undefined;
    for (let i = 0; i < (miswritten?.length ?? 0); i++) reasons.push(MISWRITTEN_CAS);
  }
  return reasons;
}
