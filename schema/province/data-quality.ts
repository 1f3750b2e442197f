import { Directive, Field, Int, ObjectType } from 'type-graphql';
import { DateTimeScalar } from './date-time';

@ObjectType({ description: 'A record that a source holds but that cannot be mapped to the contract; it is left out of answers.\n来源持有但无法映射到契约的记录；不出现在结果中。' })
@Directive('@shareable')
export class InvalidRecord {
  @Field(() => String, { description: 'SH, JS, ZJ, AH, or CR for the credit platform.\nSH、JS、ZJ、AH，信用平台为 CR。' }) source!: string;
  @Field(() => String, { description: 'The record\'s id in its source.\n该记录在来源系统中的编号。' }) sourceId!: string;
  @Field(() => String, { description: 'Why it cannot be mapped.\n无法映射的原因。' }) reason!: string;
}

@ObjectType({ description: 'A reason records cannot be mapped, and how many.\n记录无法映射的一种原因及数量。' })
export class ReasonCount {
  @Field(() => String, { description: 'The reason.\n原因。' }) reason!: string;
  @Field(() => Int, { description: 'How many.\n数量。' }) count!: number;
}

@ObjectType({ description: 'What a source holds of a collection that cannot be mapped.\n某一来源某一数据集中无法映射的记录情况。' })
export class CollectionQuality {
  @Field(() => String, { description: 'SH, JS, ZJ, AH or CR.\nSH、JS、ZJ、AH 或 CR。' }) source!: string;
  @Field(() => String, { description: 'warnings, enterprises, waybills, bases, sanctions\n数据集：warnings、enterprises、waybills、bases、sanctions。' }) collection!: string;
  @Field(() => Int, { description: 'The records the source holds in this collection, the invalid ones included.\n该来源此数据集的记录数（含无效记录）。' }) records!: number;
  @Field(() => Int, { description: 'How many cannot be mapped.\n无法映射的记录数。' }) invalid!: number;
  @Field(() => [ReasonCount], { description: 'How many for each reason.\n按原因统计的数量。' }) reasons!: ReasonCount[];
  @Field(() => [InvalidRecord], { description: 'At most 20.\n示例，最多 20 条。' }) examples!: InvalidRecord[];
  @Field(() => DateTimeScalar, { description: 'As of when.\n统计时间。' }) asOf!: string;
}
