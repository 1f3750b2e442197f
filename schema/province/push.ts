import { ArgsType, Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import type { ProvinceCode, WarningEvent, WarningLevel } from '../model';
import { HAZMAT_TRANSPORT_KINDS, WARNING_CHANGE_KINDS, type HazmatTransportKind, type WarningChangeKind } from '../push/feed';
import { GeoPoint } from './common';
import { DateTimeScalar } from './date-time';
import { ProvinceCodeEnum, WarningEventEnum, WarningLevelEnum } from './enums';
import { Warning } from './warning';
import { Waybill } from './waybill';

/** The push section of the contract (v1.1): subscriptions, served by the gateway from its event bus. */


export const WarningChangeKindEnum = Object.fromEntries(WARNING_CHANGE_KINDS.map((k) => [k, k])) as { [K in WarningChangeKind]: K };
registerEnumType(WarningChangeKindEnum, { name: 'WarningChangeKind' });
export const HazmatTransportKindEnum = Object.fromEntries(HAZMAT_TRANSPORT_KINDS.map((k) => [k, k])) as { [K in HazmatTransportKind]: K };
registerEnumType(HazmatTransportKindEnum, { name: 'HazmatTransportKind' });

@InputType()
export class WarningChangeFilter {
  @Field(() => [ProvinceCodeEnum], { nullable: true }) provinces?: ProvinceCode[] | null;
  @Field(() => [ID], { nullable: true, description: 'Warnings naming any of these divisions or a division inside them.' }) adcodes?: string[] | null;
  @Field(() => ID, { nullable: true }) zone?: string | null;
  @Field(() => [WarningEventEnum], { nullable: true }) events?: WarningEvent[] | null;
  @Field(() => WarningLevelEnum, { nullable: true }) minLevel?: WarningLevel | null;
}

@ObjectType()
export class WarningChange {
  @Field(() => ID, { description: "The event's position in its stream; resume after it." }) id!: string;
  @Field(() => WarningChangeKindEnum) kind!: WarningChangeKind;
  @Field(() => DateTimeScalar) at!: string;
  @Field(() => Warning) warning!: Warning;
}

@InputType()
export class HazmatTransportFilter {
  @Field(() => ProvinceCodeEnum, { description: 'The watching province: trips that head into, enter or arrive in it.' }) toward!: ProvinceCode;
  @Field(() => [ID], { nullable: true }) adcodes?: string[] | null;
}

@ObjectType()
export class HazmatTransportEvent {
  @Field(() => ID) id!: string;
  @Field(() => HazmatTransportKindEnum) kind!: HazmatTransportKind;
  @Field(() => DateTimeScalar) at!: string;
  @Field(() => ProvinceCodeEnum, { description: 'The province the event concerns (the watching one).' }) province!: ProvinceCode;
  @Field(() => Waybill) waybill!: Waybill;
  @Field(() => GeoPoint, { nullable: true, description: 'Where the vehicle was when the event was detected, if known. Conditional: VEHICLE_TRACK.' }) position!: GeoPoint | null;
}

@ArgsType()
export class WarningChangesArgs {
  @Field(() => WarningChangeFilter, { nullable: true }) filter?: WarningChangeFilter | null;
  @Field(() => ID, { nullable: true }) after?: string | null;
}

@ArgsType()
export class HazmatTransportEventsArgs {
  @Field(() => HazmatTransportFilter) filter!: HazmatTransportFilter;
  @Field(() => ID, { nullable: true }) after?: string | null;
}
