import type { GraphQLResolveInfo } from 'graphql';
import type { ProvinceRequest } from './province-request';
import { mutualAidById } from './resolvers/mutual-aid-resolver';
import { vehicleOf } from './resolvers/waybill-resolver';

/** How each entity of the province subgraph is found from its key, for `_entities`. */

type ReferenceResolver<R> = (reference: R, ctx: ProvinceRequest, info: GraphQLResolveInfo) => unknown;

export const REFERENCE_RESOLVERS: Record<string, { __resolveReference: ReferenceResolver<Record<string, string>> }> = {
  Warning: { __resolveReference: (ref, ctx, info) => ctx.byId('warnings', ref.id, info) },
  Waybill: { __resolveReference: (ref, ctx, info) => ctx.byId('waybills', ref.id, info) },
  RescueBase: { __resolveReference: (ref, ctx, info) => ctx.byId('bases', ref.id, info) },
  MutualAidRequest: { __resolveReference: (ref, ctx, info) => mutualAidById(ctx, ref.id, info) },
  HazmatEnterprise: {
    __resolveReference: async (ref, ctx, info) => {
      if (typeof ref.id === 'string') return ctx.byId('enterprises', ref.id, info);
      const snapshot = await ctx.keyed('enterprises', info);
      return snapshot.index.byCreditCode.get(String(ref.creditCode).trim().toUpperCase()) ?? null;
    },
  },
  Vehicle: { __resolveReference: (ref) => vehicleOf(ref.plate) },
  AdminDivision: { __resolveReference: (ref) => ({ adcode: ref.adcode }) },
};
