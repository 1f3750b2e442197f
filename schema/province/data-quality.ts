import { Field, Int, ObjectType } from 'type-graphql';
import { DateTimeScalar } from './date-time';

@ObjectType({ description: 'A record that a source holds but that cannot be mapped to the contract; it is left out of answers.' })
export class InvalidRecord {
  @Field(() => String, { description: 'SH, JS, ZJ, AH, or CR for the credit platform.' }) source!: string;
  @Field(() => String) sourceId!: string;
  @Field(() => String) reason!: string;
}

@ObjectType()
export class ReasonCount {
  @Field(() => String) reason!: string;
  @Field(() => Int) count!: number;
}

@ObjectType()
export class CollectionQuality {
  @Field(() => String) source!: string;
  @Field(() => String, { description: 'warnings, enterprises, waybills, bases, sanctions' }) collection!: string;
  @Field(() => Int, { description: 'The records the source holds in this collection, the invalid ones included.' }) records!: number;
  @Field(() => Int) invalid!: number;
  @Field(() => [ReasonCount]) reasons!: ReasonCount[];
  @Field(() => [InvalidRecord], { description: 'At most 20.' }) examples!: InvalidRecord[];
  @Field(() => DateTimeScalar) asOf!: string;
}
