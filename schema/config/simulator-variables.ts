import { PROVINCE_CODES } from '../model';
import { integer, oneOf, optionalInstant, optionalList, port, text } from './variable';

/** The four simulated legacy systems (their credentials are LEGACY_SYSTEM_VARIABLES'). */
export const SIMULATOR_VARIABLES = {
  SIM_SEED: text({ default: 'yrd', description: "the simulators' data set seed" }),
  SIM_NOW: optionalInstant({ defaultText: 'now', description: "the simulators' clock starts here" }),
  SIM_SCALE: integer({ default: 1, min: 1, description: 'the data set is this many times its base size' }),
  SIM_ZJ_MAINTENANCE: oneOf({ values: ['on', 'off'], default: 'on', description: "Zhejiang's nightly 503 maintenance window" }),
  SIM_PROVINCES: optionalList({ values: PROVINCE_CODES, defaultText: 'all', description: 'start only these simulators' }),
  SIM_HOST: text({ default: '127.0.0.1', description: 'where the simulators listen' }),
  SIM_SH_PORT: port({ default: 4101, description: "Shanghai's simulator port" }),
  SIM_JS_PORT: port({ default: 4102, description: "Jiangsu's simulator port" }),
  SIM_ZJ_PORT: port({ default: 4103, description: "Zhejiang's simulator port" }),
  SIM_AH_PORT: port({ default: 4104, description: "Anhui's simulator port" }),
} as const;
