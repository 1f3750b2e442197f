import 'reflect-metadata';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import { Args, Ctx, Query, Resolver, buildSchemaSync } from 'type-graphql';
import type { CreditCopy } from '../../adapters/credit';
import { ProvinceUnavailableError } from '../../adapters/kit/errors';
import type { Caller } from '../../schema/sharing-catalog';
import { RemovedRecordConnection, RemovedRecordsArgs } from '../../schema/province/removed';
import type { Page } from '../province/paging';
import type { RemovedRecordEntry, RemovedRecords } from '../province/removed-records';
import { removedRecordsPage } from '../province/removed-records-page';

/** One request to the credit subgraph's shard endpoint. */
export interface CreditShardRequest {
  copy: CreditCopy;
  removed: RemovedRecords;
  caller: Caller;
}

@Resolver()
class CreditShardResolver {
  @Query(() => RemovedRecordConnection, { description: "The credit platform's tombstones (CreditSanction, source CR), a page as a province subgraph answers its own." })
  async removedRecords(@Args(() => RemovedRecordsArgs) args: RemovedRecordsArgs, @Ctx() ctx: CreditShardRequest): Promise<Page<RemovedRecordEntry>> {
    // Sanctions gone from the platform are found by a sync: one due now is made first, as a read of the list would.
    await ctx.copy.read().catch((e: unknown) => {
      if (!(e instanceof ProvinceUnavailableError)) throw e;
      throw new GraphQLError(`credit platform unavailable and no copy yet: ${e.message}`, { extensions: { code: e.code, province: 'CR', source: 'CR' } });
    });
    return removedRecordsPage(args, 'CR', ctx.removed);
  }
}

let built: GraphQLSchema | null = null;

/** The schema of the credit subgraph's shard endpoint (schema/http/credit-shard-path.ts): removedRecords as the provinces serve it. */
export function creditShardSchema(): GraphQLSchema {
  built ??= buildSchemaSync({ resolvers: [CreditShardResolver], validate: false });
  return built;
}
