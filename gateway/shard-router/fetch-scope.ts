import type { DocumentNode, GraphQLSchema } from 'graphql';
import type { ShardCode } from './shard-code';
import type { ProvinceCode } from '../../schema/model';
import type { HoldingsView } from './credit-code-route';
import type { SelectionRewriter } from './selection';
import type { ShardFailure, ShardFetchMode, ShardResponse } from './shard-transport';

export type ShardResult = { ok: true; response: ShardResponse } | { ok: false; failure: ShardFailure };

/** Asks one province's shard one operation, on behalf of the request being executed. */
export type SendToShard = (province: ShardCode, document: DocumentNode, variables: Record<string, unknown>, mode?: ShardFetchMode) => Promise<ShardResult>;

/** What executing one fetch of the query planner needs from the router: nothing else is shared. */
export interface FetchScope {
  schema: GraphQLSchema;
  rewriter: SelectionRewriter;
  provinces: readonly ProvinceCode[];
  send: SendToShard;
  /** Which province holds which credit code, as the router's index knows it (waits, bounded, for a first load). */
  creditCodes: () => Promise<HoldingsView>;
}
