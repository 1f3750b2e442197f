import { buildSubgraphSchema, printSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLSchema } from 'graphql';
import { creditResolvers } from './resolvers';
import { creditTypeDefs } from './type-defs';

export function buildCreditSchema(): GraphQLSchema {
  return buildSubgraphSchema({ typeDefs: creditTypeDefs, resolvers: creditResolvers as never });
}

/** The subgraph SDL as the gateway composes it (what `_service { sdl }` answers). */
export function printCreditSdl(schema: GraphQLSchema = buildCreditSchema()): string {
  return printSubgraphSchema(schema);
}
