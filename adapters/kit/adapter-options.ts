import type { Clock } from './clock';
import type { LegacyHttpClientOptions } from './http';

/** What a deployment may tune or observe of an adapter's HTTP client (timeouts, retries, breaker, metrics hooks). */
export type HttpTuning = Partial<Omit<LegacyHttpClientOptions, 'province' | 'baseUrl'>>;

/** What every province adapter is built from; `credentials` is the system's own kind. */
export interface AdapterOptions<Credentials> {
  /** The system's origin, e.g. "http://127.0.0.1:4101" (LEGACY_<P>_URL). */
  baseUrl: string;
  credentials: Credentials;
  /** The adapter's notion of now (token expiry, Beijing-time windows). */
  clock: Clock;
  http?: HttpTuning;
}
