import { integer, optionalInteger, text } from './variable';

/** Where each province's legacy system is and how it is signed in to (the simulators check the same credentials). */
export const LEGACY_SYSTEM_VARIABLES = {
  LEGACY_SH_URL: text({ default: 'http://127.0.0.1:4101', type: 'URL', description: "Shanghai's system" }),
  LEGACY_SH_API_KEY: text({ default: 'demo-sh-key', description: "Shanghai's API key" }),
  LEGACY_JS_URL: text({ default: 'http://127.0.0.1:4102', type: 'URL', description: "Jiangsu's system" }),
  LEGACY_JS_APP_ID: text({ default: 'demo-js-app', description: "Jiangsu's app id" }),
  LEGACY_JS_APP_SECRET: text({ default: 'demo-js-secret', description: "Jiangsu's signing secret" }),
  LEGACY_ZJ_URL: text({ default: 'http://127.0.0.1:4103', type: 'URL', description: "Zhejiang's system" }),
  LEGACY_ZJ_CLIENT_ID: text({ default: 'demo-zj-client', description: "Zhejiang's OAuth client id" }),
  LEGACY_ZJ_CLIENT_SECRET: text({ default: 'demo-zj-secret', description: "Zhejiang's OAuth client secret" }),
  LEGACY_AH_URL: text({ default: 'http://127.0.0.1:4104', type: 'URL', description: "Anhui's system" }),
  LEGACY_AH_USER: text({ default: 'demo', description: "Anhui's login user" }),
  LEGACY_AH_PASSWORD: text({ default: 'demo-ah-password', description: "Anhui's login password" }),
} as const;

/** Where the region's credit platform is and how it is signed in to (its simulator checks the same credentials). */
export const CREDIT_PLATFORM_VARIABLES = {
  LEGACY_CR_URL: text({ default: 'http://127.0.0.1:4105', type: 'URL', description: "the credit platform (the credit subgraph's system)" }),
  LEGACY_CR_USER: text({ default: 'demo-cr', description: "the credit platform's Basic user" }),
  LEGACY_CR_PASSWORD: text({ default: 'demo-cr-password', description: "the credit platform's Basic password" }),
} as const;

/** The legacy HTTP client's resilience; unset keeps the client's (or the adapter's) default. */
export const LEGACY_HTTP_VARIABLES = {
  LEGACY_TIMEOUT_MS: optionalInteger({ defaultText: '5000', min: 1, unit: 'ms', description: 'legacy calls: timeout of one attempt' }),
  LEGACY_RETRIES: optionalInteger({ defaultText: '2', description: 'legacy reads: retries' }),
  LEGACY_BACKOFF_INITIAL_MS: optionalInteger({ defaultText: '100', unit: 'ms', description: 'legacy reads: first full-jitter backoff' }),
  LEGACY_BACKOFF_MAX_MS: optionalInteger({ defaultText: '2000', unit: 'ms', description: 'legacy reads: longest backoff' }),
  LEGACY_BREAKER_FAILURES: optionalInteger({ defaultText: '5', min: 1, description: 'consecutive failures that open the circuit' }),
  LEGACY_BREAKER_HALF_OPEN_MS: optionalInteger({ defaultText: '10000', min: 1, unit: 'ms', description: 'how long the circuit stays open before one trial call' }),
  LEGACY_RATE_PER_SECOND: optionalInteger({ defaultText: 'unset', min: 1, description: 'legacy calls per second (with `LEGACY_CONCURRENCY`, both or neither; Anhui has its own)' }),
  LEGACY_CONCURRENCY: optionalInteger({ defaultText: 'unset', min: 1, description: 'legacy calls in flight (with `LEGACY_RATE_PER_SECOND`)' }),
} as const;

/** How long legacy answers stay fresh, and stale-if-error. */
export const LEGACY_CACHE_VARIABLES = {
  CACHE_TTL_WARNINGS_MS: integer({ default: 5_000, unit: 'ms', description: "warnings' freshness (also the synced copy's maximum age)" }),
  CACHE_TTL_WAYBILLS_MS: integer({ default: 10_000, unit: 'ms', description: "waybills' freshness" }),
  CACHE_TTL_ENTERPRISES_MS: integer({ default: 60_000, unit: 'ms', description: "enterprises' freshness" }),
  CACHE_TTL_BASES_MS: integer({ default: 60_000, unit: 'ms', description: "bases' freshness" }),
  CACHE_TTL_TRACKS_MS: integer({ default: 10_000, unit: 'ms', description: "tracks' freshness" }),
  CACHE_STALE_TTL_MS: integer({ default: 86_400_000, unit: 'ms', description: 'how long past its freshness a copy is kept to be served stale when the system fails' }),
  COPY_HISTORY_WINDOW_MS: integer({ default: 2_592_000_000, unit: 'ms', description: 'the waybills a copy keeps: not yet arrived, or departed within this window (30 days); older ones are read by key from the system; 0 keeps every waybill' }),
  CHANGE_FEED_MAX_AGE_MS: optionalInteger({
    defaultText: 'unset',
    min: 1,
    unit: 'ms',
    description:
      "the warnings' and waybills' copies' maximum age when a change feed reads them (while anyone subscribes), if shorter than the collection's, and how often the ENTERED feed reads again the track of a trip in transit (the trips listed from the waybills' copy read as fresh): a change is detected within it instead of within the maximum age, at one incremental pull per province, collection and period (one track read per watched trip and period) whatever the number of subscribers; unset: the collection's maximum age (one pull per maximum age)",
  }),
  CACHE_PULL_WINDOW_MS: optionalInteger({ defaultText: '600000', unit: 'ms', description: 'how long past its maximum age a copy serves the later pages of a pull begun on it' }),
} as const;

/** How each synced copy reconciles its membership with its system (deletions), and how long tombstones last. */
export const LEGACY_RECONCILE_VARIABLES = {
  RECONCILE_WARNINGS_MS: integer({ default: 60_000, unit: 'ms', description: 'how often the warnings copy checks its system for deletions in the background; 0 turns it off' }),
  RECONCILE_ENTERPRISES_MS: integer({ default: 600_000, unit: 'ms', description: 'the same for enterprises' }),
  RECONCILE_WAYBILLS_MS: integer({ default: 600_000, unit: 'ms', description: 'the same for waybills' }),
  RECONCILE_BASES_MS: integer({ default: 600_000, unit: 'ms', description: 'the same for rescue bases' }),
  RECONCILE_FULL_PULL_MS: integer({ default: 21_600_000, unit: 'ms', description: 'however the counts match, a collection is pulled in full at least this often (a deletion and a creation between two counts cancel out)' }),
  RECONCILE_UNCOUNTED_FULL_PULL_MS: integer({ default: 21_600_000, unit: 'ms', description: 'how often a collection larger than a page of a system that reports no total (Zhejiang) is pulled in full to find what it deleted (each pull walks every record; between two, a keyed read the system answers "not found" still removes at once)' }),
  RECONCILE_LEASE_MS: integer({ default: 300_000, min: 1, unit: 'ms', description: 'how long one replica may hold the lease on reconciling a collection (replicas sharing Redis reconcile each collection once); a replica that dies is taken over after this' }),
  TOMBSTONE_RETENTION_MS: integer({ default: 604_800_000, unit: 'ms', description: 'how long a removed record is kept for `removedRecords`' }),
} as const;
