import 'reflect-metadata';
import { buildSubgraphSchema, printSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { parse, type GraphQLSchema } from 'graphql';
import { buildSchemaSync, createResolversMap } from 'type-graphql';
import { REFERENCE_RESOLVERS } from './reference-resolvers';
import { AdminDivisionResolver } from './resolvers/admin-division-resolver';
import { CreditCodeHoldingsResolver } from './resolvers/credit-code-holdings-resolver';
import { DataQualityResolver } from './resolvers/data-quality-resolver';
import { EnterpriseResolver } from './resolvers/enterprise-resolver';
import { MutualAidResolver } from './resolvers/mutual-aid-resolver';
import { NodeResolver } from './resolvers/node-resolver';
import { RemovedRecordsResolver } from './resolvers/removed-records-resolver';
import { RescueBaseResolver } from './resolvers/rescue-resolver';
import { SafetyLicenceResolver } from './resolvers/safety-licence-resolver';
import { VehicleResolver, WaybillPartyResolver, WaybillResolver } from './resolvers/waybill-resolver';
import { LOCATION_RESOLVERS } from './resolvers/location-resolvers';
import { WarningResolver } from './resolvers/warning-resolver';
import { NO_PUB_SUB, PushResolver } from './resolvers/push-resolver';

const FEDERATION_LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@inaccessible"])';

let built: GraphQLSchema | null = null;

/**
 * The province subgraph's schema: the type-graphql classes of schema/province with these
 * resolvers, as a Federation 2 subgraph. One schema for every province; the province is the
 * request context's.
 */
const ROOT_TYPE_DESCRIPTIONS: Readonly<Record<string, string>> = {
  Query: 'What can be read through the gateway.\n可通过网关查询的内容。',
  Mutation: 'What can be asked of the provinces\' systems through the gateway.\n可通过网关向各省系统提出的请求。',
  Subscription: 'What the gateway pushes to subscribers (over graphql-ws or graphql-sse).\n网关向订阅者推送的内容（经 graphql-ws 或 graphql-sse）。',
};

export function provinceSubgraphSchema(): GraphQLSchema {
  if (built) return built;
  const typeGraphqlSchema = buildSchemaSync({
    resolvers: [
      WarningResolver,
      EnterpriseResolver,
      WaybillResolver,
      WaybillPartyResolver,
      VehicleResolver,
      RescueBaseResolver,
      MutualAidResolver,
      NodeResolver,
      AdminDivisionResolver,
      CreditCodeHoldingsResolver,
      DataQualityResolver,
      RemovedRecordsResolver,
      SafetyLicenceResolver,
      ...LOCATION_RESOLVERS,
      PushResolver,
    ],
    validate: false,
    pubSub: NO_PUB_SUB,
  });
  // type-graphql takes no description for the root types.
  for (const root of [typeGraphqlSchema.getQueryType(), typeGraphqlSchema.getMutationType(), typeGraphqlSchema.getSubscriptionType()]) {
    if (root) root.description = ROOT_TYPE_DESCRIPTIONS[root.name];
  }
  const resolvers = createResolversMap(typeGraphqlSchema) as GraphQLResolverMap<unknown>;
  for (const [type, reference] of Object.entries(REFERENCE_RESOLVERS)) {
    resolvers[type] = { ...(resolvers[type] as object), ...reference } as unknown as GraphQLResolverMap<unknown>[string];
  }
  built = buildSubgraphSchema({ typeDefs: parse(`${FEDERATION_LINK}\n\n${printSchemaWithDirectives(typeGraphqlSchema)}`), resolvers });
  return built;
}

/** The SDL the subgraph serves at `_service { sdl }`, as committed in schema/snapshots/province.graphql. */
export function provinceSubgraphSdl(): string {
  return printSubgraphSchema(provinceSubgraphSchema());
}
