import { ArgsType, Directive, Field, ID, Int } from 'type-graphql';
import { DateTimeScalar } from './date-time';
import { EnterpriseFilter } from './hazmat';
import { RescueBaseFilter } from './rescue';
import { WarningFilter } from './warning';
import { WaybillFilter } from './waybill';

/** Field arguments in the contract's order (type-graphql prints parameter decorators last first). */

@ArgsType()
export class WarningsArgs {
  @Field(() => WarningFilter, { nullable: true }) filter?: WarningFilter | null;
  @Field(() => Int, { nullable: true, defaultValue: 50 }) first?: number | null;
  @Field(() => String, { nullable: true }) after?: string | null;
}

@ArgsType()
export class HazmatEnterprisesArgs {
  @Field(() => EnterpriseFilter, { nullable: true }) filter?: EnterpriseFilter | null;
  @Field(() => Int, { nullable: true, defaultValue: 50 }) first?: number | null;
  @Field(() => String, { nullable: true }) after?: string | null;
}

@ArgsType()
export class WaybillsArgs {
  @Field(() => WaybillFilter, { nullable: true }) filter?: WaybillFilter | null;
  @Field(() => Int, { nullable: true, defaultValue: 50 }) first?: number | null;
  @Field(() => String, { nullable: true }) after?: string | null;
}

@ArgsType()
export class RescueBasesArgs {
  @Field(() => RescueBaseFilter, { nullable: true }) filter?: RescueBaseFilter | null;
  @Field(() => Int, { nullable: true, defaultValue: 50 }) first?: number | null;
  @Field(() => String, { nullable: true }) after?: string | null;
}

@ArgsType()
export class ResourceViewArgs {
  @Field(() => DateTimeScalar, { nullable: true }) updatedSince?: Date | null;
  @Field(() => Int, { nullable: true, defaultValue: 50 }) first?: number | null;
  @Field(() => String, { nullable: true }) after?: string | null;
  @Directive('@inaccessible')
  @Field(() => [ID], {
    nullable: true,
    description: "Only the organisations of these keys (this province's parts of them): how the shard router completes an organisation that another province's filtered page returned.",
  })
  keys?: string[] | null;
}

@ArgsType()
export class TrackArgs {
  @Field(() => DateTimeScalar, { description: 'The start of the period (inclusive).\n时间段起点（含）。' }) from!: Date;
  @Field(() => DateTimeScalar, { description: 'The end of the period (inclusive).\n时间段终点（含）。' }) to!: Date;
}
