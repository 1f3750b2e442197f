import type { ProvinceCode } from '../schema/model';
import { clockFromEnv, type SimClock } from './common/clock';
import type { SimServer } from './common/sim-server';
import { datasetOptionsFromEnv, loadDataset } from './dataset';
import type { CanonicalDataset } from './dataset/types';
import { startAnhuiSimulator } from './anhui';
import { startJiangsuSimulator } from './jiangsu';
import { startShanghaiSimulator } from './shanghai';
import { startZhejiangSimulator } from './zhejiang';

export const SIMULATOR_PORTS: Record<ProvinceCode, number> = { SH: 4101, JS: 4102, ZJ: 4103, AH: 4104 };

type Starter = (options: { dataset: CanonicalDataset; clock: SimClock; port?: number; host?: string; env?: NodeJS.ProcessEnv }) => Promise<SimServer>;

const STARTERS: Record<ProvinceCode, Starter> = {
  SH: startShanghaiSimulator,
  JS: startJiangsuSimulator,
  ZJ: startZhejiangSimulator,
  AH: startAnhuiSimulator,
};

export interface RunningSimulators {
  dataset: CanonicalDataset;
  clock: SimClock;
  servers: Record<ProvinceCode, SimServer>;
  close(): Promise<void>;
}

/** The four legacy systems from one canonical data set and one simulated clock. */
export async function startSimulators(
  options: { env?: NodeJS.ProcessEnv; ports?: Partial<Record<ProvinceCode, number>>; host?: string; dataset?: CanonicalDataset; clock?: SimClock } = {},
): Promise<RunningSimulators> {
  const env = options.env ?? process.env;
  const dataset = options.dataset ?? loadDataset(datasetOptionsFromEnv(env));
  const clock = options.clock ?? clockFromEnv(env);
  const entries = await Promise.all(
    (Object.keys(STARTERS) as ProvinceCode[]).map(async (p) => [p, await STARTERS[p]({ dataset, clock, env, host: options.host, port: options.ports?.[p] ?? 0 })] as const),
  );
  const servers = Object.fromEntries(entries) as Record<ProvinceCode, SimServer>;
  return {
    dataset,
    clock,
    servers,
    async close() {
      await Promise.all(Object.values(servers).map((s) => s.close()));
    },
  };
}
