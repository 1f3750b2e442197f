import { Directive, Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { PREFERRED_HOLDING_RULE } from '../credit-code-holders';
import type { HazardClass, MajorHazardGrade, ParkRiskGrade, ProvinceCode, SafetyLicenceRecord } from '../model';
import { AdminDivision } from './admin-division';
import { GeoPoint, NearInput, Node, PageInfo, Provenance } from './common';
import { InvalidRecord } from './data-quality';
import { ChemicalPark, MajorHazardUnit, ParkRiskGradeEnum, SafetyLicence } from './enterprise-safety';
import { DateTimeScalar } from './date-time';
import { SortKeyScalar } from './sort-key';
import type { SortKey } from '../cursor';
import { HazardClassEnum, MajorHazardGradeEnum, ProvinceCodeEnum } from './enums';

/** Query.hazmatEnterprise(creditCode:). */
export const HAZMAT_ENTERPRISE_BY_CODE = `The record under the credit code in whichever province's system holds it: a site may be listed by a province other than the one that registered the company. ${PREFERRED_HOLDING_RULE} Null when no province holds it, with error OUTSIDE_REGION for a code registered outside the region.\n按统一社会信用代码查询企业记录，无论由哪个省份的系统持有（企业场所可能由非登记省份的系统列出）；均无则为 null，区域外登记的代码同时返回 OUTSIDE_REGION 错误。`;

@ObjectType({ description: 'A hazardous chemical an enterprise holds, and how much.\n企业持有的一种危险化学品及其数量。' })
export class ChemicalHolding {
  @Field(() => String, { description: 'The UN number, e.g. 1203.\n联合国编号，例如 1203。' }) unNumber!: string;
  @Field(() => String, { description: 'The chemical\'s Chinese name.\n化学品中文名称。' }) name!: string;
  @Field(() => HazardClassEnum, { description: 'Its dangerous-goods class.\n危险货物类别。' }) hazardClass!: HazardClass;
  @Field(() => Float, { description: 'The quantity held, in tonnes.\n持有量（吨）。' }) tonnes!: number;
  @Field(() => String, { nullable: true, description: 'CAS registry number, e.g. 7782-50-5; null where the source has none.\nCAS 登记号，例如 7782-50-5；来源无此项时为 null。' }) casNumber!: string | null;
  @Field(() => Boolean, { nullable: true, description: 'On the national list of hazardous chemicals under key supervision (重点监管危险化学品).' })
  keySupervised!: boolean | null;
  @Field(() => Boolean, { nullable: true, description: 'Highly toxic (剧毒化学品).' }) highlyToxic!: boolean | null;
}

@ObjectType({ implements: Node, description: 'An enterprise that produces, stores or uses hazardous chemicals.\n生产、储存或使用危险化学品的企业。' })
@Directive('@key(fields: "id")')
@Directive('@key(fields: "creditCode")')
export class HazmatEnterprise {
  @Field(() => ID, { description: 'Its global id.\n全局编号。' }) id!: string;
  @Field(() => ID, { description: 'Unified social credit code, upper case, check character valid.\n统一社会信用代码，大写，校验位有效。' }) creditCode!: string;
  @Field(() => String, { description: 'Its registered name.\n企业名称。' }) name!: string;
  @Field(() => ProvinceCodeEnum, { description: 'The province whose system holds the record.\n持有该记录的省份。' }) province!: ProvinceCode;
  @Field(() => AdminDivision, { description: 'The county it lies in.\n所在区县。' }) division!: AdminDivision;
  @Field(() => GeoPoint, { nullable: true, description: 'Its site (WGS-84), when known.\n厂址坐标（WGS-84，已知时）。' }) location!: GeoPoint | null;
  @Field(() => MajorHazardGradeEnum, { nullable: true, description: 'Null when the site is not a major hazard installation.\n不是重大危险源时为 null。' })
  majorHazardGrade!: MajorHazardGrade | null;
  @Field(() => [ChemicalHolding], { nullable: true, description: 'Conditional: HAZMAT_DETAIL.\n有条件共享：HAZMAT_DETAIL。' }) chemicals!: ChemicalHolding[] | null;
  @Field(() => String, { nullable: true, description: 'Conditional: HAZMAT_DETAIL.\n有条件共享：HAZMAT_DETAIL。' }) contactPhone!: string | null;
  @Field(() => DateTimeScalar, { description: 'When its system last changed it.\n源系统最后更新时间。' }) updatedAt!: string;
  @Field(() => Provenance, { description: 'Where this record came from.\n记录来源。' }) provenance!: Provenance;
  @Field(() => ChemicalPark, { nullable: true, description: 'The chemical park the site lies in, if any.\n企业所在的化工园区（如有）。' }) park!: ChemicalPark | null;
  @Field(() => SafetyLicence, { nullable: true, description: 'Its work-safety licence for hazardous chemicals, when the source has one.\n危险化学品安全生产许可证（来源有记录时）。' }) licence!: SafetyLicenceRecord | null;
  @Field(() => [MajorHazardUnit], { nullable: true, description: 'Conditional: HAZMAT_DETAIL.\n有条件共享：HAZMAT_DETAIL。' }) majorHazardUnits!: MajorHazardUnit[] | null;
}

@InputType({ description: 'Which enterprises to list.\n企业的筛选条件。' })
export class EnterpriseFilter {
  @Field(() => [ProvinceCodeEnum], { nullable: true, description: 'Only these provinces\' systems.\n仅限这些省份的系统。' }) provinces?: ProvinceCode[] | null;
  @Field(() => [ID], { nullable: true, description: 'Only enterprises in these divisions or divisions inside them.\n仅限位于这些行政区（含其下级）的企业。' }) adcodes?: string[] | null;
  @Field(() => [MajorHazardGradeEnum], { nullable: true, description: 'Only these major hazard grades.\n仅限这些重大危险源等级。' }) majorHazardGrades?: MajorHazardGrade[] | null;
  @Field(() => [String], { nullable: true, description: 'Only enterprises holding one of these UN numbers.\n仅限持有其中任一联合国编号化学品的企业。' }) unNumbers?: string[] | null;
  @Field(() => [HazardClassEnum], { nullable: true, description: 'Only enterprises holding one of these classes.\n仅限持有其中任一类别化学品的企业。' }) hazardClasses?: HazardClass[] | null;
  @Field(() => NearInput, { nullable: true, description: 'Only enterprises within the circle, nearest first.\n仅限范围内的企业，由近及远。' }) near?: NearInput | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Only enterprises changed at or after this time.\n仅限在该时间及之后更新的企业。' }) updatedSince?: Date | null;
  @Field(() => ID, { nullable: true, description: 'Only enterprises in the zone\'s divisions (Query.zones lists the zones).\n仅限位于该区域所含行政区的企业（区域见 Query.zones）。' }) zone?: string | null;
  @Field(() => [ParkRiskGradeEnum], { nullable: true, description: 'Only enterprises in a chemical park of these grades.\n仅限位于这些风险等级化工园区的企业。' }) parkRiskGrades?: ParkRiskGrade[] | null;
  @Field(() => Boolean, { nullable: true, description: 'Only enterprises holding at least one chemical under key supervision.\n仅限持有至少一种重点监管危险化学品的企业。' }) keySupervised?: boolean | null;
  @Field(() => Boolean, { nullable: true, description: 'Only enterprises whose licence has expired (false: only valid licences).\n仅限安全生产许可证已过期的企业（false：仅限许可证有效的企业）。' }) licenceExpired?: boolean | null;
}

@ObjectType({ description: 'One of the hazardous-chemicals enterprises in a page, with its cursor.\n分页中的一条危险化学品企业记录及其游标。' })
export class HazmatEnterpriseEdge {
  @Field(() => String, { description: 'Where to continue after this record (as after).\n从此记录之后继续的游标（用作 after）。' }) cursor!: string;
  @Directive('@inaccessible')
  @Field(() => SortKeyScalar, { description: "Its position in the connection's order (what its cursor encodes), for the gateway's shard router.\n其在连接排序中的位置（即游标所编码的内容），供网关分片路由使用。" })
  sortKey!: SortKey;
  @Field(() => HazmatEnterprise, { description: 'The record.\n记录本身。' }) node!: HazmatEnterprise;
  @Field(() => Float, { nullable: true, description: 'Distance from filter.near\'s point in km; null without filter.near.\n与 filter.near 指定点的距离（千米）；未指定 filter.near 时为 null。' }) distanceKm!: number | null;
}

@ObjectType({ description: 'A page of hazardous-chemicals enterprises.\n危险化学品企业的分页列表。' })
export class HazmatEnterpriseConnection {
  @Field(() => [HazmatEnterpriseEdge], { description: 'The hazardous-chemicals enterprises of this page.\n本页的危险化学品企业。' }) edges!: HazmatEnterpriseEdge[];
  @Field(() => PageInfo, { description: 'Where this page ends, and whether another follows.\n分页信息：本页的结束位置及是否还有下一页。' }) pageInfo!: PageInfo;
  @Field(() => Int, { description: 'How many match, on every page together.\n符合条件的记录总数（所有页合计）。' }) totalCount!: number;
  @Field(() => [ProvinceCodeEnum], { description: 'The provinces that could not answer; their records are missing from this page.\n未能应答的省份；其记录不在本页中。' }) unavailableProvinces!: ProvinceCode[];
  @Field(() => [InvalidRecord], { description: 'On the first page: the records of the sources asked that could not be mapped and might have belonged to the answer (not GraphQL errors).\n仅在第一页：所查询来源中无法映射、可能属于本结果的记录（不作为 GraphQL 错误）。' })
  invalidRecords!: InvalidRecord[];
}
