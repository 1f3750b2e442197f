import { Directive, Field, Float, ID, InputType, InterfaceType, ObjectType } from 'type-graphql';
import { DATUM_DESCRIPTIONS, type Datum } from '../datum';
import { parseGlobalId, type ProvinceCode } from '../model';
import { DatumEnum } from './datum';
import { DateTimeScalar } from './date-time';
import { ProvinceCodeEnum } from './enums';

@ObjectType()
@Directive('@shareable')
export class GeoPoint {
  @Field(() => Float) lng!: number;
  @Field(() => Float) lat!: number;
}

@InputType()
export class GeoPointInput {
  @Field(() => Float) lng!: number;
  @Field(() => Float) lat!: number;
}

@InputType({ description: 'A circle around a point: records within radiusKm of it.\n以某点为圆心的范围：距离该点 radiusKm 以内的记录。' })
export class NearInput {
  @Field(() => GeoPointInput, { description: 'The centre, in the datum given (WGS-84 by default).\n圆心，采用所给坐标系（默认 WGS-84）。' }) point!: GeoPointInput;
  @Field(() => Float, { description: 'The radius in km, above 0 and at most 1000.\n半径（千米），大于 0 且不超过 1000。' }) radiusKm!: number;
  @Field(() => DatumEnum, { nullable: true, description: DATUM_DESCRIPTIONS.nearDatum }) datum?: Datum | null;
}

@ObjectType({ description: 'Where a record came from: the province, its system and the record there.\n记录的来源：省份、其业务系统及源记录。' })
@Directive('@shareable')
export class Provenance {
  @Field(() => ProvinceCodeEnum, { description: 'The province whose system holds the record.\n持有该记录的省份。' }) province!: ProvinceCode;
  @Field(() => String, { description: 'The legacy system, e.g. "SH api/v2".\n源业务系统，例如 "SH api/v2"。' }) system!: string;
  @Field(() => String, { description: "The record's id in that system.\n该记录在源系统中的编号。" }) sourceId!: string;
  @Field(() => DateTimeScalar, { description: 'When the gateway last read it from that system.\n最近一次从源系统读取的时间。' }) fetchedAt!: string;
  @Field(() => Boolean, { description: 'True when the source failed and this copy came from the cache.\n源系统故障、本副本来自缓存时为 true。' }) stale!: boolean;
}

@ObjectType()
@Directive('@shareable')
export class PageInfo {
  @Field(() => Boolean) hasNextPage!: boolean;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

/** Every record with a global id "<province>:<Type>:<legacy id>"; its type is read from the id. */
@InterfaceType({ resolveType: (value: { id: string }) => parseGlobalId(value.id)?.type, description: 'A record with a global id.\n具有全局编号的记录。' })
export abstract class Node {
  @Field(() => ID, { description: '"<province>:<Type>:<legacy id>"; opaque to clients, the gateway routes on it.\n格式为 "<省份>:<类型>:<源系统编号>"；客户端视为不透明，网关据此路由。' }) id!: string;
}
