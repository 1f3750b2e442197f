import { Directive, Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import type { BaseLevel, ProvinceCode, RescueCapability, RescueForceType } from '../model';
import { AdminDivision } from './admin-division';
import { GeoPoint, NearInput, Node, PageInfo, Provenance } from './common';
import { InvalidRecord } from './data-quality';
import { DateTimeScalar } from './date-time';
import { BaseLevelEnum, ProvinceCodeEnum, RescueCapabilityEnum, RescueForceTypeEnum } from './enums';

@ObjectType()
export class RescueTeam {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => Int) members!: number;
  @Field(() => RescueCapabilityEnum, { nullable: true }) specialty!: RescueCapability | null;
  @Field(() => RescueForceTypeEnum, { nullable: true }) forceType?: RescueForceType | null;
}

@ObjectType()
export class MaterialStock {
  @Field(() => String) code!: string;
  @Field(() => String) name!: string;
  @Field(() => Float) quantity!: number;
  @Field(() => String) unit!: string;
}

@ObjectType({ implements: Node })
@Directive('@key(fields: "id")')
export class RescueBase {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => ProvinceCodeEnum) province!: ProvinceCode;
  @Field(() => BaseLevelEnum) level!: BaseLevel;
  @Field(() => String, { nullable: true }) creditCode!: string | null;
  @Field(() => AdminDivision) division!: AdminDivision;
  @Field(() => GeoPoint, { nullable: true }) location!: GeoPoint | null;
  @Field(() => [RescueCapabilityEnum]) capabilities!: RescueCapability[];
  @Field(() => [RescueTeam]) teams!: RescueTeam[];
  @Field(() => [MaterialStock], { nullable: true, description: 'Conditional: RESCUE_RESOURCES.' }) materials!: MaterialStock[] | null;
  @Field(() => Boolean) onDuty!: boolean;
  @Field(() => String, { nullable: true, description: 'Conditional: RESCUE_RESOURCES.' }) dutyPhone!: string | null;
  @Field(() => Float, { nullable: true, description: 'Great-circle distance in km.' }) distanceKm!: number | null;
  @Field(() => DateTimeScalar) updatedAt!: string;
  @Field(() => Provenance) provenance!: Provenance;
}

@InputType()
export class RescueBaseFilter {
  @Field(() => [ProvinceCodeEnum], { nullable: true }) provinces?: ProvinceCode[] | null;
  @Field(() => [RescueCapabilityEnum], { nullable: true, description: 'Bases that have all of these capabilities.' }) capabilities?: RescueCapability[] | null;
  @Field(() => [BaseLevelEnum], { nullable: true }) levels?: BaseLevel[] | null;
  @Field(() => Boolean, { nullable: true }) onDuty?: boolean | null;
  @Field(() => [ID], { nullable: true }) adcodes?: string[] | null;
  @Field(() => NearInput, { nullable: true }) near?: NearInput | null;
  @Field(() => DateTimeScalar, { nullable: true }) updatedSince?: Date | null;
  @Field(() => [RescueForceTypeEnum], { nullable: true, description: 'Bases with at least one team of one of these kinds.' }) forceTypes?: RescueForceType[] | null;
  @Field(() => ID, { nullable: true }) zone?: string | null;
}

@ObjectType()
export class RescueBaseEdge {
  @Field(() => String) cursor!: string;
  @Field(() => RescueBase) node!: RescueBase;
  @Field(() => Float, { nullable: true }) distanceKm!: number | null;
}

@ObjectType()
export class RescueBaseConnection {
  @Field(() => [RescueBaseEdge]) edges!: RescueBaseEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Int) totalCount!: number;
  @Field(() => [ProvinceCodeEnum]) unavailableProvinces!: ProvinceCode[];
  @Field(() => [InvalidRecord], { description: 'On the first page: the records of the sources asked that could not be mapped and might have belonged to the answer (not GraphQL errors).' })
  invalidRecords!: InvalidRecord[];
}

@ObjectType()
export class MaterialProvinceTotal {
  @Field(() => ProvinceCodeEnum) province!: ProvinceCode;
  @Field(() => Float) quantity!: number;
}

@ObjectType()
export class MaterialTotal {
  @Field(() => String) code!: string;
  @Field(() => String) name!: string;
  @Field(() => String) unit!: string;
  @Field(() => Float) quantity!: number;
  @Field(() => [MaterialProvinceTotal]) byProvince!: MaterialProvinceTotal[];
}

@ObjectType()
@Directive('@key(fields: "creditCode", resolvable: false)')
export class ResourceOrganisation {
  @Field(() => ID, { description: 'The credit code, or the base id for a base without one.' }) key!: string;
  @Field(() => String, { nullable: true }) creditCode!: string | null;
  @Field(() => String) name!: string;
  @Field(() => [ProvinceCodeEnum]) provinces!: ProvinceCode[];
  @Field(() => [RescueBase]) bases!: RescueBase[];
  @Field(() => [RescueCapabilityEnum]) capabilities!: RescueCapability[];
  @Field(() => Int) totalMembers!: number;
  @Field(() => [MaterialStock], { nullable: true, description: 'Conditional: RESCUE_RESOURCES.' }) materials!: MaterialStock[] | null;
  @Field(() => DateTimeScalar) updatedAt!: string;
  @Field(() => [Provenance]) sources!: Provenance[];
}

@ObjectType()
export class ResourceOrganisationEdge {
  @Field(() => String) cursor!: string;
  @Field(() => ResourceOrganisation) node!: ResourceOrganisation;
}

@ObjectType()
export class ResourceOrganisationConnection {
  @Field(() => [ResourceOrganisationEdge]) edges!: ResourceOrganisationEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Int) totalCount!: number;
  @Field(() => [ProvinceCodeEnum]) unavailableProvinces!: ProvinceCode[];
  @Field(() => [InvalidRecord], { description: 'On the first page: the records of the sources asked that could not be mapped and might have belonged to the answer (not GraphQL errors).' })
  invalidRecords!: InvalidRecord[];
  @Directive('@inaccessible')
  @Field(() => [String], {
    description: "The credit codes of every organisation in the connection (not only this page's): the shard router counts an organisation that several provinces hold once in totalCount.",
  })
  creditCodes!: string[];
}
