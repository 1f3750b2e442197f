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

@InputType()
export class NearInput {
  @Field(() => GeoPointInput) point!: GeoPointInput;
  @Field(() => Float) radiusKm!: number;
  @Field(() => DatumEnum, { nullable: true, description: DATUM_DESCRIPTIONS.nearDatum }) datum?: Datum | null;
}

@ObjectType()
@Directive('@shareable')
export class Provenance {
  @Field(() => ProvinceCodeEnum) province!: ProvinceCode;
  @Field(() => String, { description: 'The legacy system, e.g. "SH api/v2".' }) system!: string;
  @Field(() => String, { description: "The record's id in that system." }) sourceId!: string;
  @Field(() => DateTimeScalar) fetchedAt!: string;
  @Field(() => Boolean, { description: 'True when the source failed and this copy came from the cache.' }) stale!: boolean;
}

@ObjectType()
@Directive('@shareable')
export class PageInfo {
  @Field(() => Boolean) hasNextPage!: boolean;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

/** Every record with a global id "<province>:<Type>:<legacy id>"; its type is read from the id. */
@InterfaceType({ resolveType: (value: { id: string }) => parseGlobalId(value.id)?.type })
export abstract class Node {
  @Field(() => ID) id!: string;
}
