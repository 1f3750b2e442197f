import { deepFreeze } from '../schema/config/deep-freeze';
import { legacySystemsOf } from '../schema/config/legacy-config';
import { LEGACY_SYSTEM_VARIABLES } from '../schema/config/legacy-variables';
import { readVariables, type Env } from '../schema/config/read-variables';
import { SIMULATOR_VARIABLES } from '../schema/config/simulator-variables';
import { PROVINCE_CODES, type ProvinceCode } from '../schema/model';
import type { SimCredentials } from './common/options';
import type { DatasetOptions } from './dataset/types';

/** `npm run simulators`: which systems, where, over which data set and clock. */
export interface SimulatorConfig {
  provinces: ProvinceCode[];
  host: string;
  ports: Record<ProvinceCode, number>;
  dataset: DatasetOptions;
  /** The simulated clock starts here; null: real time. */
  clockStart: Date | null;
  /** Zhejiang's nightly 503 window. */
  maintenanceWindow: boolean;
  credentials: SimCredentials;
}

const SIMULATOR_PROCESS_VARIABLES = { ...SIMULATOR_VARIABLES, ...LEGACY_SYSTEM_VARIABLES } as const;

export function loadSimulatorConfig(env: Env): SimulatorConfig {
  const v = readVariables(SIMULATOR_PROCESS_VARIABLES, env);
  const systems = legacySystemsOf(v);
  return deepFreeze({
    provinces: v.SIM_PROVINCES ?? [...PROVINCE_CODES],
    host: v.SIM_HOST,
    ports: { SH: v.SIM_SH_PORT, JS: v.SIM_JS_PORT, ZJ: v.SIM_ZJ_PORT, AH: v.SIM_AH_PORT },
    dataset: { seed: v.SIM_SEED, now: v.SIM_NOW ?? new Date(), scale: v.SIM_SCALE },
    clockStart: v.SIM_NOW ?? null,
    maintenanceWindow: v.SIM_ZJ_MAINTENANCE === 'on',
    credentials: { SH: systems.SH.credentials, JS: systems.JS.credentials, ZJ: systems.ZJ.credentials, AH: systems.AH.credentials },
  });
}
