/**
 * Where the credit subgraph answers the shard router as one more shard of the `provinces` fields
 * it holds records of (removedRecords, source CR): beside its composed endpoint, outside the
 * supergraph, so that the composed schema has one removedRecords, the provinces'.
 */
export const CREDIT_SHARD_PATH = '/shard/graphql';

/** The credit subgraph's shard endpoint, given its composed endpoint's URL. */
export function creditShardUrl(creditUrl: string): string {
  return new URL(CREDIT_SHARD_PATH, creditUrl).href;
}
