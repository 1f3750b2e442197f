import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from 'type-graphql';
import { successorOf } from '../../../schema/geography';
import type { CapSeverity, WarningRecord } from '../../../schema/model';
import { warningKey } from '../../../schema/orders';
import { AdminDivision } from '../../../schema/province/admin-division';
import { CapSeverityEnum } from '../../../schema/province/enums';
import { WarningsArgs } from '../../../schema/province/args';
import { Warning, WarningConnection } from '../../../schema/province/warning';
import { capXml } from '../cap-xml';
import { asksProvince, warningPredicate } from '../filters';
import { invalidOnFirstPage } from '../data-quality';
import { checkAfter, checkFirst, copyPage, paginate, servePage, unavailablePage, type Page } from '../paging';
import type { ProvinceRequest } from '../province-request';
import type { Served } from '../replica';
import { SEVERITY_OF_LEVEL } from '../warning-status';

type ServedWarning = Served<WarningRecord>;

@Resolver(() => Warning)
export class WarningResolver {
  @Query(() => WarningConnection, { description: 'Ordered by level (RED first), then issuedAt (newest first), then id.\n按预警级别（红色在前）、发布时间（最新在前）、编号排序。' })
  async warnings(
    @Args(() => WarningsArgs) { filter, first, after }: WarningsArgs,
    @Ctx() ctx: ProvinceRequest,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Page<ServedWarning>> {
    const n = checkFirst(first);
    const afterKey = checkAfter(after, 'warnings');
    if (!asksProvince(filter?.provinces, ctx.province)) return paginate<ServedWarning>([], 'warnings', n, afterKey, null);
    const snapshot = await ctx.scanOrReport('warnings', info);
    if (!snapshot) return unavailablePage(ctx.province);
    const matches = warningPredicate(filter, (id) => snapshot.index.referrers.get(id) ?? []);
    const page = copyPage(snapshot, filter, warningKey, n, afterKey, (): Page<ServedWarning> => {
      const items = snapshot.records.filter(matches).map((w) => ({ node: w, key: warningKey(w) }));
      return servePage(paginate(items, 'warnings', n, afterKey, snapshot.syncedAt), snapshot.serve);
    }, matches);
    return { ...page, invalidRecords: invalidOnFirstPage(after, snapshot) };
  }

  @Query(() => Warning, { nullable: true, description: 'A warning by its global id.\n按全局编号查询一条预警。' })
  warning(@Arg('id', () => ID, { description: 'Its global id.\n全局编号。' }) id: string, @Ctx() ctx: ProvinceRequest, @Info() info: GraphQLResolveInfo): Promise<ServedWarning | null> {
    return ctx.byId('warnings', id, info);
  }

  @FieldResolver(() => CapSeverityEnum)
  severity(@Root() w: WarningRecord): CapSeverity {
    return SEVERITY_OF_LEVEL[w.level];
  }

  @FieldResolver(() => Warning, { nullable: true })
  supersedes(@Root() w: WarningRecord, @Ctx() ctx: ProvinceRequest, @Info() info: GraphQLResolveInfo): Promise<ServedWarning | null> | null {
    return w.supersedesId ? ctx.byId('warnings', w.supersedesId, info) : null;
  }

  @FieldResolver(() => Boolean)
  async active(@Root() w: WarningRecord, @Ctx() ctx: ProvinceRequest, @Info() info: GraphQLResolveInfo): Promise<boolean> {
    const snapshot = await ctx.keyed('warnings', info);
    return ctx.isActiveNow(w, snapshot.index.referrers.get(w.id) ?? []);
  }

  @FieldResolver(() => [AdminDivision])
  areas(@Root() w: WarningRecord): { adcode: string }[] {
    return [...new Set(w.areaCodes.map(successorOf))].map((adcode) => ({ adcode }));
  }

  @FieldResolver(() => String)
  async capXml(@Root() w: WarningRecord, @Ctx() ctx: ProvinceRequest, @Info() info: GraphQLResolveInfo): Promise<string> {
    const referenced = w.supersedesId ? await ctx.byId('warnings', w.supersedesId, info) : null;
    return capXml(w, referenced);
  }
}
