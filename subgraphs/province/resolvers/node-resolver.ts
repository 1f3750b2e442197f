import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, ID, Info, Query, Resolver } from 'type-graphql';
import type { Collection } from '../../../adapters/kit/province-adapter';
import { parseGlobalId, type NodeTypeName } from '../../../schema/model';
import { Node } from '../../../schema/province/common';
import type { ProvinceRequest } from '../province-request';
import { mutualAidById } from './mutual-aid-resolver';

const COLLECTION_OF_TYPE: Partial<Record<NodeTypeName, Collection>> = {
  Warning: 'warnings',
  HazmatEnterprise: 'enterprises',
  Waybill: 'waybills',
  RescueBase: 'bases',
};

@Resolver()
export class NodeResolver {
  @Query(() => Node, { nullable: true, description: 'Any record by its global id (routed to its province).\n按全局编号查询任一记录（路由到其所在省份）。' })
  async node(@Arg('id', () => ID, { description: 'The global id.\n全局编号。' }) id: string, @Ctx() ctx: ProvinceRequest, @Info() info: GraphQLResolveInfo): Promise<{ id: string } | null> {
    const parsed = parseGlobalId(id);
    if (!parsed || parsed.province !== ctx.province) return null;
    if (parsed.type === 'MutualAidRequest') return mutualAidById(ctx, id, info);
    const collection = COLLECTION_OF_TYPE[parsed.type];
    return collection ? ctx.byId(collection, id, info) : null;
  }
}
