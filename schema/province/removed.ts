import { ArgsType, Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import type { ProvinceCode } from '../model';
import { PageInfo } from './common';
import { DateTimeScalar } from './date-time';
import { ProvinceCodeEnum } from './enums';

@ObjectType({ description: 'A record that a source no longer holds (deleted there), as detected by the gateway.' })
export class RemovedRecord {
  @Field(() => ID, { description: 'The global id it had.' }) id!: string;
  @Field(() => String, { description: 'Warning, HazmatEnterprise, Waybill, RescueBase, CreditSanction' }) type!: string;
  @Field(() => String, { description: 'SH, JS, ZJ, AH or CR.' }) source!: string;
  @Field(() => DateTimeScalar) detectedAt!: string;
}

@ObjectType()
export class RemovedRecordEdge {
  @Field(() => String) cursor!: string;
  @Field(() => RemovedRecord) node!: RemovedRecord;
}

@ObjectType()
export class RemovedRecordConnection {
  @Field(() => [RemovedRecordEdge]) edges!: RemovedRecordEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Int) totalCount!: number;
  @Directive('@inaccessible')
  @Field(() => [ProvinceCodeEnum], { description: 'The provinces that could not answer, for the shard router to merge (clients hear of them as errors).' })
  unavailableProvinces!: ProvinceCode[];
}

@ArgsType()
export class RemovedRecordsArgs {
  @Field(() => DateTimeScalar) since!: Date;
  @Field(() => [String], { nullable: true }) types?: string[] | null;
  @Field(() => [String], { nullable: true }) sources?: string[] | null;
  @Field(() => Int, { nullable: true, defaultValue: 500 }) first?: number | null;
  @Field(() => String, { nullable: true }) after?: string | null;
}
