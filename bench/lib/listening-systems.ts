import { PROVINCE_CODES, type ProvinceCode } from '../../schema/model';
import { SimClock } from '../../simulators/common/clock';
import { StreamStore } from '../../simulators/common/stream-store';
import type { SimServer } from '../../simulators/common/sim-server';
import { loadDataset } from '../../simulators/dataset';
import { SyntheticStream } from '../../simulators/dataset/synthetic-stream';
import { createSimulators } from '../../simulators/main';
import { DATASET_NOW } from '../../test/fixtures/dataset-adapter';
import { startRedisServer, type RedisServerHandle } from '../../test/support/redis-server';
import { TEST_AUTH_ENV } from '../../test/support/tokens';

/**
 * The four simulated systems listening on loopback beside a real Redis, for a bench that spawns
 * province subgraph processes against them. With a `streamScale` the systems serve the synthetic
 * stream at that scale (copy-cost-stream's setup); without, the data set at scale 1.
 */
/** Each system's records when they serve the synthetic stream. */
export interface StreamRecords {
  source: SyntheticStream;
  stores: Record<ProvinceCode, StreamStore>;
}

export interface ListeningSystems {
  sims: Record<ProvinceCode, SimServer>;
  clock: SimClock;
  redis: RedisServerHandle;
  stream?: StreamRecords;
  /** The env a province subgraph process is given against these systems: tokens, legacy URLs, the systems' clock, Redis and a key prefix. */
  provinceEnv(province: ProvinceCode, keyPrefix: string): NodeJS.ProcessEnv;
  close(): Promise<void>;
}

export function listenSystems(options: { streamScale: number }): Promise<ListeningSystems & { stream: StreamRecords }>;
export function listenSystems(options?: { streamScale?: undefined }): Promise<ListeningSystems>;
export async function listenSystems(options: { streamScale?: number } = {}): Promise<ListeningSystems> {
  const now = DATASET_NOW;
  const templates = loadDataset({ seed: 'test', now, scale: 1 });
  const clock = new SimClock(now);
  let stream: StreamRecords | undefined;
  if (options.streamScale !== undefined) {
    const source = new SyntheticStream({ seed: 'test', now, scale: options.streamScale });
    stream = { source, stores: Object.fromEntries(PROVINCE_CODES.map((p) => [p, new StreamStore(source, templates, p, clock)])) as Record<ProvinceCode, StreamStore> };
  }
  const sims = createSimulators(templates, clock, { maintenanceWindow: false, stores: stream?.stores });
  const redis = await startRedisServer();
  const close = async (): Promise<void> => {
    await Promise.all(PROVINCE_CODES.map((p) => sims[p].close()));
    await redis.stop();
  };
  try {
    const legacyEnv: NodeJS.ProcessEnv = {};
    for (const p of PROVINCE_CODES) legacyEnv[`LEGACY_${p}_URL`] = await sims[p].listen(0);
    // A process's clock starts at the systems' now (as a real one's would), not at the data set's: a restarted replica must not see its shared copy as taken in its future.
    const provinceEnv = (province: ProvinceCode, keyPrefix: string): NodeJS.ProcessEnv => ({
      ...TEST_AUTH_ENV,
      ...legacyEnv,
      LOG_LEVEL: 'warn',
      PROVINCE: province,
      PORT: '0',
      HOST: '127.0.0.1',
      CLOCK_NOW: clock.now().toISOString(),
      REDIS_URL: redis.url,
      CACHE_KEY_PREFIX: keyPrefix,
    });
    return { sims, clock, redis, stream, provinceEnv, close };
  } catch (e) {
    await close();
    throw e;
  }
}
