import { parse, print } from 'graphql';
import { PROVINCE_CODES } from '../model';
import { sha256 } from './version-hash';
import type { SubgraphSchema } from './types';

/**
 * One logical subgraph served by several physical shards that must all serve the same SDL.
 * The supergraph is composed with the logical subgraph only; the gateway gives it a data
 * source (the shard router) that knows the shards, so its URL is a placeholder.
 */
export interface ShardedSubgraph {
  name: string;
  shards: readonly string[];
  url: string;
}

export const PROVINCES_SUBGRAPH: ShardedSubgraph = {
  name: 'provinces',
  shards: PROVINCE_CODES.map((p) => `province-${p}`),
  url: 'http://provinces.shards.invalid/graphql',
};

/** Hash of the SDL as a document, so that whitespace and comments are not drift. */
export function documentHash(sdl: string): string {
  try {
    return sha256(print(parse(sdl)));
  } catch {
    return sha256(sdl);
  }
}

export function shardGroupOf(name: string, groups: readonly ShardedSubgraph[]): ShardedSubgraph | undefined {
  return groups.find((g) => g.shards.includes(name));
}

/** Errors naming every shard whose SDL differs from the first shard's, per group. */
export function shardIdentityErrors(subgraphs: readonly SubgraphSchema[], groups: readonly ShardedSubgraph[]): string[] {
  return groups.flatMap((group) => {
    const members = subgraphs.filter((s) => group.shards.includes(s.name));
    if (members.length < 2) return [];
    const [reference, ...others] = members;
    const expected = documentHash(reference.sdl);
    return others
      .filter((s) => documentHash(s.sdl) !== expected)
      .map((s) => `shard identity: ${s.name} serves an SDL different from ${reference.name}; every shard of "${group.name}" must serve the same SDL (publish "${group.name}" to change them all)`);
  });
}
