import type { ProvinceCode } from '../../schema/model';
import type { CanonicalDataset } from '../dataset/types';
import type { SimClock } from './clock';

/** Where each simulated system listens by default. */
export const SIM_PORTS: Readonly<Record<ProvinceCode, number>> = { SH: 4101, JS: 4102, ZJ: 4103, AH: 4104 };

/** Where the credit platform listens by default. */
export const CREDIT_SIM_PORT = 4105;

/** The credit platform's Basic credentials, from the variables its adapter reads (demo defaults). */
export function creditSimCredentialsFromEnv(env: NodeJS.ProcessEnv = process.env): { user: string; password: string } {
  return { user: env.LEGACY_CR_USER || 'demo-cr', password: env.LEGACY_CR_PASSWORD || 'demo-cr-password' };
}

/** Each system's credentials, from the same variables the adapters read (demo defaults). */
export interface SimCredentials {
  SH: { apiKey: string };
  JS: { appId: string; appSecret: string };
  ZJ: { clientId: string; clientSecret: string };
  AH: { user: string; password: string };
}

export function simCredentialsFromEnv(env: NodeJS.ProcessEnv = process.env): SimCredentials {
  return {
    SH: { apiKey: env.LEGACY_SH_API_KEY || 'demo-sh-key' },
    JS: { appId: env.LEGACY_JS_APP_ID || 'demo-js-app', appSecret: env.LEGACY_JS_APP_SECRET || 'demo-js-secret' },
    ZJ: { clientId: env.LEGACY_ZJ_CLIENT_ID || 'demo-zj-client', clientSecret: env.LEGACY_ZJ_CLIENT_SECRET || 'demo-zj-secret' },
    AH: { user: env.LEGACY_AH_USER || 'demo', password: env.LEGACY_AH_PASSWORD || 'demo-ah-password' },
  };
}

/** What every province simulator is built from. */
export interface SimulatorOptions<P extends ProvinceCode> {
  dataset: CanonicalDataset;
  clock: SimClock;
  credentials: SimCredentials[P];
  /**
   * Time-dependent quirks that tests must be able to switch off (ZJ's nightly 503 window).
   * Token and cursor expiry always follow the clock; tests move the clock instead.
   */
  maintenanceWindow?: boolean;
}
