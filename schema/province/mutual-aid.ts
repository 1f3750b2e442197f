import { Directive, Field, Float, ID, InputType, ObjectType } from 'type-graphql';
import type { MutualAidStatus, ProvinceCode } from '../model';
import { GeoPointInput, Node } from './common';
import { DateTimeScalar } from './date-time';
import { MutualAidStatusEnum, ProvinceCodeEnum } from './enums';
import { RescueBase } from './rescue';

@InputType()
export class IncidentInput {
  @Field(() => String) title!: string;
  @Field(() => GeoPointInput) location!: GeoPointInput;
  @Field(() => DateTimeScalar) occurredAt!: Date;
}

@InputType()
export class MaterialRequestInput {
  @Field(() => String) code!: string;
  @Field(() => Float) quantity!: number;
}

@InputType()
export class MutualAidRequestInput {
  @Field(() => ID) clientRequestId!: string;
  @Field(() => ID) baseId!: string;
  @Field(() => ProvinceCodeEnum) fromProvince!: ProvinceCode;
  @Field(() => IncidentInput) incident!: IncidentInput;
  @Field(() => [ID], { nullable: true }) teamIds?: string[] | null;
  @Field(() => [MaterialRequestInput], { nullable: true }) materials?: MaterialRequestInput[] | null;
  @Field(() => String) contact!: string;
}

@ObjectType({ implements: Node })
@Directive('@key(fields: "id")')
export class MutualAidRequest {
  @Field(() => ID) id!: string;
  @Field(() => ID) clientRequestId!: string;
  @Field(() => RescueBase) base!: RescueBase;
  @Field(() => ProvinceCodeEnum) fromProvince!: ProvinceCode;
  @Field(() => ProvinceCodeEnum) toProvince!: ProvinceCode;
  @Field(() => MutualAidStatusEnum) status!: MutualAidStatus;
  @Field(() => DateTimeScalar) updatedAt!: string;
}
