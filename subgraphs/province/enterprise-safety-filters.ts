import { licenceValid } from '../../adapters/kit/safety-licence';
import type { HazmatEnterpriseRecord } from '../../schema/model';
import type { EnterpriseFilter } from '../../schema/province/hazmat';

/**
 * EnterpriseFilter's v1.1 arguments: parkRiskGrades, keySupervised, licenceExpired. An enterprise
 * without a park, or whose park is not graded, matches no grade; one without a licence matches
 * neither licenceExpired: true nor false. keySupervised: false is the complement of true (no
 * holding known to be under key supervision).
 */

type Predicate = (e: HazmatEnterpriseRecord) => boolean;

const holdsKeySupervised = (e: HazmatEnterpriseRecord): boolean => e.chemicals.some((c) => c.keySupervised === true);

export function enterpriseSafetyPredicates(filter: EnterpriseFilter, now: Date): (Predicate | null)[] {
  const { parkRiskGrades, keySupervised, licenceExpired } = filter;
  return [
    parkRiskGrades !== null && parkRiskGrades !== undefined ? (e) => e.park?.riskGrade !== null && e.park?.riskGrade !== undefined && parkRiskGrades.includes(e.park.riskGrade) : null,
    keySupervised !== null && keySupervised !== undefined ? (e) => holdsKeySupervised(e) === keySupervised : null,
    licenceExpired !== null && licenceExpired !== undefined ? (e) => e.licence !== null && licenceValid(e.licence, now) !== licenceExpired : null,
  ];
}

/** Whether the filter's answer depends on today's date (the licences' validity). */
export const filtersByToday = (filter: EnterpriseFilter | null | undefined): boolean => filter?.licenceExpired !== null && filter?.licenceExpired !== undefined;
