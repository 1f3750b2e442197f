import 'reflect-metadata';
import { adapterFromEnv } from '../../adapters';
import { clockFromEnv } from '../../adapters/kit/clock';
import { PROVINCE_CODES, type ProvinceCode } from '../../schema/model';
import { mutualAidStoresFromEnv } from './mutual-aid/stores';
import { startProvinceSubgraph } from './server';
import { cacheTtlsFromEnv, pullWindowFromEnv } from '../../adapters/kit/cache/ttl';
import { httpTuningFromEnv } from '../../adapters/kit/http-tuning-from-env';
import { cacheFromEnv } from '../../schema/cache/cache-from-env';

/** One province subgraph process: PROVINCE (SH|JS|ZJ|AH), PORT (4201..4204), HOST (127.0.0.1), CLOCK_NOW. */

const DEFAULT_PORT: Readonly<Record<ProvinceCode, number>> = { SH: 4201, JS: 4202, ZJ: 4203, AH: 4204 };

async function main(): Promise<void> {
  const province = (process.env.PROVINCE ?? '').trim().toUpperCase();
  if (!(PROVINCE_CODES as readonly string[]).includes(province)) {
    throw new Error(`PROVINCE must be one of ${PROVINCE_CODES.join(', ')}, got "${process.env.PROVINCE ?? ''}"`);
  }
  const code = province as ProvinceCode;
  const port = process.env.PORT ? Number(process.env.PORT) : DEFAULT_PORT[code];
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT is not a port: "${process.env.PORT}"`);
  const clock = clockFromEnv(process.env);
  const cache = cacheFromEnv(process.env);
  const subgraph = await startProvinceSubgraph({
    province: code,
    clock,
    port,
    host: process.env.HOST || '127.0.0.1',
    adapter: (http) => adapterFromEnv(code, process.env, clock, { ...httpTuningFromEnv(process.env), ...http }),
    cache,
    ttls: cacheTtlsFromEnv(process.env),
    pullWindowMs: pullWindowFromEnv(process.env),
    mutualAid: mutualAidStoresFromEnv(process.env),
  });
  console.log(JSON.stringify({ msg: 'province subgraph listening', province: code, url: subgraph.url }));
  const stop = (): void => {
    subgraph.close().then(() => cache.close()).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
