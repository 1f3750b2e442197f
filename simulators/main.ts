import type { ProvinceCode } from '../schema/model';
import { createAnhuiSimulator } from './anhui';
import { createCreditSimulator } from './credit';
import { SimClock } from './common/clock';
import type { SimCredentials } from './common/options';
import type { SimServer } from './common/sim-server';
import type { SimStore } from './common/store';
import { loadDataset } from './dataset';
import type { CanonicalDataset } from './dataset/types';
import { createJiangsuSimulator } from './jiangsu';
import { createShanghaiSimulator } from './shanghai';
import { createZhejiangSimulator } from './zhejiang';
import { loadSimulatorConfig } from './config';
import { announceReady } from '../schema/ready-message';

/**
 * `npm run simulators`: the four legacy systems on 127.0.0.1:4101–4104 and the credit platform on
 * 4105, from one data set and one clock. SIM_PROVINCES=SH,AH starts only those (add CR for the
 * credit platform); SIM_HOST, SIM_<P>_PORT and SIM_CR_PORT move them.
 */

export interface SimulatorSet {
  servers: Record<ProvinceCode, SimServer>;
  dataset: CanonicalDataset;
  clock: SimClock;
}

/** Builds the four simulators over one data set and clock (not listening yet). */
export function createSimulators(
  dataset: CanonicalDataset,
  clock: SimClock,
  {
    credentials = loadSimulatorConfig({}).credentials,
    maintenanceWindow = true,
    stores = {},
  }: { credentials?: SimCredentials; maintenanceWindow?: boolean; /** Each system's records (default: the data set's). */ stores?: Partial<Record<ProvinceCode, SimStore>> } = {},
): Record<ProvinceCode, SimServer> {
  return {
    SH: createShanghaiSimulator({ dataset, clock, credentials: credentials.SH, store: stores.SH }),
    JS: createJiangsuSimulator({ dataset, clock, credentials: credentials.JS, store: stores.JS }),
    ZJ: createZhejiangSimulator({ dataset, clock, credentials: credentials.ZJ, maintenanceWindow, store: stores.ZJ }),
    AH: createAnhuiSimulator({ dataset, clock, credentials: credentials.AH, store: stores.AH }),
  };
}

async function main(): Promise<void> {
  const config = loadSimulatorConfig(process.env);
  const { provinces, host } = config;
  const dataset = loadDataset(config.dataset);
  const clock = new SimClock(config.clockStart ?? undefined);
  const servers = createSimulators(dataset, clock, config);
  const urls: Record<string, string> = {};
  for (const p of provinces) {
    await servers[p].listen(config.ports[p], host);
    urls[p] = servers[p].url;
    console.log(JSON.stringify({ level: 'info', msg: 'simulator ready', province: p, url: urls[p] }));
  }
  const credit = config.credit ? createCreditSimulator({ dataset, clock, credentials: config.credit.credentials }) : null;
  if (credit && config.credit) {
    await credit.listen(config.credit.port, host);
    urls.CR = credit.url;
    console.log(JSON.stringify({ level: 'info', msg: 'simulator ready', province: 'CR', url: urls.CR }));
  }
  announceReady(urls);
  const stop = (): void => {
    void Promise.all([...provinces.map((p) => servers[p].close()), credit?.close()]).then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(JSON.stringify({ level: 'fatal', msg: 'simulators failed to start', error: e instanceof Error ? e.message : String(e) }));
    process.exit(1);
  });
}
