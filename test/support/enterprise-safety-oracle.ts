import type { HazmatEnterpriseRecord } from '../../schema/model';
import type { CanonicalDataset } from '../../simulators/dataset/types';

/** The v1.1 enterprise fields (contract-v1.1.graphql, "hazmat: enterprises") as the gateway should answer them. */

export const SAFETY_SELECTION =
  'id province chemicals { unNumber casNumber keySupervised highlyToxic } park { name riskGrade } licence { number validUntil valid } majorHazardUnits { name grade }';

/** Today in Beijing at the data set's now (the test federation's subgraphs start their clock there). */
export function todayOf(ds: CanonicalDataset): string {
  return new Date(ds.options.now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** A licence is valid without an end, or up to and including its last day. */
export const licenceValidOn = (licence: NonNullable<HazmatEnterpriseRecord['licence']>, today: string): boolean => licence.validUntil === null || licence.validUntil >= today;

export function expectedSafety(e: HazmatEnterpriseRecord, today: string) {
  return {
    id: e.id,
    province: e.province,
    chemicals: e.chemicals.map((c) => ({ unNumber: c.unNumber, casNumber: c.casNumber, keySupervised: c.keySupervised, highlyToxic: c.highlyToxic })),
    park: e.park,
    licence: e.licence ? { ...e.licence, valid: licenceValidOn(e.licence, today) } : null,
    majorHazardUnits: e.majorHazardUnits,
  };
}
