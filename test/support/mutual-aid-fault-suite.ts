import type { HttpTuning } from '../../adapters/kit/adapter-options';
import type { ProvinceCode } from '../../schema/model';
import { inProcessMutualAidStores, redisMutualAidStores } from '../../subgraphs/province/mutual-aid/stores';
import { startFederation, type Federation } from './federation';
import { runMutualAidFaultRun, type FaultRunFigures } from './mutual-aid-fault-run';
import { startRedisServer, type RedisServerHandle } from './redis-server';

/** The mutual-aid path prefixes of each system: the write, its status read and (AH) the listing. */
export const MUTUAL_AID_PATHS: Record<ProvinceCode, string[]> = {
  SH: ['/api/v2/rescue/requests'],
  JS: ['/jsyj/services/RescueService/requestSubmit', '/jsyj/services/RescueService/requestGet'],
  ZJ: ['/zlj/open/jy/zyqq'],
  AH: ['/ahyj/api/jydw/zyqq'],
};

const LEGACY_TIMEOUT_MS = 800;

/**
 * The run's hang guard. The run is as long as its 220 requests take to settle: 14-24 s on an idle
 * machine, over a minute on a loaded one (a loaded CI run made 257-563 requests in 36 s).
 */
const RUN_CAP_MS = 240_000;
/** Starting the federation (and Redis) on a loaded machine, before the run. */
const START_MS = 60_000;

export interface FaultSuiteOptions {
  /** Journal and locks in a real redis-server instead of in process. */
  redis: boolean;
}

/**
 * One province's fault run as a jest suite: the federation with short adapter time-outs,
 * a breaker that recovers quickly, Anhui's settle time above the slowest injected answer.
 */
export function describeMutualAidFaultRun(province: ProvinceCode, options: FaultSuiteOptions): void {
  describe(`mutual aid to ${province} under injected faults (${options.redis ? 'journal and locks in Redis' : 'journal and locks in process'})`, () => {
    let fed: Federation;
    let redis: RedisServerHandle | null = null;
    let figures: FaultRunFigures;

    beforeAll(async () => {
      if (options.redis) redis = await startRedisServer();
      const timings = { settleMs: 2500, lockWaitMs: 4000 };
      const legacyHttp: HttpTuning = { breaker: { consecutiveFailures: 5, halfOpenAfterMs: 200 } };
      // Anhui's 5 requests a second would make 500 writes take minutes: raised on both sides for the run.
      if (province === 'AH') legacyHttp.rateLimit = { perSecond: 150, concurrency: 8 };
      fed = await startFederation({
        legacyTimeoutMs: LEGACY_TIMEOUT_MS,
        shardTimeoutMs: 8000,
        legacyHttp,
        mutualAid: (p) => (redis && p === province ? redisMutualAidStores(redis.url, { ...timings, prefix: `fault-run:${p}:` }) : inProcessMutualAidStores(timings)),
      });
      if (province === 'AH') {
        await fetch(`${fed.sims.AH.url}/__sim/rate-limit`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ limit: 200, windowMs: 1000 }) });
      }
      figures = await runMutualAidFaultRun(fed, {
        province,
        requests: 220,
        invalidShare: 0.1,
        workers: 12,
        faultMs: 12_000,
        // An idle machine has sent these by 12 s; a loaded one keeps the faults on until it has.
        faultRequests: 300,
        capMs: RUN_CAP_MS,
        legacyTimeoutMs: LEGACY_TIMEOUT_MS,
        paths: MUTUAL_AID_PATHS[province],
      });
      process.stdout.write(`mutual-aid fault run ${JSON.stringify(figures)}\n`);
    }, START_MS + RUN_CAP_MS);

    afterAll(async () => {
      await fed?.close();
      await redis?.stop();
    });

    // 220 clientRequestIds settled, a quarter of them sent as three copies and every created one sent again: 527 requests at the fewest.
    it('sends at least 500 requests through every kind of fault', () => {
      expect(figures.requestsSent).toBeGreaterThanOrEqual(500);
      expect(Object.keys(figures.phases)).toHaveLength(8);
      expect(figures.answers.data).toBeGreaterThan(0);
      const failures = Object.entries(figures.answers).filter(([kind]) => kind !== 'data' && kind !== 'BAD_USER_INPUT');
      expect(failures.length).toBeGreaterThan(0);
    });

    it('settles every request: those within the stock created, those over it refused', () => {
      expect(figures.unsettled).toBe(0);
      expect(figures.createdToldClient).toBe(figures.valid);
      expect(figures.refusedToldClient).toBe(figures.clientRequestIds - figures.valid);
    });

    it('leaves exactly one request in the system per clientRequestId the client was told succeeded, and none for refused ones', () => {
      expect(figures.duplicatesFound).toBe(0);
      expect(figures.inconsistentAnswers).toBe(0);
      expect(figures.storedForCreated).toBe(figures.createdToldClient);
      expect(figures.storedForRefused).toBe(0);
      expect(figures.storedTotal).toBe(figures.createdToldClient);
    });
  });
}
