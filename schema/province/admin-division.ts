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
  @Field(() => [Warning], { description: 'Warnings in force now for this division or a division that contains it.\n当前对该行政区或其上级行政区有效的预警。' }) activeWarnings!: Warning[];
  @Field(() => [RescueBase], { description: 'The rescue bases in it.\n区内的救援基地。' }) rescueBases!: RescueBase[];
  @Field(() => [HazmatEnterprise], { description: 'The hazardous-chemicals enterprises in it.\n区内的危险化学品企业。' }) hazmatEnterprises!: HazmatEnterprise[];
}
