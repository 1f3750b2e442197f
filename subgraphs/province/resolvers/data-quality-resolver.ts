import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Info, Query, Resolver } from 'type-graphql';
import { CollectionQuality } from '../../../schema/province/data-quality';
import { COLLECTIONS, collectionQuality, type CollectionQualityRow } from '../data-quality';
import type { ProvinceRequest } from '../province-request';

@Resolver()
export class DataQualityResolver {
  @Query(() => [CollectionQuality], { description: 'Per source and collection, what could not be mapped: for operators and the exchange platform.\n按来源和数据集统计无法映射的记录：供运维人员和交换平台使用。' })
  async dataQuality(
    @Arg('sources', () => [String], { nullable: true, description: 'Only these sources (SH, JS, ZJ, AH, CR).\n仅限这些来源（SH、JS、ZJ、AH、CR）。' }) sources: string[] | null,
    @Ctx() ctx: ProvinceRequest,
    @Info() info: GraphQLResolveInfo,
  ): Promise<CollectionQualityRow[]> {
    if (sources && !sources.includes(ctx.province)) return [];
    const rows = await Promise.all(
      COLLECTIONS.map(async (collection) => {
        const snapshot = await ctx.scanOrReport(collection, info);
        return snapshot ? [collectionQuality(ctx.province, collection, snapshot)] : [];
      }),
    );
    return rows.flat();
  }
}
