import { Directive, Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { PREFERRED_HOLDING_RULE } from '../credit-code-holders';
import type { HazardClass, PackingGroup, ProvinceCode, WaybillStatus } from '../model';
import { AdminDivision } from './admin-division';
import { GeoPoint, Node, PageInfo, Provenance } from './common';
import { CrewMember } from './crew';
import { InvalidRecord } from './data-quality';
import { DateTimeScalar } from './date-time';
import { SortKeyScalar } from './sort-key';
import type { SortKey } from '../cursor';
import { HazardClassEnum, PackingGroupEnum, ProvinceCodeEnum, WaybillStatusEnum } from './enums';
import { HazmatEnterprise } from './hazmat';

@ObjectType({ description: 'Dangerous goods a waybill carries.\n电子运单所载的危险货物。' })
export class DangerousGoods {
  @Field(() => String, { description: 'The UN number.\n联合国编号。' }) unNumber!: string;
  @Field(() => String, { description: 'The goods\' Chinese name.\n货物中文名称。' }) name!: string;
  @Field(() => HazardClassEnum, { description: 'Its dangerous-goods class.\n危险货物类别。' }) hazardClass!: HazardClass;
  @Field(() => PackingGroupEnum, { nullable: true, description: 'Its packing group, when it has one.\n包装类别（如有）。' }) packingGroup!: PackingGroup | null;
  @Field(() => Float, { description: 'The quantity, in kilograms.\n数量（千克）。' }) kilograms!: number;
}

@ObjectType({ description: 'The consignor or consignee end of a trip.\n运输的起运方或收货方。' })
export class WaybillParty {
  @Field(() => String, { description: 'The party\'s name.\n单位名称。' }) name!: string;
  @Field(() => String, { nullable: true, description: 'Its unified social credit code, when given.\n统一社会信用代码（如有）。' }) creditCode!: string | null;
  @Field(() => AdminDivision, { nullable: true, description: 'The county of its address, when known.\n地址所在区县（已知时）。' }) division!: AdminDivision | null;
  @Field(() => HazmatEnterprise, { nullable: true, description: `The enterprise record under the party's credit code, in whichever province's system holds it; null when none does. ${PREFERRED_HOLDING_RULE}\n该统一社会信用代码对应的企业记录，无论由哪个省份的系统持有；均无则为 null。` })
  enterprise!: HazmatEnterprise | null;
}

@ObjectType({ description: 'One recorded position of a vehicle.\n车辆的一个定位点。' })
export class TrackPoint {
  @Field(() => DateTimeScalar, { description: 'When it was recorded.\n定位时间。' }) at!: string;
  @Field(() => GeoPoint, { description: 'Where (WGS-84).\n位置（WGS-84）。' }) location!: GeoPoint;
  @Field(() => Float, { nullable: true, description: 'Speed in km/h, when recorded.\n速度（千米/小时，如有记录）。' }) speedKmh!: number | null;
  @Field(() => ProvinceCodeEnum, { description: 'The province whose system recorded the point.\n记录该点的省份系统。' }) province!: ProvinceCode;
}

@ObjectType({ description: 'A dangerous-goods vehicle as seen by every province\'s system.\n各省系统所见的危险货物运输车辆。' })
@Directive('@key(fields: "plate")')
export class Vehicle {
  @Field(() => ID, { description: 'Normalised plate: upper case, no separator dot.\n规范化车牌号：大写，无分隔点。' }) plate!: string;
  @Field(() => ProvinceCodeEnum, { nullable: true, description: "From the plate's first character; null for vehicles registered outside the region.\n由车牌首字判断；区域外注册的车辆为 null。" })
  registeredProvince!: ProvinceCode | null;
  @Field(() => [TrackPoint], { nullable: true, description: "Positions recorded by every province's system in [from, to], merged and ordered by time. Conditional: VEHICLE_TRACK.\n各省系统在 [from, to] 内记录的定位点，合并并按时间排序。有条件共享：VEHICLE_TRACK。" })
  track!: TrackPoint[] | null;
  @Field(() => [Waybill], { nullable: true, description:
      "Waybills for this vehicle from every province's system, newest departure first: those not yet arrived and those departed in the last 30 days (the history window); older ones are read by id. Conditional: VEHICLE_TRACK.\n各省系统中该车辆的电子运单，按出发时间倒序：尚未到达的及最近 30 天内出发的（历史窗口）；更早的按编号读取。有条件共享：VEHICLE_TRACK。",
  })
  waybills!: Waybill[] | null;
}

@ObjectType({ implements: Node, description: 'An electronic waybill of a dangerous-goods trip.\n危险货物运输电子运单。' })
@Directive('@key(fields: "id")')
export class Waybill {
  @Field(() => ID, { description: 'Its global id.\n全局编号。' }) id!: string;
  @Field(() => String, { description: 'The waybill number in its system.\n源系统中的运单号。' }) number!: string;
  @Field(() => ProvinceCodeEnum, { description: 'The province whose system issued the waybill.\n签发该运单的省份系统。' }) province!: ProvinceCode;
  @Field(() => WaybillStatusEnum, { description: 'Where the trip stands.\n运输状态。' }) status!: WaybillStatus;
  @Field(() => Vehicle, { description: 'The vehicle, with its track across provinces.\n承运车辆及其跨省轨迹。' }) vehicle!: Vehicle;
  @Field(() => String, { nullable: true, description: 'Conditional: HAZMAT_DETAIL.\n有条件共享：HAZMAT_DETAIL。' }) carrierCreditCode!: string | null;
  @Field(() => WaybillParty, { description: 'Where the trip starts.\n起运方。' }) origin!: WaybillParty;
  @Field(() => WaybillParty, { description: 'Where it goes.\n收货方（目的地）。' }) destination!: WaybillParty;
  @Field(() => [DangerousGoods], { nullable: true, description: 'Conditional: HAZMAT_DETAIL.\n所载危险货物。有条件共享：HAZMAT_DETAIL。' }) goods!: DangerousGoods[] | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When it departed; null before departure.\n出发时间；出发前为 null。' }) departedAt!: string | null;
  @Field(() => [ProvinceCodeEnum], { description: 'Provinces of the region that the trip starts or ends in, in trip order.\n运输起止所在的省份。' }) provincesTouched!: ProvinceCode[];
  @Field(() => DateTimeScalar, { description: 'When its system last changed it.\n源系统最后更新时间。' }) updatedAt!: string;
  @Field(() => Provenance, { description: 'Where this record came from.\n记录来源。' }) provenance!: Provenance;
  @Field(() => WaybillParty, { nullable: true, description: 'The consignor (托运人).' }) consignor!: WaybillParty | null;
  @Field(() => String, { nullable: true, description: 'Trailer plate, normalised like vehicle plates (挂车号牌).' }) trailerPlate!: string | null;
  @Field(() => String, { nullable: true, description: 'Tank number (罐体编号).' }) tankNumber!: string | null;
  @Field(() => String, { nullable: true, description: 'Road transport permit number of the vehicle (道路运输证号).' }) transportPermit!: string | null;
  @Field(() => [CrewMember], { nullable: true, description: 'Driver and escort. Conditional: TRANSPORT_CREW.\n驾驶员和押运员。有条件共享：TRANSPORT_CREW。' }) crew!: CrewMember[] | null;
  @Field(() => String, { nullable: true, description: "The carrier's 24-hour emergency telephone, for responders. Unconditional.\n承运人 24 小时应急联系电话，供救援人员使用。无条件共享。" }) emergencyPhone!: string | null;
}

@InputType({ description: 'Which waybills to list.\n电子运单的筛选条件。' })
export class WaybillFilter {
  @Field(() => [ProvinceCodeEnum], { nullable: true, description: 'Issuing provinces.\n签发省份。' }) provinces?: ProvinceCode[] | null;
  @Field(() => [WaybillStatusEnum], { nullable: true, description: 'Only these statuses.\n仅限这些状态。' }) statuses?: WaybillStatus[] | null;
  @Field(() => [String], { nullable: true, description: 'Only trips carrying one of these UN numbers.\n仅限载有其中任一联合国编号货物的运输。' }) unNumbers?: string[] | null;
  @Field(() => [HazardClassEnum], { nullable: true, description: 'Only trips carrying one of these classes.\n仅限载有其中任一类别货物的运输。' }) hazardClasses?: HazardClass[] | null;
  @Field(() => ID, { nullable: true, description: 'Only this vehicle (any spelling of the plate).\n仅限该车辆（车牌写法不限）。' }) plate?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Only trips whose origin and destination lie in different provinces.\n仅限起止位于不同省份的运输。' }) crossProvince?: boolean | null;
  @Field(() => [ProvinceCodeEnum], { nullable: true, description: 'Trips that start or end in one of these provinces.\n起点或终点位于这些省份之一的运输。' }) touches?: ProvinceCode[] | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Only waybills changed at or after this time (within the history window: an arrived waybill departed more than 30 days ago is not listed).\n仅限在该时间及之后更新的运单（限于历史窗口：出发超过 30 天且已到达的运单不列出）。' }) updatedSince?: Date | null;
  @Field(() => String, { nullable: true, description: 'Waybills whose tractor or trailer has this plate.\n牵引车或挂车为该号牌的运单。' }) anyPlate?: string | null;
  @Field(() => ID, { nullable: true, description: 'Waybills whose origin or destination lies in the zone.\n起点或终点位于该区域内的运单。' }) zone?: string | null;
}

@ObjectType({ description: 'One of the waybills in a page, with its cursor.\n分页中的一条电子运单记录及其游标。' })
export class WaybillEdge {
  @Field(() => String, { description: 'Where to continue after this record (as after).\n从此记录之后继续的游标（用作 after）。' }) cursor!: string;
  @Directive('@inaccessible')
  @Field(() => SortKeyScalar, { description: "Its position in the connection's order (what its cursor encodes), for the gateway's shard router.\n其在连接排序中的位置（即游标所编码的内容），供网关分片路由使用。" })
  sortKey!: SortKey;
  @Field(() => Waybill, { description: 'The record.\n记录本身。' }) node!: Waybill;
}

@ObjectType({ description: 'A page of waybills.\n电子运单的分页列表。' })
export class WaybillConnection {
  @Field(() => [WaybillEdge], { description: 'The waybills of this page.\n本页的电子运单。' }) edges!: WaybillEdge[];
  @Field(() => PageInfo, { description: 'Where this page ends, and whether another follows.\n分页信息：本页的结束位置及是否还有下一页。' }) pageInfo!: PageInfo;
  @Field(() => Int, { description: 'How many match, on every page together.\n符合条件的记录总数（所有页合计）。' }) totalCount!: number;
  @Field(() => [ProvinceCodeEnum], { description: 'The provinces that could not answer; their records are missing from this page.\n未能应答的省份；其记录不在本页中。' }) unavailableProvinces!: ProvinceCode[];
  @Field(() => [InvalidRecord], { description: 'On the first page: the records of the sources asked that could not be mapped and might have belonged to the answer (not GraphQL errors).\n仅在第一页：所查询来源中无法映射、可能属于本结果的记录（不作为 GraphQL 错误）。' })
  invalidRecords!: InvalidRecord[];
}
