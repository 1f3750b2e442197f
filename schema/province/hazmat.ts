import { Directive, Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { PREFERRED_HOLDING_RULE } from '../credit-code-holders';
import type { HazardClass, MajorHazardGrade, ParkRiskGrade, ProvinceCode, SafetyLicenceRecord } from '../model';
import { AdminDivision } from './admin-division';
import { GeoPoint, NearInput, Node, PageInfo, Provenance } from './common';
import { InvalidRecord } from './data-quality';
import { ChemicalPark, MajorHazardUnit, ParkRiskGradeEnum, SafetyLicence } from './enterprise-safety';
import { DateTimeScalar } from './date-time';
import { HazardClassEnum, MajorHazardGradeEnum, ProvinceCodeEnum } from './enums';

/** Query.hazmatEnterprise(creditCode:). */
export const HAZMAT_ENTERPRISE_BY_CODE = `The record under the credit code in whichever province's system holds it: a site may be listed by a province other than the one that registered the company. ${PREFERRED_HOLDING_RULE} Null when no province holds it, with error OUTSIDE_REGION for a code registered outside the region.`;

@ObjectType()
export class ChemicalHolding {
  @Field(() => String) unNumber!: string;
  @Field(() => String) name!: string;
  @Field(() => HazardClassEnum) hazardClass!: HazardClass;
  @Field(() => Float) tonnes!: number;
  @Field(() => String, { nullable: true, description: 'CAS registry number, e.g. 7782-50-5; null where the source has none.' }) casNumber!: string | null;
  @Field(() => Boolean, { nullable: true, description: 'On the national list of hazardous chemicals under key supervision (重点监管危险化学品).' })
  keySupervised!: boolean | null;
  @Field(() => Boolean, { nullable: true, description: 'Highly toxic (剧毒化学品).' }) highlyToxic!: boolean | null;
}

@ObjectType({ implements: Node })
@Directive('@key(fields: "id")')
@Directive('@key(fields: "creditCode")')
export class HazmatEnterprise {
  @Field(() => ID) id!: string;
  @Field(() => ID, { description: 'Unified social credit code, upper case, check character valid.' }) creditCode!: string;
  @Field(() => String) name!: string;
  @Field(() => ProvinceCodeEnum) province!: ProvinceCode;
  @Field(() => AdminDivision) division!: AdminDivision;
  @Field(() => GeoPoint, { nullable: true }) location!: GeoPoint | null;
  @Field(() => MajorHazardGradeEnum, { nullable: true, description: 'Null when the site is not a major hazard installation.' })
  majorHazardGrade!: MajorHazardGrade | null;
  @Field(() => [ChemicalHolding], { nullable: true, description: 'Conditional: HAZMAT_DETAIL.' }) chemicals!: ChemicalHolding[] | null;
  @Field(() => String, { nullable: true, description: 'Conditional: HAZMAT_DETAIL.' }) contactPhone!: string | null;
  @Field(() => DateTimeScalar) updatedAt!: string;
  @Field(() => ChemicalPark, { nullable: true }) park!: ChemicalPark | null;
  @Field(() => SafetyLicence, { nullable: true }) licence!: SafetyLicenceRecord | null;
  @Field(() => [MajorHazardUnit], { nullable: true, description: 'Conditional: HAZMAT_DETAIL.' }) majorHazardUnits!: MajorHazardUnit[] | null;
  @Field(() => Provenance) provenance!: Provenance;
}

@InputType()
export class EnterpriseFilter {
  @Field(() => [ProvinceCodeEnum], { nullable: true }) provinces?: ProvinceCode[] | null;
  @Field(() => [ID], { nullable: true }) adcodes?: string[] | null;
  @Field(() => [MajorHazardGradeEnum], { nullable: true }) majorHazardGrades?: MajorHazardGrade[] | null;
  @Field(() => [String], { nullable: true }) unNumbers?: string[] | null;
  @Field(() => [HazardClassEnum], { nullable: true }) hazardClasses?: HazardClass[] | null;
  @Field(() => NearInput, { nullable: true }) near?: NearInput | null;
  @Field(() => DateTimeScalar, { nullable: true }) updatedSince?: Date | null;
  @Field(() => ID, { nullable: true }) zone?: string | null;
  @Field(() => [ParkRiskGradeEnum], { nullable: true, description: 'Only enterprises in a chemical park of these grades.' }) parkRiskGrades?: ParkRiskGrade[] | null;
  @Field(() => Boolean, { nullable: true, description: 'Only enterprises holding at least one chemical under key supervision.' }) keySupervised?: boolean | null;
  @Field(() => Boolean, { nullable: true, description: 'Only enterprises whose licence has expired (false: only valid licences).' }) licenceExpired?: boolean | null;
}

@ObjectType()
export class HazmatEnterpriseEdge {
  @Field(() => String) cursor!: string;
  @Field(() => HazmatEnterprise) node!: HazmatEnterprise;
  @Field(() => Float, { nullable: true }) distanceKm!: number | null;
}

@ObjectType()
export class HazmatEnterpriseConnection {
  @Field(() => [HazmatEnterpriseEdge]) edges!: HazmatEnterpriseEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Int) totalCount!: number;
  @Field(() => [ProvinceCodeEnum]) unavailableProvinces!: ProvinceCode[];
  @Field(() => [InvalidRecord], { description: 'On the first page: the records of the sources asked that could not be mapped and might have belonged to the answer (not GraphQL errors).' })
  invalidRecords!: InvalidRecord[];
}
