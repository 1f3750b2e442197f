import { ArgsType, Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import type { ProvinceCode } from '../model';
import { PageInfo } from './common';
import { DateTimeScalar } from './date-time';
import { SortKeyScalar } from './sort-key';
import type { SortKey } from '../cursor';
import { ProvinceCodeEnum } from './enums';

@ObjectType({ description: 'A record that a source no longer holds (deleted there), as detected by the gateway.\n来源已不再持有（已删除）的记录，由网关检测到。' })
export class RemovedRecord {
  @Field(() => ID, { description: 'The global id it had.\n其原全局编号。' }) id!: string;
  @Field(() => String, { description: 'Warning, HazmatEnterprise, Waybill, RescueBase, CreditSanction\n类型：Warning、HazmatEnterprise、Waybill、RescueBase、CreditSanction。' }) type!: string;
  @Field(() => String, { description: 'SH, JS, ZJ, AH or CR.\nSH、JS、ZJ、AH 或 CR。' }) source!: string;
  @Field(() => DateTimeScalar, { description: 'When its removal was detected.\n检测到删除的时间。' }) detectedAt!: string;
}

@ObjectType({ description: 'One of the removed records in a page, with its cursor.\n分页中的一条已删除记录记录及其游标。' })
export class RemovedRecordEdge {
  @Field(() => String, { description: 'Where to continue after this record (as after).\n从此记录之后继续的游标（用作 after）。' }) cursor!: string;
  @Directive('@inaccessible')
  @Field(() => SortKeyScalar, { description: "Its position in the connection's order (what its cursor encodes), for the gateway's shard router.\n其在连接排序中的位置（即游标所编码的内容），供网关分片路由使用。" })
  sortKey!: SortKey;
  @Field(() => RemovedRecord, { description: 'The record.\n记录本身。' }) node!: RemovedRecord;
}

@ObjectType({ description: 'A page of removed records.\n已删除记录的分页列表。' })
export class RemovedRecordConnection {
  @Field(() => [RemovedRecordEdge], { description: 'The removed records of this page.\n本页的已删除记录。' }) edges!: RemovedRecordEdge[];
  @Field(() => PageInfo, { description: 'Where this page ends, and whether another follows.\n分页信息：本页的结束位置及是否还有下一页。' }) pageInfo!: PageInfo;
  @Field(() => Int, { description: 'How many match, on every page together.\n符合条件的记录总数（所有页合计）。' }) totalCount!: number;
  @Directive('@inaccessible')
  @Field(() => [ProvinceCodeEnum], { description: 'The provinces that could not answer, for the shard router to merge (clients hear of them as errors).' })
  unavailableProvinces!: ProvinceCode[];
}

@ArgsType()
export class RemovedRecordsArgs {
  @Field(() => DateTimeScalar, { description: 'Removals detected at or after this time.\n在该时间及之后检测到的删除。' }) since!: Date;
  @Field(() => [String], { nullable: true, description: 'Only these types (Warning, HazmatEnterprise, …).\n仅限这些类型（Warning、HazmatEnterprise 等）。' }) types?: string[] | null;
  @Field(() => [String], { nullable: true, description: 'Only these sources (SH, JS, ZJ, AH, CR).\n仅限这些来源（SH、JS、ZJ、AH、CR）。' }) sources?: string[] | null;
  @Field(() => Int, { nullable: true, defaultValue: 500, description: 'How many (default 500).\n返回条数（默认 500）。' }) first?: number | null;
  @Field(() => String, { nullable: true, description: 'The cursor after which to continue.\n从该游标之后继续。' }) after?: string | null;
}
