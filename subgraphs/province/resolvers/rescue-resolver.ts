import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, Float, ID, Info, Query, Resolver, Root } from 'type-graphql';
import { haversineKm } from '../../../schema/geography';
import type { RescueBaseRecord } from '../../../schema/model';
import { byDistanceKey } from '../../../schema/orders';
import { AdminDivision } from '../../../schema/province/admin-division';
import { GeoPointInput } from '../../../schema/province/common';
import { RescueBasesArgs, ResourceViewArgs } from '../../../schema/province/args';
import { MaterialTotal, RescueBase, RescueBaseConnection, RescueBaseFilter, ResourceOrganisationConnection } from '../../../schema/province/rescue';
import { asksProvince, nearInWgs84, basePredicate, distanceFrom } from '../filters';
import { sumMaterials, type Organisation } from '../organisations';
import { resourceViewPage, type OrganisationPage } from '../resource-view';
import { invalidOnFirstPage } from '../data-quality';
import { CONNECTION_ORDER } from '../copy/connection-order';
import { checkAfter, checkFirst, copyPage, paginate, servePage, unavailablePage, type Page, type Positioned } from '../paging';
import type { ProvinceRequest } from '../province-request';
import type { Served } from '../replica';

type ServedBase = Served<RescueBaseRecord>;

interface MaterialTotalRow {
  code: string;
  name: string;
  unit: string;
  quantity: number;
  byProvince: { province: string; quantity: number }[];
}

@Resolver(() => RescueBase)
export class RescueBaseResolver {
  @Query(() => RescueBaseConnection, { description: 'Ordered by distance when filter.near is given, else by id.\n指定 filter.near 时按距离排序，否则按编号排序。' })
  async rescueBases(
    @Args(() => RescueBasesArgs) { filter, first, after }: RescueBasesArgs,
    @Ctx() ctx: ProvinceRequest,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Page<ServedBase>> {
    const near = filter?.near ? nearInWgs84(filter.near) : null;
    const order = near ? 'rescueBasesByDistance' : 'rescueBases';
    const n = checkFirst(first);
    const afterKey = checkAfter(after, order);
    if (!asksProvince(filter?.provinces, ctx.province)) return paginate<ServedBase>([], order, n, afterKey, null);
    const snapshot = await ctx.scanOrReport('bases', info);
    if (!snapshot) return unavailablePage(ctx.province);
    const matches = basePredicate(filter);
    const page = copyPage(snapshot, filter, CONNECTION_ORDER.bases.keyOf, n, afterKey, (): Page<ServedBase> => {
      const items = snapshot.records.filter(matches).map((b): Positioned<RescueBaseRecord> => {
        if (!near) return { node: b, key: [b.id] };
        const d = distanceFrom(near, b.location);
        return { node: b, key: byDistanceKey(d, b.id), distanceKm: d };
      });
      return servePage(paginate(items, order, n, afterKey, snapshot.syncedAt), snapshot.serve);
    }, near ? null : matches);
    return { ...page, invalidRecords: invalidOnFirstPage(after, snapshot) };
  }

  @Query(() => RescueBase, { nullable: true, description: 'A rescue base by its global id.\n按全局编号查询一个救援基地。' })
  rescueBase(@Arg('id', () => ID, { description: 'Its global id.\n全局编号。' }) id: string, @Ctx() ctx: ProvinceRequest, @Info() info: GraphQLResolveInfo): Promise<ServedBase | null> {
    return ctx.byId('bases', id, info);
  }

  @Query(() => [MaterialTotal], { nullable: true, description: 'Material stocks summed across bases and provinces, one row per (code, unit). Conditional: RESCUE_RESOURCES.\n跨基地、跨省份汇总的物资储备，每个（编码，单位）一行。有条件共享：RESCUE_RESOURCES。' })
  async materialTotals(
    @Arg('filter', () => RescueBaseFilter, { nullable: true, description: 'Which bases to sum.\n参与汇总的基地。' }) filter: RescueBaseFilter | null,
    @Ctx() ctx: ProvinceRequest,
    @Info() info: GraphQLResolveInfo,
  ): Promise<MaterialTotalRow[]> {
    if (!asksProvince(filter?.provinces, ctx.province)) return [];
    const snapshot = await ctx.scan('bases', info);
    const stocks = snapshot.records.filter(basePredicate(filter)).flatMap((b) => b.materials);
    return sumMaterials(stocks).map((m) => ({ ...m, byProvince: [{ province: ctx.province, quantity: m.quantity }] }));
  }

  @Query(() => ResourceOrganisationConnection, {
    description:
      "The merged resource view for the exchange platform: one record per rescue organisation\n(bases sharing a credit code are merged across provinces; a base without a credit code is its\nown organisation). Ordered by key. With updatedSince, the organisations any of whose bases\nchanged at or after that time, each complete (all its bases, in every province), so that a\nconsumer can pull incrementally and resume with after without missing or repeating one.\n供交换平台使用的合并资源视图：每个救援组织一条记录（共用统一社会信用代码的基地跨省合并）。指定 updatedSince 时只返回其后有变化的组织，且每个组织完整返回，可增量拉取。",
  })
  async resourceView(
    @Args(() => ResourceViewArgs) { updatedSince, first, after, keys }: ResourceViewArgs,
    @Ctx() ctx: ProvinceRequest,
    @Info() info: GraphQLResolveInfo,
  ): Promise<OrganisationPage> {
    const n = checkFirst(first);
    const afterKey = checkAfter(after, 'resourceView');
    const snapshot = await ctx.scanOrReport('bases', info);
    if (!snapshot) return { ...unavailablePage<Organisation>(ctx.province), creditCodes: [] };
    const page = resourceViewPage(snapshot, { first: n, after: afterKey, since: updatedSince?.getTime() ?? null, keys: keys ? new Set(keys) : null });
    return { ...page, invalidRecords: invalidOnFirstPage(after, snapshot) };
  }

  @FieldResolver(() => AdminDivision)
  division(@Root() b: RescueBaseRecord): { adcode: string } {
    return { adcode: b.divisionCode };
  }

  @FieldResolver(() => Float, { nullable: true, description: 'Great-circle distance in km.\n大圆距离（千米）。' })
  distanceKm(@Root() b: RescueBaseRecord, @Arg('from', () => GeoPointInput, { description: 'The point to measure from (WGS-84).\n起算点（WGS-84）。' }) from: GeoPointInput): number | null {
    return b.location ? haversineKm(from, b.location) : null;
  }
}

