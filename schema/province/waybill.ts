import { Directive, Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { PREFERRED_HOLDING_RULE } from '../credit-code-holders';
import type { HazardClass, PackingGroup, ProvinceCode, WaybillStatus } from '../model';
import { AdminDivision } from './admin-division';
import { GeoPoint, Node, PageInfo, Provenance } from './common';
import { CrewMember } from './crew';
import { InvalidRecord } from './data-quality';
import { DateTimeScalar } from './date-time';
import { HazardClassEnum, PackingGroupEnum, ProvinceCodeEnum, WaybillStatusEnum } from './enums';
import { HazmatEnterprise } from './hazmat';

@ObjectType()
export class DangerousGoods {
  @Field(() => String) unNumber!: string;
  @Field(() => String) name!: string;
  @Field(() => HazardClassEnum) hazardClass!: HazardClass;
  @Field(() => PackingGroupEnum, { nullable: true }) packingGroup!: PackingGroup | null;
  @Field(() => Float) kilograms!: number;
}

@ObjectType()
export class WaybillParty {
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) creditCode!: string | null;
  @Field(() => AdminDivision, { nullable: true }) division!: AdminDivision | null;
  @Field(() => HazmatEnterprise, { nullable: true, description: `The enterprise record under the party's credit code, in whichever province's system holds it; null when none does. ${PREFERRED_HOLDING_RULE}` })
  enterprise!: HazmatEnterprise | null;
}

@ObjectType()
export class TrackPoint {
  @Field(() => DateTimeScalar) at!: string;
  @Field(() => GeoPoint) location!: GeoPoint;
  @Field(() => Float, { nullable: true }) speedKmh!: number | null;
  @Field(() => ProvinceCodeEnum, { description: 'The province whose system recorded the point.' }) province!: ProvinceCode;
}

@ObjectType()
@Directive('@key(fields: "plate")')
export class Vehicle {
  @Field(() => ID, { description: 'Normalised plate: upper case, no separator dot.' }) plate!: string;
  @Field(() => ProvinceCodeEnum, { nullable: true, description: "From the plate's first character; null for vehicles registered outside the region." })
  registeredProvince!: ProvinceCode | null;
  @Field(() => [TrackPoint], { nullable: true, description: "Positions recorded by every province's system in [from, to], merged and ordered by time. Conditional: VEHICLE_TRACK." })
  track!: TrackPoint[] | null;
  @Field(() => [Waybill], { nullable: true, description: "Waybills for this vehicle from every province's system, newest departure first. Conditional: VEHICLE_TRACK." })
  waybills!: Waybill[] | null;
}

@ObjectType({ implements: Node })
@Directive('@key(fields: "id")')
export class Waybill {
  @Field(() => ID) id!: string;
  @Field(() => String) number!: string;
  @Field(() => ProvinceCodeEnum, { description: 'The province whose system issued the waybill.' }) province!: ProvinceCode;
  @Field(() => WaybillStatusEnum) status!: WaybillStatus;
  @Field(() => Vehicle) vehicle!: Vehicle;
  @Field(() => String, { nullable: true, description: 'Conditional: HAZMAT_DETAIL.' }) carrierCreditCode!: string | null;
  @Field(() => WaybillParty) origin!: WaybillParty;
  @Field(() => WaybillParty) destination!: WaybillParty;
  @Field(() => [DangerousGoods], { nullable: true, description: 'Conditional: HAZMAT_DETAIL.' }) goods!: DangerousGoods[] | null;
  @Field(() => DateTimeScalar, { nullable: true }) departedAt!: string | null;
  @Field(() => [ProvinceCodeEnum], { description: 'Provinces of the region that the trip starts or ends in, in trip order.' }) provincesTouched!: ProvinceCode[];
  @Field(() => DateTimeScalar) updatedAt!: string;
  @Field(() => Provenance) provenance!: Provenance;
  @Field(() => WaybillParty, { nullable: true, description: 'The consignor (托运人).' }) consignor!: WaybillParty | null;
  @Field(() => String, { nullable: true, description: 'Trailer plate, normalised like vehicle plates (挂车号牌).' }) trailerPlate!: string | null;
  @Field(() => String, { nullable: true, description: 'Tank number (罐体编号).' }) tankNumber!: string | null;
  @Field(() => String, { nullable: true, description: 'Road transport permit number of the vehicle (道路运输证号).' }) transportPermit!: string | null;
  @Field(() => [CrewMember], { nullable: true, description: 'Driver and escort. Conditional: TRANSPORT_CREW.' }) crew!: CrewMember[] | null;
  @Field(() => String, { nullable: true, description: "The carrier's 24-hour emergency telephone, for responders. Unconditional." }) emergencyPhone!: string | null;
}

@InputType()
export class WaybillFilter {
  @Field(() => [ProvinceCodeEnum], { nullable: true, description: 'Issuing provinces.' }) provinces?: ProvinceCode[] | null;
  @Field(() => [WaybillStatusEnum], { nullable: true }) statuses?: WaybillStatus[] | null;
  @Field(() => [String], { nullable: true }) unNumbers?: string[] | null;
  @Field(() => [HazardClassEnum], { nullable: true }) hazardClasses?: HazardClass[] | null;
  @Field(() => ID, { nullable: true }) plate?: string | null;
  @Field(() => String, { nullable: true, description: 'Waybills whose tractor or trailer has this plate.' }) anyPlate?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Only trips whose origin and destination lie in different provinces.' }) crossProvince?: boolean | null;
  @Field(() => [ProvinceCodeEnum], { nullable: true, description: 'Trips that start or end in one of these provinces.' }) touches?: ProvinceCode[] | null;
  @Field(() => DateTimeScalar, { nullable: true }) updatedSince?: Date | null;
  @Field(() => ID, { nullable: true, description: 'Waybills whose origin or destination lies in the zone.' }) zone?: string | null;
}

@ObjectType()
export class WaybillEdge {
  @Field(() => String) cursor!: string;
  @Field(() => Waybill) node!: Waybill;
}

@ObjectType()
export class WaybillConnection {
  @Field(() => [WaybillEdge]) edges!: WaybillEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Int) totalCount!: number;
  @Field(() => [ProvinceCodeEnum]) unavailableProvinces!: ProvinceCode[];
  @Field(() => [InvalidRecord], { description: 'On the first page: the records of the sources asked that could not be mapped and might have belonged to the answer (not GraphQL errors).' })
  invalidRecords!: InvalidRecord[];
}
