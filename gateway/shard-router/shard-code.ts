import { PROVINCE_CODES, type ProvinceCode } from '../../schema/model';

/**
 * A shard of the `provinces` subgraph: a province subgraph, or a source that is no province but
 * holds records of a field the provinces serve (the credit subgraph, CR, for removedRecords; see
 * RootFieldRule's otherShards), asked and merged like a province for that field only.
 */
export type ShardCode = ProvinceCode | 'CR';

/** The shards in the order their records merge when nothing else orders them. */
export const SHARD_CODES: readonly ShardCode[] = [...PROVINCE_CODES, 'CR'];

export function isProvince(shard: ShardCode): shard is ProvinceCode {
  return shard !== 'CR';
}
