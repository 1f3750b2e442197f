import { Directive, Field, Float, ObjectType } from 'type-graphql';
import { DateTimeScalar } from './date-time';

/**
 * What a province's system holds by credit code, from its synced copy of enterprises: the shard
 * router learns from it which province to ask for a code. Hidden from the API schema.
 */

@ObjectType({ description: "One credit code the province's system holds, and when its record last changed." })
@Directive('@inaccessible')
export class CreditCodeHolding {
  @Field(() => String) creditCode!: string;
  @Field(() => DateTimeScalar) updatedAt!: string;
}

@ObjectType()
@Directive('@inaccessible')
export class CreditCodeHoldings {
  @Field(() => Float, {
    description: "When the enterprise copy is as of (ms since the epoch, the subgraph's clock); every answer of the subgraph announces it in extensions.creditCodeHoldings.",
  })
  syncedAt!: number;

  @Field(() => String, { description: 'Changes exactly when the holdings do.' }) etag!: string;

  @Field(() => Float, { description: 'How long (ms) the copy stays fresh from now; 0 for a stale copy.' }) maxAgeMs!: number;

  @Field(() => [CreditCodeHolding], { nullable: true, description: 'Null when the etag is the one the caller gave as ifNoneMatch.' })
  holdings!: CreditCodeHolding[] | null;
}
