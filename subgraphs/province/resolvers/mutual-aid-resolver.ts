import { GraphQLError, type GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import { toBeijingIso } from '../../../adapters/kit/beijing-time';
import { LegacyRejectedError } from '../../../adapters/kit/errors';
import type { MutualAidStatus, ProvinceCode, RescueBaseRecord } from '../../../schema/model';
import { MutualAidRequest, MutualAidRequestInput } from '../../../schema/province/mutual-aid';
import { RescueBase } from '../../../schema/province/rescue';
import type { ProvinceRequest } from '../province-request';
import type { Served } from '../replica';

/** A mutual-aid request as served: what the submit told us, and the status the system reports now. */
export interface MutualAidView {
  id: string;
  clientRequestId: string;
  baseId: string;
  fromProvince: ProvinceCode;
  toProvince: ProvinceCode;
  status: MutualAidStatus;
  updatedAt: string;
}

function badInput(argument: string, message: string): GraphQLError {
  return new GraphQLError(`argument "${argument}": ${message}`, { extensions: { code: 'BAD_USER_INPUT', argument } });
}

/** A request this process submitted, with its status read from the system; null when unknown. */
export async function mutualAidById(ctx: ProvinceRequest, id: string): Promise<MutualAidView | null> {
  const submitted = ctx.data.mutualAid.get(id);
  if (!submitted) return null;
  let status;
  try {
    status = await ctx.data.adapter.getMutualAid(submitted.sourceId);
  } catch (e) {
    throw ctx.asGraphQLError(e);
  }
  if (!status) return null;
  return { ...submitted, status: status.status, updatedAt: status.updatedAt };
}

/** Nothing is sent unless the base is here, the teams are its own and the materials are in stock. */
function checkRequest(input: MutualAidRequestInput, base: RescueBaseRecord): void {
  const teamIds = new Set(base.teams.map((t) => t.id));
  const foreign = (input.teamIds ?? []).filter((id) => !teamIds.has(id));
  if (foreign.length > 0) throw badInput('input.teamIds', `${foreign.join(', ')} not teams of ${base.id}`);
  const wanted = new Map<string, number>();
  for (const m of input.materials ?? []) {
    if (!(m.quantity > 0)) throw badInput('input.materials', `quantity of ${m.code} must be positive`);
    wanted.set(m.code, (wanted.get(m.code) ?? 0) + m.quantity);
  }
  for (const [code, quantity] of wanted) {
    const stocked = base.materials.filter((s) => s.code === code).reduce((sum, s) => sum + s.quantity, 0);
    if (stocked < quantity) throw badInput('input.materials', `${base.id} stocks ${stocked} of ${code}, ${quantity} asked`);
  }
}

@Resolver(() => MutualAidRequest)
export class MutualAidResolver {
  @Query(() => MutualAidRequest, { nullable: true, description: 'Conditional: MUTUAL_AID.' })
  mutualAidRequest(@Arg('id', () => ID) id: string, @Ctx() ctx: ProvinceRequest): Promise<MutualAidView | null> {
    return mutualAidById(ctx, id);
  }

  @Mutation(() => MutualAidRequest, {
    nullable: true,
    description: "Ask a base in any province for teams and materials. Routed to the base's province.\nclientRequestId makes it idempotent: repeating a request (after a time-out, say) never creates\na second one in the provincial system, whatever that system supports. Conditional: MUTUAL_AID.",
  })
  async requestMutualAid(
    @Arg('input', () => MutualAidRequestInput) input: MutualAidRequestInput,
    @Ctx() ctx: ProvinceRequest,
    @Info() info: GraphQLResolveInfo,
  ): Promise<MutualAidView> {
    const base = await ctx.byId('bases', input.baseId, info);
    if (!base) throw badInput('input.baseId', `no rescue base ${input.baseId} in ${ctx.province}`);
    checkRequest(input, base);
    try {
      const record = await ctx.data.mutualAid.submitOnce(input, () =>
        ctx.data.adapter.submitMutualAid({
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
        }),
      );
      return {
        id: record.id,
        clientRequestId: input.clientRequestId,
        baseId: input.baseId,
        fromProvince: input.fromProvince,
        toProvince: record.province,
        status: record.status,
        updatedAt: record.updatedAt,
      };
    } catch (e) {
      if (e instanceof LegacyRejectedError) {
        throw new GraphQLError(`${ctx.province} system refused the request: ${e.message}`, {
          extensions: { code: 'LEGACY_REJECTED', province: ctx.province, legacyCode: e.legacyCode },
        });
      }
      throw ctx.asGraphQLError(e);
    }
  }

  @FieldResolver(() => RescueBase)
  async base(@Root() r: MutualAidView, @Ctx() ctx: ProvinceRequest, @Info() info: GraphQLResolveInfo): Promise<Served<RescueBaseRecord>> {
    const base = await ctx.byId('bases', r.baseId, info);
    if (!base) throw new GraphQLError(`rescue base ${r.baseId} of ${r.id} is unknown`, { extensions: { code: 'NOT_FOUND', province: ctx.province } });
    return base;
  }
}
