import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FileAccessLogStore } from '../../schema/access-log/file-store';
import { RedisAccessLogStore } from '../../schema/access-log/redis-store';
import type { SegmentedAccessLogStore } from '../../schema/access-log/store';
import type { HeadSigner } from '../../schema/registry/signing';
import type { RedisBackend } from './redis-backends';
import { startRedisCluster } from './redis-cluster';
import { startRedisServer } from './redis-server';

/**
 * Fresh access-log stores of one kind for the tests of a describe block: a file of its own in a
 * temporary folder, or a key prefix of its own on a test redis-server or a test Redis Cluster, both made before the tests
 * and removed after them. Call inside the describe block.
 */
export interface SegmentedStores {
  /** The temporary folder (the file store's logs are `log-<count>.jsonl` in it). */
  readonly dir: string;
  /** How many stores were opened: the last one's number. */
  readonly count: number;
  open(signer?: HeadSigner | null): SegmentedAccessLogStore;
}

export function segmentedStores(kind: 'file' | 'redis' | 'cluster', name: string): SegmentedStores {
  let dir = '';
  let redis: RedisBackend | undefined;
  let count = 0;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), `access-${name}-`));
    if (kind !== 'file') redis = await (kind === 'redis' ? startRedisServer() : startRedisCluster());
  }, 60_000);
  afterAll(async () => {
    await redis?.stop();
    await rm(dir, { recursive: true, force: true });
  });
  return {
    get dir() {
      return dir;
    },
    get count() {
      return count;
    },
    open(signer = null) {
      count += 1;
      return kind === 'file' ? new FileAccessLogStore({ file: path.join(dir, `log-${count}.jsonl`), signer }) : new RedisAccessLogStore({ url: redis?.url ?? '', prefix: `${name}-${count}:`, signer });
    },
  };
}
