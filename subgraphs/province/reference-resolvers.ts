import { Kind, responsePathAsArray, type GraphQLResolveInfo } from 'graphql';
import type { ProvinceRequest } from './province-request';
import { mutualAidById } from './resolvers/mutual-aid-resolver';
import { vehicleOf } from './resolvers/waybill-resolver';

/** How each entity of the province subgraph is found from its key, for `_entities`. */

type ReferenceResolver<R> = (reference: R, ctx: ProvinceRequest, info: GraphQLResolveInfo) => unknown;

/**
 * Where an error about one representation belongs: `_entities.<its index>`, so that the gateway
 * nulls and reports that entity only. @apollo/subgraph gives every reference the field's info; the
 * index is found by identity in the representations variable (how gateways send them).
 */
function entityPath(reference: object, info: GraphQLResolveInfo): (string | number)[] | undefined {
  const arg = info.fieldNodes[0]?.arguments?.find((a) => a.name.value === 'representations')?.value;
  const list = arg?.kind === Kind.VARIABLE ? info.variableValues[arg.name.value] : undefined;
  const index = Array.isArray(list) ? list.indexOf(reference) : -1;
  return index < 0 ? undefined : [...responsePathAsArray(info.path), index];
}

export const REFERENCE_RESOLVERS: Record<string, { __resolveReference: ReferenceResolver<Record<string, string>> }> = {
  Warning: { __resolveReference: (ref, ctx, info) => ctx.byId('warnings', ref.id, info, entityPath(ref, info)) },
  Waybill: { __resolveReference: (ref, ctx, info) => ctx.byId('waybills', ref.id, info, entityPath(ref, info)) },
  RescueBase: { __resolveReference: (ref, ctx, info) => ctx.byId('bases', ref.id, info, entityPath(ref, info)) },
  MutualAidRequest: { __resolveReference: (ref, ctx, info) => mutualAidById(ctx, ref.id, info) },
  HazmatEnterprise: {
    __resolveReference: async (ref, ctx, info) => {
      if (typeof ref.id === 'string') return ctx.byId('enterprises', ref.id, info, entityPath(ref, info));
      return ctx.enterpriseByCreditCode(String(ref.creditCode), info, entityPath(ref, info));
    },
  },
  Vehicle: { __resolveReference: (ref) => vehicleOf(ref.plate) },
  AdminDivision: { __resolveReference: (ref) => ({ adcode: ref.adcode }) },
};
