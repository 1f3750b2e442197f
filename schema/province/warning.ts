import { Directive, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import type { CapSeverity, ProvinceCode, WarningEvent, WarningLevel, WarningMessageType } from '../model';
import { AdminDivision } from './admin-division';
import { NearInput, Node, PageInfo, Provenance } from './common';
import { InvalidRecord } from './data-quality';
import { DateTimeScalar } from './date-time';
import { SortKeyScalar } from './sort-key';
import type { SortKey } from '../cursor';
import { CapSeverityEnum, ProvinceCodeEnum, WarningEventEnum, WarningLevelEnum, WarningMessageTypeEnum } from './enums';

@ObjectType({ implements: Node, description: 'A disaster warning issued by a province\'s authority.\n省级发布机关发布的灾害预警。' })
@Directive('@key(fields: "id")')
export class Warning {
  @Field(() => ID, { description: 'Its global id.\n全局编号。' }) id!: string;
  @Field(() => ProvinceCodeEnum, { description: 'The province whose system issued it.\n发布该预警的省份系统。' }) province!: ProvinceCode;
  @Field(() => WarningEventEnum, { description: 'The hazard.\n灾害类型。' }) event!: WarningEvent;
  @Field(() => WarningLevelEnum, { description: 'Its level.\n预警级别。' }) level!: WarningLevel;
  @Field(() => CapSeverityEnum, { description: 'Its CAP severity, from the level.\nCAP 严重程度，由预警级别得出。' }) severity!: CapSeverity;
  @Field(() => WarningMessageTypeEnum, { description: 'Alert, update or cancellation.\n发布、更新或解除。' }) messageType!: WarningMessageType;
  @Field(() => Warning, { nullable: true, description: 'The warning that this UPDATE or CANCEL refers to.\n本次更新或解除所针对的预警。' }) supersedes!: Warning | null;
  @Field(() => String, { description: 'The headline.\n标题。' }) headline!: string;
  @Field(() => String, { description: 'The text of the warning.\n预警正文。' }) description!: string;
  @Field(() => String, { nullable: true, description: 'What to do, when given.\n防御指南（如有）。' }) instruction!: string | null;
  @Field(() => String, { description: 'The issuing authority.\n发布机关。' }) issuer!: string;
  @Field(() => DateTimeScalar, { description: 'When it was issued.\n发布时间。' }) issuedAt!: string;
  @Field(() => DateTimeScalar, { description: 'When it takes effect.\n生效时间。' }) effectiveAt!: string;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When it expires, when given.\n失效时间（如有）。' }) expiresAt!: string | null;
  @Field(() => Boolean, { description: 'In force now: effective, not expired, not cancelled, not replaced by a later UPDATE.\n当前有效：已生效、未过期、未解除、未被后续更新取代。' }) active!: boolean;
  @Field(() => [AdminDivision], { description: 'The divisions named by the source, normalised (abolished codes mapped to their successors).\n来源所列的行政区，已规范化（撤销的区划代码映射到其继任代码）。' })
  areas!: AdminDivision[];
  @Field(() => String, { description: 'This warning as a valid CAP 1.2 alert (XML).\n本预警的有效 CAP 1.2 报文（XML）。' }) capXml!: string;
  @Field(() => DateTimeScalar, { description: 'When its system last changed it.\n源系统最后更新时间。' }) updatedAt!: string;
  @Field(() => Provenance, { description: 'Where this record came from.\n记录来源。' }) provenance!: Provenance;
}

@InputType({ description: 'Which warnings to list.\n预警的筛选条件。' })
export class WarningFilter {
  @Field(() => [ProvinceCodeEnum], { nullable: true, description: 'Only these provinces\' systems.\n仅限这些省份的系统。' }) provinces?: ProvinceCode[] | null;
  @Field(() => [WarningEventEnum], { nullable: true, description: 'Only these hazards.\n仅限这些灾害类型。' }) events?: WarningEvent[] | null;
  @Field(() => WarningLevelEnum, { nullable: true, description: 'Only this level or higher.\n仅限该级别及以上。' }) minLevel?: WarningLevel | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Only warnings in force at this time (default: no time filter).\n仅限在该时间有效的预警（默认不按时间筛选）。' }) activeAt?: Date | null;
  @Field(() => [ID], { nullable: true, description: 'Warnings whose areas include one of these divisions or a division inside one of them.\n预警区域包含这些行政区之一或其下级行政区的预警。' })
  adcodes?: string[] | null;
  @Field(() => NearInput, { nullable: true, description: 'Only warnings whose areas come within the circle.\n仅限预警区域与该范围相交的预警。' }) near?: NearInput | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Only warnings changed at or after this time.\n仅限在该时间及之后更新的预警。' }) updatedSince?: Date | null;
  @Field(() => ID, { nullable: true, description: 'Only warnings whose areas include one of the zone\'s divisions (Query.zones lists the zones).\n仅限预警区域包含该区域所含行政区之一的预警（区域见 Query.zones）。' }) zone?: string | null;
}

@ObjectType({ description: 'One of the warnings in a page, with its cursor.\n分页中的一条预警记录及其游标。' })
export class WarningEdge {
  @Field(() => String, { description: 'Where to continue after this record (as after).\n从此记录之后继续的游标（用作 after）。' }) cursor!: string;
  @Directive('@inaccessible')
  @Field(() => SortKeyScalar, { description: "Its position in the connection's order (what its cursor encodes), for the gateway's shard router.\n其在连接排序中的位置（即游标所编码的内容），供网关分片路由使用。" })
  sortKey!: SortKey;
  @Field(() => Warning, { description: 'The record.\n记录本身。' }) node!: Warning;
}

@ObjectType({ description: 'A page of warnings.\n预警的分页列表。' })
export class WarningConnection {
  @Field(() => [WarningEdge], { description: 'The warnings of this page.\n本页的预警。' }) edges!: WarningEdge[];
  @Field(() => PageInfo, { description: 'Where this page ends, and whether another follows.\n分页信息：本页的结束位置及是否还有下一页。' }) pageInfo!: PageInfo;
  @Field(() => Int, { description: 'How many match, on every page together.\n符合条件的记录总数（所有页合计）。' }) totalCount!: number;
  @Field(() => [ProvinceCodeEnum], { description: 'The provinces that could not answer; their records are missing from this page.\n未能应答的省份；其记录不在本页中。' }) unavailableProvinces!: ProvinceCode[];
  @Field(() => [InvalidRecord], { description: 'On the first page: the records of the sources asked that could not be mapped and might have belonged to the answer (not GraphQL errors).\n仅在第一页：所查询来源中无法映射、可能属于本结果的记录（不作为 GraphQL 错误）。' })
  invalidRecords!: InvalidRecord[];
}
