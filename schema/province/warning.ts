import { Directive, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import type { CapSeverity, ProvinceCode, WarningEvent, WarningLevel, WarningMessageType } from '../model';
import { AdminDivision } from './admin-division';
import { NearInput, Node, PageInfo, Provenance } from './common';
import { InvalidRecord } from './data-quality';
import { DateTimeScalar } from './date-time';
import { CapSeverityEnum, ProvinceCodeEnum, WarningEventEnum, WarningLevelEnum, WarningMessageTypeEnum } from './enums';

@ObjectType({ implements: Node })
@Directive('@key(fields: "id")')
export class Warning {
  @Field(() => ID) id!: string;
  @Field(() => ProvinceCodeEnum) province!: ProvinceCode;
  @Field(() => WarningEventEnum) event!: WarningEvent;
  @Field(() => WarningLevelEnum) level!: WarningLevel;
  @Field(() => CapSeverityEnum) severity!: CapSeverity;
  @Field(() => WarningMessageTypeEnum) messageType!: WarningMessageType;
  @Field(() => Warning, { nullable: true, description: 'The warning that this UPDATE or CANCEL refers to.' }) supersedes!: Warning | null;
  @Field(() => String) headline!: string;
  @Field(() => String) description!: string;
  @Field(() => String, { nullable: true }) instruction!: string | null;
  @Field(() => String) issuer!: string;
  @Field(() => DateTimeScalar) issuedAt!: string;
  @Field(() => DateTimeScalar) effectiveAt!: string;
  @Field(() => DateTimeScalar, { nullable: true }) expiresAt!: string | null;
  @Field(() => Boolean, { description: 'In force now: effective, not expired, not cancelled, not replaced by a later UPDATE.' }) active!: boolean;
  @Field(() => [AdminDivision], { description: 'The divisions named by the source, normalised (abolished codes mapped to their successors).' })
  areas!: AdminDivision[];
  @Field(() => String, { description: 'This warning as a valid CAP 1.2 alert (XML).' }) capXml!: string;
  @Field(() => DateTimeScalar) updatedAt!: string;
  @Field(() => Provenance) provenance!: Provenance;
}

@InputType()
export class WarningFilter {
  @Field(() => [ProvinceCodeEnum], { nullable: true }) provinces?: ProvinceCode[] | null;
  @Field(() => [WarningEventEnum], { nullable: true }) events?: WarningEvent[] | null;
  @Field(() => WarningLevelEnum, { nullable: true }) minLevel?: WarningLevel | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Only warnings in force at this time (default: no time filter).' }) activeAt?: Date | null;
  @Field(() => [ID], { nullable: true, description: 'Warnings whose areas include one of these divisions or a division inside one of them.' })
  adcodes?: string[] | null;
  @Field(() => NearInput, { nullable: true }) near?: NearInput | null;
  @Field(() => DateTimeScalar, { nullable: true }) updatedSince?: Date | null;
  @Field(() => ID, { nullable: true }) zone?: string | null;
}

@ObjectType()
export class WarningEdge {
  @Field(() => String) cursor!: string;
  @Field(() => Warning) node!: Warning;
}

@ObjectType()
export class WarningConnection {
  @Field(() => [WarningEdge]) edges!: WarningEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Int) totalCount!: number;
  @Field(() => [ProvinceCodeEnum]) unavailableProvinces!: ProvinceCode[];
  @Field(() => [InvalidRecord], { description: 'On the first page: the records of the sources asked that could not be mapped and might have belonged to the answer (not GraphQL errors).' })
  invalidRecords!: InvalidRecord[];
}
