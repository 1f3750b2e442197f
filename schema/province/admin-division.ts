import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { HazmatEnterprise } from './hazmat';
import { RescueBase } from './rescue';
import { Warning } from './warning';

/**
 * The region subgraph's division, extended with what the province holds about it. The region
 * subgraph owns adcode, name, level, parent, children and centre.
 */
@ObjectType()
@Directive('@key(fields: "adcode")')
export class AdminDivision {
  @Field(() => ID) adcode!: string;
  @Field(() => [Warning], { description: 'Warnings in force now for this division or a division that contains it.' }) activeWarnings!: Warning[];
  @Field(() => [RescueBase]) rescueBases!: RescueBase[];
  @Field(() => [HazmatEnterprise]) hazmatEnterprises!: HazmatEnterprise[];
}
