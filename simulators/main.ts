import { PROVINCE_CODES, type ProvinceCode } from '../schema/model';
import { createAnhuiSimulator } from './anhui';
import { createCreditSimulator } from './credit';
import { clockFromEnv, type SimClock } from './common/clock';
import { CREDIT_SIM_PORT, SIM_PORTS, creditSimCredentialsFromEnv, simCredentialsFromEnv } from './common/options';
import type { SimServer } from './common/sim-server';
import { datasetOptionsFromEnv, loadDataset } from './dataset';
import type { CanonicalDataset } from './dataset/types';
import { createJiangsuSimulator } from './jiangsu';
import { createShanghaiSimulator } from './shanghai';
import { createZhejiangSimulator } from './zhejiang';

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
export function createSimulators(dataset: CanonicalDataset, clock: SimClock, env: NodeJS.ProcessEnv = process.env): Record<ProvinceCode, SimServer> {
  const credentials = simCredentialsFromEnv(env);
  const maintenanceWindow = env.SIM_ZJ_MAINTENANCE !== 'off';
  return {
    SH: createShanghaiSimulator({ dataset, clock, credentials: credentials.SH }),
    JS: createJiangsuSimulator({ dataset, clock, credentials: credentials.JS }),
    ZJ: createZhejiangSimulator({ dataset, clock, credentials: credentials.ZJ, maintenanceWindow }),
    AH: createAnhuiSimulator({ dataset, clock, credentials: credentials.AH }),
  };
}

function selectedProvinces(env: NodeJS.ProcessEnv): ProvinceCode[] {
  if (!env.SIM_PROVINCES) return [...PROVINCE_CODES];
  const wanted = env.SIM_PROVINCES.split(',').map((p) => p.trim().toUpperCase()).filter((p) => p !== 'CR');
  const unknown = wanted.filter((p) => !(PROVINCE_CODES as readonly string[]).includes(p));
  if (unknown.length > 0) throw new Error(`SIM_PROVINCES names unknown provinces: ${unknown.join(', ')}`);
  return wanted as ProvinceCode[];
}

async function main(): Promise<void> {
  const env = process.env;
  const provinces = selectedProvinces(env);
  const dataset = loadDataset(datasetOptionsFromEnv(env));
  const clock = clockFromEnv(env);
  const servers = createSimulators(dataset, clock, env);
  const host = env.SIM_HOST || '127.0.0.1';
  for (const p of provinces) {
    const port = Number(env[`SIM_${p}_PORT`] || SIM_PORTS[p]);
    await servers[p].listen(port, host);
    console.log(JSON.stringify({ level: 'info', msg: 'simulator ready', province: p, url: `http://${host}:${port}` }));
  }
  const credit = !env.SIM_PROVINCES || /\bCR\b/i.test(env.SIM_PROVINCES) ? createCreditSimulator({ dataset, clock, credentials: creditSimCredentialsFromEnv(env) }) : null;
  if (credit) {
    const port = Number(env.SIM_CR_PORT || CREDIT_SIM_PORT);
    await credit.listen(port, host);
    console.log(JSON.stringify({ level: 'info', msg: 'simulator ready', province: 'CR', url: `http://${host}:${port}` }));
  }
  process.send?.({ ready: [...provinces, ...(credit ? ['CR'] : [])].join(',') });
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
