import type { ProvinceCode } from '../../schema/model';
import type { CanonicalDataset } from '../dataset/types';
import type { SimClock } from './clock';
import type { SimStore } from './store';

/** Each system's credentials, from the same variables the adapters read (LEGACY_SYSTEM_VARIABLES, demo defaults). */
export interface SimCredentials {
  SH: { apiKey: string };
  JS: { appId: string; appSecret: string };
  ZJ: { clientId: string; clientSecret: string };
  AH: { user: string; password: string };
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
  /** The system's records (default: the data set's, held whole; a StreamStore serves a synthetic stream). */
  store?: SimStore;
}
