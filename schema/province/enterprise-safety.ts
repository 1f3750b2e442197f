import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { PARK_RISK_GRADES, type MajorHazardGrade, type ParkRiskGrade } from '../model';
import { DateScalar } from './date';
import { MajorHazardGradeEnum } from './enums';

/** Contract v1.1, "hazmat: enterprises": the enterprise's park, licence and major hazard units. */

export const ParkRiskGradeEnum = Object.fromEntries(PARK_RISK_GRADES.map((g) => [g, g])) as { [K in ParkRiskGrade]: K };
registerEnumType(ParkRiskGradeEnum, { name: 'ParkRiskGrade', description: 'Chemical park safety-risk grade (化工园区安全风险等级): A highest risk … D lowest.' });

@ObjectType()
export class ChemicalPark {
  @Field(() => String) name!: string;
  @Field(() => ParkRiskGradeEnum, { nullable: true }) riskGrade!: ParkRiskGrade | null;
}

@ObjectType({ description: 'Work-safety licence for hazardous chemicals (危险化学品安全生产许可证).' })
export class SafetyLicence {
  @Field(() => String) number!: string;
  @Field(() => DateScalar, { nullable: true, description: 'Null when the licence has no end (长期).' }) validUntil!: string | null;
  @Field(() => Boolean, { description: 'validUntil is null, or today or later (Beijing).' }) valid!: boolean;
}

@ObjectType({ description: 'A unit of the site that is a major hazard installation on its own (重大危险源单元).' })
export class MajorHazardUnit {
  @Field(() => String) name!: string;
  @Field(() => MajorHazardGradeEnum) grade!: MajorHazardGrade;
}
