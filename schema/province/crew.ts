import { Field, ObjectType } from 'type-graphql';
import type { CrewRole } from '../model';
import { CrewRoleEnum } from './enums';

@ObjectType({ description: 'A member of the crew of a trip: its driver or escort.\n运输人员：驾驶员或押运员。' })
export class CrewMember {
  @Field(() => CrewRoleEnum, { description: 'Driver or escort.\n驾驶员或押运员。' }) role!: CrewRole;
  @Field(() => String, { description: 'Their name.\n姓名。' }) name!: string;
  @Field(() => String, { nullable: true, description: 'Road transport qualification certificate number (从业资格证号).' })
  qualificationCertificate!: string | null;
  @Field(() => String, { nullable: true, description: 'Their telephone, when known.\n联系电话（已知时）。' }) phone!: string | null;
}
