import { Directive, Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import type { BaseLevel, ProvinceCode, RescueCapability, RescueForceType } from '../model';
import { AdminDivision } from './admin-division';
import { GeoPoint, NearInput, Node, PageInfo, Provenance } from './common';
import { InvalidRecord } from './data-quality';
import { DateTimeScalar } from './date-time';
import { SortKeyScalar } from './sort-key';
import type { SortKey } from '../cursor';
import { BaseLevelEnum, ProvinceCodeEnum, RescueCapabilityEnum, RescueForceTypeEnum } from './enums';

@ObjectType({ description: 'A rescue team of a base.\n救援基地的一支救援队伍。' })
export class RescueTeam {
  @Field(() => ID, { description: 'Its id in its base\'s system.\n在所属基地系统中的编号。' }) id!: string;
  @Field(() => String, { description: 'Its name.\n队伍名称。' }) name!: string;
  @Field(() => Int, { description: 'How many members.\n队员人数。' }) members!: number;
  @Field(() => RescueCapabilityEnum, { nullable: true, description: 'Its specialty, when it has one.\n专业方向（如有）。' }) specialty!: RescueCapability | null;
  @Field(() => RescueForceTypeEnum, { nullable: true, description: 'The kind of force it belongs to, when known.\n所属应急救援力量类型（已知时）。' }) forceType?: RescueForceType | null;
}

@ObjectType({ description: 'A stock of a rescue material.\n一种救援物资的储备。' })
export class MaterialStock {
  @Field(() => String, { description: 'The material\'s code.\n物资编码。' }) code!: string;
  @Field(() => String, { description: 'The material\'s name.\n物资名称。' }) name!: string;
  @Field(() => Float, { description: 'How much, in unit.\n数量（以 unit 计）。' }) quantity!: number;
  @Field(() => String, { description: 'The unit, e.g. 件, 吨.\n计量单位，例如 件、吨。' }) unit!: string;
}

@ObjectType({ implements: Node, description: 'A rescue base with its teams and materials.\n救援基地及其队伍与物资。' })
@Directive('@key(fields: "id")')
export class RescueBase {
  @Field(() => ID, { description: 'Its global id.\n全局编号。' }) id!: string;
  @Field(() => String, { description: 'Its name.\n基地名称。' }) name!: string;
  @Field(() => ProvinceCodeEnum, { description: 'The province whose system holds it.\n持有该记录的省份系统。' }) province!: ProvinceCode;
  @Field(() => BaseLevelEnum, { description: 'Who runs it.\n基地级别。' }) level!: BaseLevel;
  @Field(() => String, { nullable: true, description: 'The credit code of the organisation running it, when known.\n所属组织的统一社会信用代码（已知时）。' }) creditCode!: string | null;
  @Field(() => AdminDivision, { description: 'The county it lies in.\n所在区县。' }) division!: AdminDivision;
  @Field(() => GeoPoint, { nullable: true, description: 'Where it is (WGS-84), when known.\n位置（WGS-84，已知时）。' }) location!: GeoPoint | null;
  @Field(() => [RescueCapabilityEnum], { description: 'What it can do.\n救援能力。' }) capabilities!: RescueCapability[];
  @Field(() => [RescueTeam], { description: 'Its teams.\n所属救援队伍。' }) teams!: RescueTeam[];
  @Field(() => [MaterialStock], { nullable: true, description: 'Conditional: RESCUE_RESOURCES.\n物资储备。有条件共享：RESCUE_RESOURCES。' }) materials!: MaterialStock[] | null;
  @Field(() => Boolean, { description: 'Whether it is on duty now.\n当前是否在岗值守。' }) onDuty!: boolean;
  @Field(() => String, { nullable: true, description: 'Conditional: RESCUE_RESOURCES.\n值班电话。有条件共享：RESCUE_RESOURCES。' }) dutyPhone!: string | null;
  @Field(() => Float, { nullable: true, description: 'Great-circle distance in km.\n大圆距离（千米）。' }) distanceKm!: number | null;
  @Field(() => DateTimeScalar, { description: 'When its system last changed it.\n源系统最后更新时间。' }) updatedAt!: string;
  @Field(() => Provenance, { description: 'Where this record came from.\n记录来源。' }) provenance!: Provenance;
}

@InputType({ description: 'Which rescue bases to list.\n救援基地的筛选条件。' })
export class RescueBaseFilter {
  @Field(() => [ProvinceCodeEnum], { nullable: true, description: 'Only these provinces\' systems.\n仅限这些省份的系统。' }) provinces?: ProvinceCode[] | null;
  @Field(() => [RescueCapabilityEnum], { nullable: true, description: 'Bases that have all of these capabilities.\n具备全部这些能力的基地。' }) capabilities?: RescueCapability[] | null;
  @Field(() => [BaseLevelEnum], { nullable: true, description: 'Only these levels.\n仅限这些级别。' }) levels?: BaseLevel[] | null;
  @Field(() => Boolean, { nullable: true, description: 'Only bases on duty (true) or off duty (false).\n仅限在岗（true）或不在岗（false）的基地。' }) onDuty?: boolean | null;
  @Field(() => [ID], { nullable: true, description: 'Only bases in these divisions or divisions inside them.\n仅限位于这些行政区（含其下级）的基地。' }) adcodes?: string[] | null;
  @Field(() => NearInput, { nullable: true, description: 'Only bases within the circle, nearest first.\n仅限范围内的基地，由近及远。' }) near?: NearInput | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Only bases changed at or after this time.\n仅限在该时间及之后更新的基地。' }) updatedSince?: Date | null;
  @Field(() => [RescueForceTypeEnum], { nullable: true, description: 'Bases with at least one team of one of these kinds.\n至少有一支队伍属于这些力量类型之一的基地。' }) forceTypes?: RescueForceType[] | null;
  @Field(() => ID, { nullable: true, description: 'Only bases in the zone\'s divisions (Query.zones lists the zones).\n仅限位于该区域所含行政区的基地（区域见 Query.zones）。' }) zone?: string | null;
}

@ObjectType({ description: 'One of the rescue bases in a page, with its cursor.\n分页中的一条救援基地记录及其游标。' })
export class RescueBaseEdge {
  @Field(() => String, { description: 'Where to continue after this record (as after).\n从此记录之后继续的游标（用作 after）。' }) cursor!: string;
  @Directive('@inaccessible')
  @Field(() => SortKeyScalar, { description: "Its position in the connection's order (what its cursor encodes), for the gateway's shard router.\n其在连接排序中的位置（即游标所编码的内容），供网关分片路由使用。" })
  sortKey!: SortKey;
  @Field(() => RescueBase, { description: 'The record.\n记录本身。' }) node!: RescueBase;
  @Field(() => Float, { nullable: true, description: 'Distance from filter.near\'s point in km; null without filter.near.\n与 filter.near 指定点的距离（千米）；未指定 filter.near 时为 null。' }) distanceKm!: number | null;
}

@ObjectType({ description: 'A page of rescue bases.\n救援基地的分页列表。' })
export class RescueBaseConnection {
  @Field(() => [RescueBaseEdge], { description: 'The rescue bases of this page.\n本页的救援基地。' }) edges!: RescueBaseEdge[];
  @Field(() => PageInfo, { description: 'Where this page ends, and whether another follows.\n分页信息：本页的结束位置及是否还有下一页。' }) pageInfo!: PageInfo;
  @Field(() => Int, { description: 'How many match, on every page together.\n符合条件的记录总数（所有页合计）。' }) totalCount!: number;
  @Field(() => [ProvinceCodeEnum], { description: 'The provinces that could not answer; their records are missing from this page.\n未能应答的省份；其记录不在本页中。' }) unavailableProvinces!: ProvinceCode[];
  @Field(() => [InvalidRecord], { description: 'On the first page: the records of the sources asked that could not be mapped and might have belonged to the answer (not GraphQL errors).\n仅在第一页：所查询来源中无法映射、可能属于本结果的记录（不作为 GraphQL 错误）。' })
  invalidRecords!: InvalidRecord[];
}

@ObjectType({ description: 'One province\'s part of a material total.\n物资合计中一个省份的部分。' })
export class MaterialProvinceTotal {
  @Field(() => ProvinceCodeEnum, { description: 'The province.\n省份。' }) province!: ProvinceCode;
  @Field(() => Float, { description: 'Its sum.\n该省合计数量。' }) quantity!: number;
}

@ObjectType({ description: 'A material summed across bases and provinces.\n跨基地、跨省份汇总的一种物资。' })
export class MaterialTotal {
  @Field(() => String, { description: 'The material\'s code.\n物资编码。' }) code!: string;
  @Field(() => String, { description: 'The material\'s name.\n物资名称。' }) name!: string;
  @Field(() => String, { description: 'The unit.\n计量单位。' }) unit!: string;
  @Field(() => Float, { description: 'The sum.\n合计数量。' }) quantity!: number;
  @Field(() => [MaterialProvinceTotal], { description: 'The sum per province.\n各省小计。' }) byProvince!: MaterialProvinceTotal[];
}

@ObjectType({ description: 'A rescue organisation: its bases in every province merged by credit code.\n救援组织：按统一社会信用代码合并其在各省的基地。' })
@Directive('@key(fields: "creditCode", resolvable: false)')
export class ResourceOrganisation {
  @Field(() => ID, { description: 'The credit code, or the base id for a base without one.\n统一社会信用代码；无代码时为其基地编号。' }) key!: string;
  @Field(() => String, { nullable: true, description: 'Its credit code, when known.\n统一社会信用代码（已知时）。' }) creditCode!: string | null;
  @Field(() => String, { description: 'Its name.\n组织名称。' }) name!: string;
  @Field(() => [ProvinceCodeEnum], { description: 'The provinces its bases are in.\n其基地所在的省份。' }) provinces!: ProvinceCode[];
  @Field(() => [RescueBase], { description: 'Its bases, in every province.\n其在各省的基地。' }) bases!: RescueBase[];
  @Field(() => [RescueCapabilityEnum], { description: 'What its bases can do together.\n其基地的全部救援能力。' }) capabilities!: RescueCapability[];
  @Field(() => Int, { description: 'The members of all its teams.\n其全部队伍的队员总数。' }) totalMembers!: number;
  @Field(() => [MaterialStock], { nullable: true, description: 'Conditional: RESCUE_RESOURCES.\n其基地物资汇总。有条件共享：RESCUE_RESOURCES。' }) materials!: MaterialStock[] | null;
  @Field(() => DateTimeScalar, { description: 'The newest change of any of its bases.\n其任一基地的最近更新时间。' }) updatedAt!: string;
  @Field(() => [Provenance], { description: 'Where its bases\' records came from.\n其基地记录的来源。' }) sources!: Provenance[];
}

@ObjectType({ description: 'One of the rescue organisations in a page, with its cursor.\n分页中的一条救援组织记录及其游标。' })
export class ResourceOrganisationEdge {
  @Field(() => String, { description: 'Where to continue after this record (as after).\n从此记录之后继续的游标（用作 after）。' }) cursor!: string;
  @Directive('@inaccessible')
  @Field(() => SortKeyScalar, { description: "Its position in the connection's order (what its cursor encodes), for the gateway's shard router.\n其在连接排序中的位置（即游标所编码的内容），供网关分片路由使用。" })
  sortKey!: SortKey;
  @Field(() => ResourceOrganisation, { description: 'The record.\n记录本身。' }) node!: ResourceOrganisation;
}

@ObjectType({ description: 'A page of rescue organisations.\n救援组织的分页列表。' })
export class ResourceOrganisationConnection {
  @Field(() => [ResourceOrganisationEdge], { description: 'The rescue organisations of this page.\n本页的救援组织。' }) edges!: ResourceOrganisationEdge[];
  @Field(() => PageInfo, { description: 'Where this page ends, and whether another follows.\n分页信息：本页的结束位置及是否还有下一页。' }) pageInfo!: PageInfo;
  @Field(() => Int, { description: 'How many match, on every page together.\n符合条件的记录总数（所有页合计）。' }) totalCount!: number;
  @Field(() => [ProvinceCodeEnum], { description: 'The provinces that could not answer; their records are missing from this page.\n未能应答的省份；其记录不在本页中。' }) unavailableProvinces!: ProvinceCode[];
  @Field(() => [InvalidRecord], { description: 'On the first page: the records of the sources asked that could not be mapped and might have belonged to the answer (not GraphQL errors).\n仅在第一页：所查询来源中无法映射、可能属于本结果的记录（不作为 GraphQL 错误）。' })
  invalidRecords!: InvalidRecord[];
  @Directive('@inaccessible')
  @Field(() => [String], {
    description: "The credit codes of every organisation in the connection (not only this page's): the shard router counts an organisation that several provinces hold once in totalCount.",
  })
  creditCodes!: string[];
}
