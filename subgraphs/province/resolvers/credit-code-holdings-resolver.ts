import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Directive, Info, Query, Resolver } from 'type-graphql';
import { CreditCodeHoldings } from '../../../schema/province/credit-code-holdings';
import { holdingsOf } from '../credit-code-holdings';
import type { ProvinceRequest } from '../province-request';

@Resolver(() => CreditCodeHoldings)
export class CreditCodeHoldingsResolver {
  @Query(() => CreditCodeHoldings, {
    description: "The credit codes this province's system holds, from its copy of enterprises (synced first when older than its maximum age): how the shard router learns where to ask for a code.",
  })
  @Directive('@inaccessible')
  async creditCodeHoldings(
    @Arg('ifNoneMatch', () => String, { nullable: true }) ifNoneMatch: string | null,
    @Ctx() ctx: ProvinceRequest,
    @Info() info: GraphQLResolveInfo,
  ): Promise<CreditCodeHoldings> {
    const snapshot = await ctx.keyed('enterprises', info);
    const { etag, holdings } = holdingsOf(snapshot);
    const maxAgeMs = Math.max(0, snapshot.freshUntil - ctx.data.clock.now().getTime());
    return { syncedAt: snapshot.syncedAt, etag, maxAgeMs, holdings: etag === ifNoneMatch ? null : holdings };
  }
}
