import { Field, ObjectType } from 'type-graphql';
import { PARK_RISK_GRADES, type MajorHazardGrade, type ParkRiskGrade } from '../model';
import { DateScalar } from './date';
import { enumOf, MajorHazardGradeEnum } from './enums';

/** Contract v1.1, "hazmat: enterprises": the enterprise's park, licence and major hazard units. */

export const ParkRiskGradeEnum = enumOf(PARK_RISK_GRADES, 'ParkRiskGrade');

@ObjectType({ description: 'A chemical park an enterprise lies in.\n企业所在的化工园区。' })
export class ChemicalPark {
  @Field(() => String, { description: 'Its name.\n园区名称。' }) name!: string;
  @Field(() => ParkRiskGradeEnum, { nullable: true, description: 'Its safety-risk grade, when assessed.\n园区安全风险等级（已评定时）。' }) riskGrade!: ParkRiskGrade | null;
}

@ObjectType({ description: 'Work-safety licence for hazardous chemicals (危险化学品安全生产许可证).' })
export class SafetyLicence {
  @Field(() => String, { description: 'The licence number.\n许可证编号。' }) number!: string;
  @Field(() => DateScalar, { nullable: true, description: 'Null when the licence has no end (长期).' }) validUntil!: string | null;
  @Field(() => Boolean, { description: 'validUntil is null, or today or later (Beijing).\n许可证是否有效：validUntil 为 null，或不早于今天（北京时间）。' }) valid!: boolean;
}

@ObjectType({ description: 'A unit of the site that is a major hazard installation on its own (重大危险源单元).' })
export class MajorHazardUnit {
  @Field(() => String, { description: 'Its name.\n单元名称。' }) name!: string;
  @Field(() => MajorHazardGradeEnum, { description: 'Its major hazard grade.\n重大危险源等级。' }) grade!: MajorHazardGrade;
}
