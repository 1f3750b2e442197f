import { ArgsType, Field, ID, InputType, ObjectType } from 'type-graphql';
import type { ProvinceCode, WarningEvent, WarningLevel } from '../model';
import { HAZMAT_TRANSPORT_KINDS, WARNING_CHANGE_KINDS, type HazmatTransportKind, type WarningChangeKind } from '../push/feed';
import { GeoPoint } from './common';
import { DateTimeScalar } from './date-time';
import { enumOf, ProvinceCodeEnum, WarningEventEnum, WarningLevelEnum } from './enums';
import { Warning } from './warning';
import { Waybill } from './waybill';

/** The push section of the contract (v1.1): subscriptions, served by the gateway from its event bus. */

export const WarningChangeKindEnum = enumOf(WARNING_CHANGE_KINDS, 'WarningChangeKind');
export const HazmatTransportKindEnum = enumOf(HAZMAT_TRANSPORT_KINDS, 'HazmatTransportKind');

@InputType({ description: 'Which warning changes to receive.\n要接收的预警变化的筛选条件。' })
export class WarningChangeFilter {
  @Field(() => [ProvinceCodeEnum], { nullable: true, description: 'Only warnings of these provinces\' systems.\n仅限这些省份系统的预警。' }) provinces?: ProvinceCode[] | null;
  @Field(() => [ID], { nullable: true, description: 'Warnings naming any of these divisions or a division inside them.\n预警区域包含这些行政区之一或其下级行政区的预警。' }) adcodes?: string[] | null;
  @Field(() => ID, { nullable: true, description: 'Only warnings whose areas include one of the zone\'s divisions (Query.zones lists the zones).\n仅限预警区域包含该区域所含行政区之一的预警（区域见 Query.zones）。' }) zone?: string | null;
  @Field(() => [WarningEventEnum], { nullable: true, description: 'Only these hazards.\n仅限这些灾害类型。' }) events?: WarningEvent[] | null;
  @Field(() => WarningLevelEnum, { nullable: true, description: 'Only this level or higher.\n仅限该级别及以上。' }) minLevel?: WarningLevel | null;
}

@ObjectType({ description: 'A change of a warning: issued, updated, cancelled or expired.\n预警的一次变化：发布、更新、解除或到期。' })
export class WarningChange {
  @Field(() => ID, { description: "The event's position in its stream; resume after it.\n该事件在事件流中的位置；可从其之后续订。" }) id!: string;
  @Field(() => WarningChangeKindEnum, { description: 'What happened to the warning.\n预警发生的变化类型。' }) kind!: WarningChangeKind;
  @Field(() => DateTimeScalar, { description: 'When the change was detected.\n检测到该变化的时间。' }) at!: string;
  @Field(() => Warning, { description: 'The warning as it is after the change.\n变化后的预警。' }) warning!: Warning;
}

@InputType({ description: 'Which hazardous-chemicals trips to follow.\n要关注的危险化学品运输的筛选条件。' })
export class HazmatTransportFilter {
  @Field(() => ProvinceCodeEnum, { description: 'The watching province: trips that head into, enter or arrive in it.\n关注省份：驶向、进入或到达该省份的运输。' }) toward!: ProvinceCode;
  @Field(() => [ID], { nullable: true, description: 'Only trips whose origin or destination lies in one of these divisions or a division inside them.\n仅限起点或终点位于这些行政区之一或其下级行政区的运输。' }) adcodes?: string[] | null;
}

@ObjectType({ description: 'An event of a hazardous-chemicals trip that concerns the watching province.\n与关注省份相关的危险化学品运输事件。' })
export class HazmatTransportEvent {
  @Field(() => ID, { description: "The event's position in its stream; resume after it.\n该事件在事件流中的位置；可从其之后续订。" }) id!: string;
  @Field(() => HazmatTransportKindEnum, { description: 'What happened to the trip.\n运输发生的事件类型。' }) kind!: HazmatTransportKind;
  @Field(() => DateTimeScalar, { description: 'When the event was detected.\n检测到该事件的时间。' }) at!: string;
  @Field(() => ProvinceCodeEnum, { description: 'The province the event concerns (the watching one).\n事件所涉及的省份（即关注省份）。' }) province!: ProvinceCode;
  @Field(() => Waybill, { description: 'The waybill of the trip.\n该运输的电子运单。' }) waybill!: Waybill;
  @Field(() => GeoPoint, { nullable: true, description: 'Where the vehicle was when the event was detected, if known. Conditional: VEHICLE_TRACK.\n检测到事件时车辆所在位置（已知时）。有条件共享：VEHICLE_TRACK。' }) position!: GeoPoint | null;
}

@ArgsType()
export class WarningChangesArgs {
  @Field(() => WarningChangeFilter, { nullable: true, description: 'Which changes to receive (default: all).\n要接收的变化（默认全部）。' }) filter?: WarningChangeFilter | null;
  @Field(() => ID, { nullable: true, description: 'The id of the last event received: resume after it.\n最后收到的事件编号：从其之后续订。' }) after?: string | null;
}

@ArgsType()
export class HazmatTransportEventsArgs {
  @Field(() => HazmatTransportFilter, { description: 'Which trips to follow.\n要关注的运输。' }) filter!: HazmatTransportFilter;
  @Field(() => ID, { nullable: true, description: 'The id of the last event received: resume after it.\n最后收到的事件编号：从其之后续订。' }) after?: string | null;
}
