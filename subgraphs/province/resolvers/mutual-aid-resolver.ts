import { GraphQLError, responsePathAsArray, type GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import { toBeijingIso } from '../../../adapters/kit/beijing-time';
import { ProvinceUnavailableError } from '../../../adapters/kit/errors';
import { parseGlobalId, type MutualAidRequestInput as MutualAidInputRecord, type MutualAidStatus, type ProvinceCode, type RescueBaseRecord } from '../../../schema/model';
import { MutualAidRequest, MutualAidRequestInput } from '../../../schema/province/mutual-aid';
import { RescueBase } from '../../../schema/province/rescue';
import type { JournalEntry } from '../mutual-aid/journal';
import { mutualAidInputProblem } from '../mutual-aid/validation';
import type { ProvinceRequest } from '../province-request';
import type { Served } from '../replica';
import { ErrorCodes } from '../../../schema/error-codes';

/** A mutual-aid request as served: what the journal holds, and the status the system reports now. */
export interface MutualAidView {
  id: string;
  clientRequestId: string;
  baseId: string;
  fromProvince: ProvinceCode;
  toProvince: ProvinceCode;
  status: MutualAidStatus;
  updatedAt: string;
}

function asRecord(input: MutualAidRequestInput): MutualAidInputRecord {
  return {
    clientRequestId: input.clientRequestId,
    baseId: input.baseId,
    fromProvince: input.fromProvince,
    incident: {
      title: input.incident.title,
      location: { lng: input.incident.location.lng, lat: input.incident.location.lat },
      occurredAt: toBeijingIso(input.incident.occurredAt),
    },
    teamIds: input.teamIds ?? [],
    materials: (input.materials ?? []).map((m) => ({ code: m.code, quantity: m.quantity })),
    contact: input.contact,
  };
}

/**
 * The entry's request with its status read through from the system. When the system cannot answer,
 * the status last known is served with a `stale` error beside it: the request exists either way.
 */
async function viewOf(ctx: ProvinceRequest, entry: JournalEntry & { created: NonNullable<JournalEntry['created']> }, info: GraphQLResolveInfo | undefined, fresh: boolean): Promise<MutualAidView> {
  const view: MutualAidView = {
    id: entry.created.id,
    clientRequestId: entry.clientRequestId,
    baseId: entry.request.baseId,
    fromProvince: entry.request.fromProvince,
    toProvince: entry.province,
    status: entry.created.status,
    updatedAt: entry.created.updatedAt,
  };
  if (fresh) return view;
  try {
    const now = await ctx.data.adapter.getMutualAid(entry.created.sourceId);
    if (now) return { ...view, status: now.status, updatedAt: now.updatedAt };
  } catch (e) {
    if (!(e instanceof ProvinceUnavailableError)) throw e;
    ctx.notices.push({
      message: `${ctx.province} system unavailable (${e.message}); status of ${view.id} as last known`,
      ...(info ? { path: responsePathAsArray(info.path) } : {}),
      extensions: { code: e.code, province: ctx.province, stale: true },
    });
  }
  return view;
}

/**
 * A request created through the gateway (in the journal), its status read from the system; null
 * when unknown. A request the system holds but the journal does not (created before the journal or
 * outside the gateway) answers null with NOT_FOUND: the systems tell status and time only, not who
 * asked for which base, so it cannot be served whole.
 */
export async function mutualAidById(ctx: ProvinceRequest, id: string, info?: GraphQLResolveInfo): Promise<MutualAidView | null> {
  const parsed = parseGlobalId(id);
  if (!parsed || parsed.province !== ctx.province || parsed.type !== 'MutualAidRequest') return null;
  // Its status is read through from the system on every request.
  ctx.answerValidUntil(0);
  let entry;
  try {
    entry = await ctx.data.mutualAid.byId(id);
  } catch (e) {
    throw new GraphQLError(`the mutual-aid journal is unavailable: ${e instanceof Error ? e.message : String(e)}`, { extensions: { code: ErrorCodes.JOURNAL_UNAVAILABLE, province: ctx.province } });
  }
  if (entry?.created) return viewOf(ctx, { ...entry, created: entry.created }, info, false);
  let known;
  try {
    known = await ctx.data.adapter.getMutualAid(parsed.sourceId);
  } catch (e) {
    throw ctx.asGraphQLError(e);
  }
  if (!known) return null;
  throw new GraphQLError(
    `${id} was not requested through the gateway's journal (it predates it or was made outside the gateway): the ${ctx.province} system reports it ${known.status}, but not who asked for which base`,
    { extensions: { code: ErrorCodes.NOT_FOUND, province: ctx.province, sourceId: parsed.sourceId, reason: 'NOT_IN_JOURNAL' } },
  );
}

@Resolver(() => MutualAidRequest)
export class MutualAidResolver {
  @Query(() => MutualAidRequest, { nullable: true, description: 'Conditional: MUTUAL_AID.\n有条件共享：MUTUAL_AID。' })
  mutualAidRequest(@Arg('id', () => ID, { description: 'Its global id.\n全局编号。' }) id: string, @Ctx() ctx: ProvinceRequest, @Info() info: GraphQLResolveInfo): Promise<MutualAidView | null> {
    return mutualAidById(ctx, id, info);
  }

  @Mutation(() => MutualAidRequest, {
    nullable: true,
    description: "Ask a base in any province for teams and materials. Routed to the base's province.\nclientRequestId makes it idempotent: repeating a request (after a time-out, say) never creates\na second one in the provincial system, whatever that system supports. Conditional: MUTUAL_AID.\n向任一省份的救援基地请求队伍与物资，按基地所在省份路由。clientRequestId 保证幂等：重复提交不会在省级系统中重复创建。有条件共享：MUTUAL_AID。",
  })
  async requestMutualAid(
    @Arg('input', () => MutualAidRequestInput, { description: 'The request.\n请求内容。' }) input: MutualAidRequestInput,
    @Ctx() ctx: ProvinceRequest,
    @Info() info: GraphQLResolveInfo,
  ): Promise<MutualAidView> {
    const record = asRecord(input);
    const { entry, createdNow } = await ctx.data.mutualAid.request(record, async () => {
      const base = await ctx.byId('bases', record.baseId, info);
      return mutualAidInputProblem(record, base, ctx.callerProvince, ctx.data.adapter);
    });
    return viewOf(ctx, entry, info, createdNow);
  }

  @FieldResolver(() => RescueBase)
  async base(@Root() r: MutualAidView, @Ctx() ctx: ProvinceRequest, @Info() info: GraphQLResolveInfo): Promise<Served<RescueBaseRecord>> {
    const base = await ctx.byId('bases', r.baseId, info);
    if (!base) throw new GraphQLError(`rescue base ${r.baseId} of ${r.id} is unknown`, { extensions: { code: ErrorCodes.NOT_FOUND, province: ctx.province } });
    return base;
  }
}
