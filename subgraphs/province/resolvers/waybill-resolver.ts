import { GraphQLError, type GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from 'type-graphql';
import { isValidPlate, plateProvince } from '../../../adapters/kit/plate';
import type { HazmatEnterpriseRecord, ProvinceCode, TrackPointRecord, WaybillPartyRecord, WaybillRecord, WaybillStatus } from '../../../schema/model';
import { compareKeys, waybillKey } from '../../../schema/orders';
import { provinceOfCreditCodeDigits } from '../../../adapters/kit/provinces';
import { AdminDivision } from '../../../schema/province/admin-division';
import { TrackArgs, WaybillsArgs } from '../../../schema/province/args';
import { ProvinceCodeEnum, WaybillStatusEnum } from '../../../schema/province/enums';
import { HazmatEnterprise } from '../../../schema/province/hazmat';
import { TrackPoint, Vehicle, Waybill, WaybillConnection, WaybillParty } from '../../../schema/province/waybill';
import { asksProvince, normalisePlateArgument, provincesTouched, waybillPredicate } from '../filters';
import { invalidOnFirstPage } from '../data-quality';
import { checkAfter, checkFirst, copyPage, paginate, servePage, unavailablePage, type Page } from '../paging';
import type { ProvinceRequest } from '../province-request';
import type { Served } from '../replica';
import { ErrorCodes } from '../../../schema/error-codes';

type ServedWaybill = Served<WaybillRecord>;

export interface VehicleRef {
  plate: string;
}

@Resolver(() => Waybill)
export class WaybillResolver {
  @Query(() => WaybillConnection, { description:
      'Ordered by departedAt (newest first, not yet departed last), then id. Lists the waybills not yet arrived and those departed in the last 30 days (the history window, COPY_HISTORY_WINDOW_MS), so an incremental pull with filter.updatedSince reaches back that far; an older waybill is read by id (waybill, node).\n按出发时间（最新在前，未出发的在最后）、编号排序。列出尚未到达的运单及最近 30 天内出发的运单（历史窗口，COPY_HISTORY_WINDOW_MS），按 filter.updatedSince 的增量拉取也只回溯到此；更早的运单按编号读取（waybill、node）。',
  })
  async waybills(
    @Args(() => WaybillsArgs) { filter, first, after }: WaybillsArgs,
    @Ctx() ctx: ProvinceRequest,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Page<ServedWaybill>> {
    const n = checkFirst(first);
    const afterKey = checkAfter(after, 'waybills');
    if (!asksProvince(filter?.provinces, ctx.province)) return paginate<ServedWaybill>([], 'waybills', n, afterKey, null);
    const snapshot = await ctx.scanOrReport('waybills', info);
    if (!snapshot) return unavailablePage(ctx.province);
    const matches = waybillPredicate(filter);
    const page = copyPage(snapshot, filter, waybillKey, n, afterKey, (): Page<ServedWaybill> => {
      const items = snapshot.records.filter(matches).map((w) => ({ node: w, key: waybillKey(w) }));
      return servePage(paginate(items, 'waybills', n, afterKey, snapshot.syncedAt), snapshot.serve);
    }, matches);
    return { ...page, invalidRecords: invalidOnFirstPage(after, snapshot) };
  }

  @Query(() => Waybill, { nullable: true, description: 'A waybill by its global id.\n按全局编号查询一张电子运单。' })
  waybill(@Arg('id', () => ID, { description: 'Its global id.\n全局编号。' }) id: string, @Ctx() ctx: ProvinceRequest, @Info() info: GraphQLResolveInfo): Promise<ServedWaybill | null> {
    return ctx.byId('waybills', id, info);
  }

  @FieldResolver(() => Vehicle)
  vehicle(@Root() w: WaybillRecord): VehicleRef {
    return { plate: w.plate };
  }

  @FieldResolver(() => [ProvinceCodeEnum])
  provincesTouched(@Root() w: WaybillRecord): ProvinceCode[] {
    return provincesTouched(w);
  }
}

@Resolver(() => WaybillParty)
export class WaybillPartyResolver {
  @FieldResolver(() => AdminDivision, { nullable: true })
  division(@Root() party: WaybillPartyRecord): { adcode: string } | null {
    return party.divisionCode ? { adcode: party.divisionCode } : null;
  }

  /**
   * For a code this province registered, its record when it holds one; otherwise a reference
   * ({ creditCode }), without reading the copy. Through the gateway the shard router asks for the
   * code only and resolves it itself: several provinces may hold the code, whoever registered it,
   * and which record answers is its to decide.
   */
  @FieldResolver(() => HazmatEnterprise, { nullable: true })
  async enterprise(
    @Root() party: WaybillPartyRecord,
    @Ctx() ctx: ProvinceRequest,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Served<HazmatEnterpriseRecord> | { creditCode: string } | null> {
    if (!party.creditCode) return null;
    const reference = { creditCode: party.creditCode };
    if (provinceOfCreditCodeDigits(party.creditCode) !== ctx.province) return reference;
    return (await ctx.enterpriseByCreditCode(party.creditCode, info)) ?? reference;
  }
}

function vehicleOf(plate: string): VehicleRef {
  const normalised = normalisePlateArgument(plate);
  if (!isValidPlate(normalised)) {
    throw new GraphQLError(`argument "plate" is not a licence plate: "${plate}"`, { extensions: { code: ErrorCodes.BAD_USER_INPUT, argument: 'plate' } });
  }
  return { plate: normalised };
}

@Resolver(() => Vehicle)
export class VehicleResolver {
  @Query(() => Vehicle, { nullable: true, description: "A vehicle as seen by every province's system.\n各省系统所见的一辆车。" })
  vehicle(@Arg('plate', () => ID, { description: 'The plate, in any spelling (苏A·12345, 苏a12345).\n车牌号，写法不限（苏A·12345、苏a12345）。' }) plate: string): VehicleRef {
    return vehicleOf(plate);
  }

  @FieldResolver(() => ProvinceCodeEnum, { nullable: true })
  registeredProvince(@Root() v: VehicleRef): ProvinceCode | null {
    return plateProvince(v.plate);
  }

  @FieldResolver(() => [TrackPoint], { nullable: true })
  async track(
    @Root() v: VehicleRef,
    @Args(() => TrackArgs) { from, to }: TrackArgs,
    @Ctx() ctx: ProvinceRequest,
    @Info() info: GraphQLResolveInfo,
  ): Promise<TrackPointRecord[]> {
    if (to.getTime() < from.getTime()) {
      throw new GraphQLError('argument "to" is before "from"', { extensions: { code: ErrorCodes.BAD_USER_INPUT, argument: 'to' } });
    }
    return ctx.track(v.plate, from, to, info);
  }

  @FieldResolver(() => [Waybill], { nullable: true })
  async waybills(
    @Root() v: VehicleRef,
    @Arg('statuses', () => [WaybillStatusEnum], { nullable: true, description: 'Only waybills of these statuses.\n仅限这些状态的运单。' }) statuses: WaybillStatus[] | null,
    @Ctx() ctx: ProvinceRequest,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ServedWaybill[]> {
    const snapshot = await ctx.scan('waybills', info);
    return (snapshot.index.byPlate.get(v.plate) ?? [])
      .filter((w) => !statuses || statuses.includes(w.status))
      .sort((a, b) => compareKeys('waybills', waybillKey(a), waybillKey(b)));
  }
}

export { vehicleOf };
