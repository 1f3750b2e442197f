import type { LegacySystems } from '../schema/config/legacy-config';
import type { ProvinceCode } from '../schema/model';
import type { HttpTuning } from './kit/adapter-options';
import type { Clock } from './kit/clock';
import type { ProvinceAdapter } from './kit/province-adapter';

type AdapterFactory = (systems: LegacySystems, clock: Clock, http?: HttpTuning) => ProvinceAdapter;

// Each province subgraph process needs one adapter: only that one is loaded.
/* eslint-disable @typescript-eslint/no-require-imports */
const FACTORIES: Readonly<Record<ProvinceCode, AdapterFactory>> = {
  SH: (systems, clock, http) => new (require('./shanghai') as typeof import('./shanghai')).ShanghaiAdapter({ ...systems.SH, clock, http }),
  JS: (systems, clock, http) => new (require('./jiangsu') as typeof import('./jiangsu')).JiangsuAdapter({ ...systems.JS, clock, http }),
  ZJ: (systems, clock, http) => new (require('./zhejiang') as typeof import('./zhejiang')).ZhejiangAdapter({ ...systems.ZJ, clock, http }),
  AH: (systems, clock, http) => new (require('./anhui') as typeof import('./anhui')).AnhuiAdapter({ ...systems.AH, clock, http }),
};
/* eslint-enable @typescript-eslint/no-require-imports */

/** The province's adapter over its legacy system (LEGACY_<P>_URL and that system's credentials). */
export function adapterFor(province: ProvinceCode, systems: LegacySystems, clock: Clock, http?: HttpTuning): ProvinceAdapter {
  return FACTORIES[province](systems, clock, http);
}
