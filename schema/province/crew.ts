import { Field, ObjectType } from 'type-graphql';
import type { CrewRole } from '../model';
import { CrewRoleEnum } from './enums';

@ObjectType()
export class CrewMember {
  @Field(() => CrewRoleEnum) role!: CrewRole;
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true, description: 'Road transport qualification certificate number (从业资格证号).' })
  qualificationCertificate!: string | null;
  @Field(() => String, { nullable: true }) phone!: string | null;
}
