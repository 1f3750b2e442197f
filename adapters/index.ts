import type { ProvinceCode } from '../schema/model';
import type { HttpTuning } from './kit/adapter-options';
import type { Clock } from './kit/clock';
import type { ProvinceAdapter } from './kit/province-adapter';

type AdapterFromEnv = (env: NodeJS.ProcessEnv, clock: Clock, http?: HttpTuning) => ProvinceAdapter;

// Each province subgraph process needs one adapter: only that one is loaded.
/* eslint-disable @typescript-eslint/no-require-imports */
const FROM_ENV: Readonly<Record<ProvinceCode, () => AdapterFromEnv>> = {
  SH: () => (require('./shanghai') as typeof import('./shanghai')).shanghaiAdapterFromEnv,
  JS: () => (require('./jiangsu') as typeof import('./jiangsu')).jiangsuAdapterFromEnv,
  ZJ: () => (require('./zhejiang') as typeof import('./zhejiang')).zhejiangAdapterFromEnv,
  AH: () => (require('./anhui') as typeof import('./anhui')).anhuiAdapterFromEnv,
};
/* eslint-enable @typescript-eslint/no-require-imports */

/** The province's adapter, configured by LEGACY_<P>_URL and that system's credentials. */
export function adapterFromEnv(province: ProvinceCode, env: NodeJS.ProcessEnv, clock: Clock, http?: HttpTuning): ProvinceAdapter {
  return FROM_ENV[province]()(env, clock, http);
}
