import { buildSubgraphSchema, printSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLSchema } from 'graphql';
import { regionResolvers } from './resolvers';
import { regionTypeDefs } from './type-defs';

export function buildRegionSchema(): GraphQLSchema {
  return buildSubgraphSchema({ typeDefs: regionTypeDefs, resolvers: regionResolvers });
}

/** The subgraph SDL as the gateway composes it (what `_service { sdl }` answers). */
export function printRegionSdl(schema: GraphQLSchema = buildRegionSchema()): string {
  return printSubgraphSchema(schema);
}
