import { Directive, Field, Float, ID, InputType, ObjectType } from 'type-graphql';
import type { MutualAidStatus, ProvinceCode } from '../model';
import { GeoPointInput, Node } from './common';
import { DateTimeScalar } from './date-time';
import { MutualAidStatusEnum, ProvinceCodeEnum } from './enums';
import { RescueBase } from './rescue';

@InputType({ description: 'The incident aid is asked for.\n请求援助所针对的事件。' })
export class IncidentInput {
  @Field(() => String, { description: 'What happened.\n事件名称。' }) title!: string;
  @Field(() => GeoPointInput, { description: 'Where (WGS-84).\n事发地点（WGS-84）。' }) location!: GeoPointInput;
  @Field(() => DateTimeScalar, { description: 'When.\n发生时间。' }) occurredAt!: Date;
}

@InputType({ description: 'A material asked for.\n请求的一种物资。' })
export class MaterialRequestInput {
  @Field(() => String, { description: 'The material\'s code.\n物资编码。' }) code!: string;
  @Field(() => Float, { description: 'How much.\n数量。' }) quantity!: number;
}

@InputType({ description: 'A request for mutual aid.\n跨省救援互助请求。' })
export class MutualAidRequestInput {
  @Field(() => ID, { description: 'The caller\'s id of this request: repeating it never asks twice.\n调用方为本请求指定的编号：重复提交不会重复请求。' }) clientRequestId!: string;
  @Field(() => ID, { description: 'The base asked.\n被请求的救援基地。' }) baseId!: string;
  @Field(() => ProvinceCodeEnum, { description: 'The province that asks.\n请求方省份。' }) fromProvince!: ProvinceCode;
  @Field(() => IncidentInput, { description: 'The incident.\n事件信息。' }) incident!: IncidentInput;
  @Field(() => [ID], { nullable: true, description: 'The teams asked for.\n请求的救援队伍。' }) teamIds?: string[] | null;
  @Field(() => [MaterialRequestInput], { nullable: true, description: 'The materials asked for.\n请求的物资。' }) materials?: MaterialRequestInput[] | null;
  @Field(() => String, { description: 'Whom to call back.\n联系人及联系方式。' }) contact!: string;
}

@ObjectType({ implements: Node, description: 'A mutual-aid request as the asked province\'s system holds it.\n被请求省份系统中的救援互助请求。' })
@Directive('@key(fields: "id")')
export class MutualAidRequest {
  @Field(() => ID, { description: 'Its global id.\n全局编号。' }) id!: string;
  @Field(() => ID, { description: 'The caller\'s id of the request.\n调用方指定的请求编号。' }) clientRequestId!: string;
  @Field(() => RescueBase, { description: 'The base asked.\n被请求的救援基地。' }) base!: RescueBase;
  @Field(() => ProvinceCodeEnum, { description: 'The province that asked.\n请求方省份。' }) fromProvince!: ProvinceCode;
  @Field(() => ProvinceCodeEnum, { description: 'The province asked.\n被请求方省份。' }) toProvince!: ProvinceCode;
  @Field(() => MutualAidStatusEnum, { description: 'Where it stands.\n处理状态。' }) status!: MutualAidStatus;
  @Field(() => DateTimeScalar, { description: 'When its system last changed it.\n源系统最后更新时间。' }) updatedAt!: string;
}
