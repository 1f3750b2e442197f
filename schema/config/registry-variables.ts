import { integer, optionalText, port, text } from './variable';

/** The key that signs the heads of the registry's histories and of the access log. */
export const REGISTRY_SIGNING_VARIABLES = {
  REGISTRY_SIGNING_KEY: optionalText({
    description:
      'Ed25519 key (base64 32-byte seed or PKCS#8 PEM) signing each schema version and the access log\'s batch heads; gateways, the registry subgraph, `npm start` and the CLI share it. Unset: nothing is signed and `verify` checks hashes only (development); the registry subgraph refuses to start without it when `NODE_ENV=production`',
  }),
} as const;

/** The schema registry: its store, its subgraph, who publishes. */
export const REGISTRY_STORE_VARIABLES = {
  REGISTRY_FILE: text({ default: '.registry/history.jsonl', type: 'path', description: "the registry's file store when `REDIS_URL` is unset" }),
  REGISTRY_REDIS_PREFIX: text({ default: 'yrd:registry:', description: "prefix of the registry's Redis keys and live channel; one prefix is one registry" }),
  USAGE_KEEP_DAYS: integer({ default: 90, min: 1, max: 3650, description: 'days of operation usage the gateways keep for usage-aware checks (today included); older days are pruned from the usage file and expire in Redis' }),
  ...REGISTRY_SIGNING_VARIABLES,
} as const;

export const REGISTRY_SUBGRAPH_VARIABLES = {
  REGISTRY_PORT: port({ default: 4220, description: 'the registry subgraph process: its port' }),
  REGISTRY_HOST: text({ default: '127.0.0.1', description: 'the registry subgraph process: its host' }),
} as const;

export const REGISTRY_PUBLISHER_VARIABLES = {
  REGISTRY_PUBLISHER: optionalText({ defaultText: 'npm-start@host', description: 'the identity `npm start` (and `publish`) publishes the schemas as' }),
} as const;

/** The access log: who received which conditional data (issue 17). */
export const ACCESS_LOG_VARIABLES = {
  ACCESS_LOG_FILE: text({ default: '.registry/access.jsonl', type: 'path', description: 'the access log (who received which conditional data) when `REDIS_URL` is unset' }),
  ACCESS_LOG_REDIS_PREFIX: text({ default: 'yrd:access:', description: "prefix of the access log's Redis stream and head key" }),
  ACCESS_LOG_FLUSH_MS: integer({ default: 200, min: 1, max: 60_000, description: 'how long an access record waits to be written with its batch (ms); a crash loses at most this much' }),
} as const;
