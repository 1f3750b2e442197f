import type { ProvinceCode } from '../schema/model';
import type { HttpTuning } from './kit/adapter-options';
import type { Clock } from './kit/clock';
import type { ProvinceAdapter } from './kit/province-adapter';
import { anhuiAdapterFromEnv } from './anhui';
import { jiangsuAdapterFromEnv } from './jiangsu';
import { shanghaiAdapterFromEnv } from './shanghai';
import { zhejiangAdapterFromEnv } from './zhejiang';

const FROM_ENV: Readonly<Record<ProvinceCode, (env: NodeJS.ProcessEnv, clock: Clock, http?: HttpTuning) => ProvinceAdapter>> = {
  SH: shanghaiAdapterFromEnv,
  JS: jiangsuAdapterFromEnv,
  ZJ: zhejiangAdapterFromEnv,
  AH: anhuiAdapterFromEnv,
};

/** The province's adapter, configured by LEGACY_<P>_URL and that system's credentials. */
export function adapterFromEnv(province: ProvinceCode, env: NodeJS.ProcessEnv, clock: Clock, http?: HttpTuning): ProvinceAdapter {
  return FROM_ENV[province](env, clock, http);
}
