import { PROVINCE_CODES, type ProvinceCode } from '../schema/model';

export interface SubgraphEndpoint {
  name: string;
  url: string;
}

export interface GatewayConfig {
  host: string;
  port: number;
  region: SubgraphEndpoint;
  registry: SubgraphEndpoint | null;
  provinces: Record<ProvinceCode, string>;
  /** A supergraph SDL file to serve instead of composing the subgraphs at start. */
  supergraphFile: string | null;
  /** Each province's deadline for one fetch. */
  shardTimeoutMs: number;
  bodyLimitBytes: number;
}

const DEFAULT_PROVINCE_PORTS: Record<ProvinceCode, number> = { SH: 4201, JS: 4202, ZJ: 4203, AH: 4204 };

function int(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${value}"`);
  return n;
}

export function gatewayConfigFromEnv(env: NodeJS.ProcessEnv = process.env, argv: readonly string[] = []): GatewayConfig {
  const flag = argv.indexOf('--supergraph');
  const provinces = Object.fromEntries(
    PROVINCE_CODES.map((p) => [p, env[`PROVINCE_${p}_URL`] ?? `http://127.0.0.1:${DEFAULT_PROVINCE_PORTS[p]}/graphql`]),
  ) as Record<ProvinceCode, string>;
  return {
    host: env.GATEWAY_HOST ?? '127.0.0.1',
    port: int(env.GATEWAY_PORT, 4000, 'GATEWAY_PORT'),
    region: { name: 'region', url: env.REGION_URL ?? 'http://127.0.0.1:4210/graphql' },
    registry: env.REGISTRY_URL ? { name: 'registry', url: env.REGISTRY_URL } : null,
    provinces,
    supergraphFile: flag >= 0 ? (argv[flag + 1] ?? null) : (env.SUPERGRAPH_FILE ?? null),
    shardTimeoutMs: int(env.SHARD_TIMEOUT_MS, 8000, 'SHARD_TIMEOUT_MS'),
    bodyLimitBytes: int(env.GATEWAY_BODY_LIMIT_BYTES, 1_000_000, 'GATEWAY_BODY_LIMIT_BYTES'),
  };
}
