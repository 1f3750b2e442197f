import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from 'type-graphql';
import type { HazmatEnterpriseRecord } from '../../../schema/model';
import { byDistanceKey } from '../../../schema/orders';
import { AdminDivision } from '../../../schema/province/admin-division';
import { HazmatEnterprisesArgs } from '../../../schema/province/args';
import { HAZMAT_ENTERPRISE_BY_CODE, HazmatEnterprise, HazmatEnterpriseConnection } from '../../../schema/province/hazmat';
import { asksProvince, nearInWgs84, distanceFrom, enterprisePredicate } from '../filters';
import { invalidOnFirstPage } from '../data-quality';
import { filtersByToday } from '../enterprise-safety-filters';
import { nextBeijingMidnight } from '../../../adapters/kit/safety-licence';
import { CONNECTION_ORDER } from '../copy/connection-order';
import { checkAfter, checkFirst, copyPage, paginate, servePage, unavailablePage, type Page, type Positioned } from '../paging';
import type { ProvinceRequest } from '../province-request';
import type { Served } from '../replica';

type ServedEnterprise = Served<HazmatEnterpriseRecord>;

@Resolver(() => HazmatEnterprise)
export class EnterpriseResolver {
  @Query(() => HazmatEnterpriseConnection, { description: 'Ordered by distance when filter.near is given, else by creditCode.\n指定 filter.near 时按距离排序，否则按统一社会信用代码排序。' })
  async hazmatEnterprises(
    @Args(() => HazmatEnterprisesArgs) { filter, first, after }: HazmatEnterprisesArgs,
    @Ctx() ctx: ProvinceRequest,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Page<ServedEnterprise>> {
    const near = filter?.near ? nearInWgs84(filter.near) : null;
    const order = near ? 'hazmatEnterprisesByDistance' : 'hazmatEnterprises';
    const n = checkFirst(first);
    const afterKey = checkAfter(after, order);
    if (!asksProvince(filter?.provinces, ctx.province)) return paginate<ServedEnterprise>([], order, n, afterKey, null);
    const snapshot = await ctx.scanOrReport('enterprises', info);
    if (!snapshot) return unavailablePage(ctx.province);
    if (filtersByToday(filter)) ctx.answerValidUntil(nextBeijingMidnight(ctx.now));
    const matches = enterprisePredicate(filter, ctx.now);
    const page = copyPage(snapshot, filter, CONNECTION_ORDER.enterprises.keyOf, n, afterKey, (): Page<ServedEnterprise> => {
      const items = snapshot.records.filter(matches).map((e): Positioned<HazmatEnterpriseRecord> => {
        if (!near) return { node: e, key: [e.creditCode] };
        const d = distanceFrom(near, e.location);
        return { node: e, key: byDistanceKey(d, e.creditCode), distanceKm: d };
      });
      return servePage(paginate(items, order, n, afterKey, snapshot.syncedAt), snapshot.serve);
    }, near ? null : matches);
    return { ...page, invalidRecords: invalidOnFirstPage(after, snapshot) };
  }

  @Query(() => HazmatEnterprise, { nullable: true, description: HAZMAT_ENTERPRISE_BY_CODE })
  async hazmatEnterprise(@Arg('creditCode', () => ID, { description: 'The unified social credit code.\n统一社会信用代码。' }) creditCode: string, @Ctx() ctx: ProvinceRequest, @Info() info: GraphQLResolveInfo): Promise<ServedEnterprise | null> {
    return ctx.enterpriseByCreditCode(creditCode, info);
  }

  @FieldResolver(() => AdminDivision)
  division(@Root() e: HazmatEnterpriseRecord): { adcode: string } {
    return { adcode: e.divisionCode };
  }
}
