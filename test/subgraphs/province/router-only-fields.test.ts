import { composeServices } from '@apollo/composition';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, printSchema, type GraphQLObjectType } from 'graphql';
import { provinceSubgraphSdl } from '../../../subgraphs/province/schema';

/**
 * The province subgraph serves the shard router arguments and fields that clients must never see
 * (resourceView(keys:), ResourceOrganisationConnection.creditCodes, creditCodeHoldings and its
 * types, each edge's sortKey and its scalar): composition hides them.
 */
describe('the province subgraph fields only the shard router uses', () => {
  const regionSdl = readFileSync(path.resolve(__dirname, '../../../schema/snapshots/region.graphql'), 'utf8');
  const composed = composeServices([
    { name: 'provinces', url: 'http://127.0.0.1:1/graphql', typeDefs: parse(provinceSubgraphSdl()) },
    { name: 'region', url: 'http://127.0.0.1:2/graphql', typeDefs: parse(regionSdl) },
  ]);

  it('compose, marked @inaccessible in the supergraph', () => {
    expect(composed.errors).toBeUndefined();
    expect(composed.supergraphSdl).toMatch(/keys: \[ID!\] @inaccessible/);
    expect(composed.supergraphSdl).toMatch(/creditCodes: \[String!\]! @inaccessible/);
    expect(composed.supergraphSdl).toMatch(/creditCodeHoldings\(ifNoneMatch: String\): CreditCodeHoldings! @inaccessible/);
    expect(composed.supergraphSdl).toMatch(/scalar SortKey\s+@join__type\(graph: PROVINCES\)\s+@inaccessible/);
    for (const edge of ['WarningEdge', 'HazmatEnterpriseEdge', 'WaybillEdge', 'RescueBaseEdge', 'ResourceOrganisationEdge', 'RemovedRecordEdge']) {
      expect(composed.supergraphSdl).toMatch(new RegExp(`type ${edge}\\s[^}]*sortKey: SortKey! @inaccessible`));
    }
  });

  it('are not in the API schema, where resourceView has exactly the contract arguments', () => {
    if (!composed.schema) throw new Error('composition failed');
    const api = composed.schema.toAPISchema().toGraphQLJSSchema();
    const resourceView = api.getQueryType()?.getFields().resourceView;
    expect(resourceView?.args.map((a) => a.name)).toEqual(['updatedSince', 'first', 'after']);
    expect(Object.keys((api.getType('ResourceOrganisationConnection') as GraphQLObjectType).getFields())).toEqual(['edges', 'pageInfo', 'totalCount', 'unavailableProvinces', 'invalidRecords']);
    expect(printSchema(api)).not.toMatch(/creditCodes|keys:|creditCodeHoldings|CreditCodeHolding|sortKey|SortKey/);
  });
});
