import { ArgsType, Directive, Field, ID, Int } from 'type-graphql';
import { DateTimeScalar } from './date-time';
import { EnterpriseFilter } from './hazmat';
import { RescueBaseFilter } from './rescue';
import { WarningFilter } from './warning';
import { WaybillFilter } from './waybill';

/** Field arguments in the contract's order (type-graphql prints parameter decorators last first). */

@ArgsType()
export class WarningsArgs {
  @Field(() => WarningFilter, { nullable: true, description: 'Which records.\n筛选条件。' }) filter?: WarningFilter | null;
  @Field(() => Int, { nullable: true, defaultValue: 50, description: 'How many (default 50, at most 500).\n返回条数（默认 50，最多 500）。' }) first?: number | null;
  @Field(() => String, { nullable: true, description: 'The cursor after which to continue (endCursor of the page before).\n从该游标之后继续（上一页的 endCursor）。' }) after?: string | null;
}

@ArgsType()
export class HazmatEnterprisesArgs {
  @Field(() => EnterpriseFilter, { nullable: true, description: 'Which records.\n筛选条件。' }) filter?: EnterpriseFilter | null;
  @Field(() => Int, { nullable: true, defaultValue: 50, description: 'How many (default 50, at most 500).\n返回条数（默认 50，最多 500）。' }) first?: number | null;
  @Field(() => String, { nullable: true, description: 'The cursor after which to continue (endCursor of the page before).\n从该游标之后继续（上一页的 endCursor）。' }) after?: string | null;
}

@ArgsType()
export class WaybillsArgs {
  @Field(() => WaybillFilter, { nullable: true, description: 'Which records.\n筛选条件。' }) filter?: WaybillFilter | null;
  @Field(() => Int, { nullable: true, defaultValue: 50, description: 'How many (default 50, at most 500).\n返回条数（默认 50，最多 500）。' }) first?: number | null;
  @Field(() => String, { nullable: true, description: 'The cursor after which to continue (endCursor of the page before).\n从该游标之后继续（上一页的 endCursor）。' }) after?: string | null;
}

@ArgsType()
export class RescueBasesArgs {
  @Field(() => RescueBaseFilter, { nullable: true, description: 'Which records.\n筛选条件。' }) filter?: RescueBaseFilter | null;
  @Field(() => Int, { nullable: true, defaultValue: 50, description: 'How many (default 50, at most 500).\n返回条数（默认 50，最多 500）。' }) first?: number | null;
  @Field(() => String, { nullable: true, description: 'The cursor after which to continue (endCursor of the page before).\n从该游标之后继续（上一页的 endCursor）。' }) after?: string | null;
}

@ArgsType()
export class ResourceViewArgs {
  @Field(() => DateTimeScalar, { nullable: true, description: 'Only the organisations any of whose bases changed at or after this time.\n仅限其任一基地在该时间及之后有变化的组织。' }) updatedSince?: Date | null;
  @Field(() => Int, { nullable: true, defaultValue: 50, description: 'How many (default 50, at most 500).\n返回条数（默认 50，最多 500）。' }) first?: number | null;
  @Field(() => String, { nullable: true, description: 'The cursor after which to continue (endCursor of the page before).\n从该游标之后继续（上一页的 endCursor）。' }) after?: string | null;
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
