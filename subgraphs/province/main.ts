import 'reflect-metadata';
import { adapterFromEnv } from '../../adapters';
import { clockFromEnv } from '../../adapters/kit/clock';
import { mutualAidStoresFromEnv } from './mutual-aid/stores';
import { startProvinceSubgraph } from './server';
import { cacheTtlsFromEnv, pullWindowFromEnv } from '../../adapters/kit/cache/ttl';
import { httpTuningFromEnv } from '../../adapters/kit/http-tuning-from-env';
import { cacheFromEnv } from '../../schema/cache/cache-from-env';
import { provincesFromEnv } from './provinces-from-env';
import { reconcileOptionsFromEnv } from './reconcile-config';

/**
 * A province subgraph process: PROVINCE (SH|JS|ZJ|AH), PORT (4201..4204), HOST (127.0.0.1), CLOCK_NOW.
 * PROVINCE may list several (SH,JS,ZJ,AH) with PORT listing their ports in the same order (or
 * left to the defaults): each is still its own subgraph, with its own server, adapter, copies,
 * limits and metrics, only sharing the process, as `npm start` runs them to start in less time.
 */

async function main(): Promise<void> {
  const env = process.env;
  const clock = clockFromEnv(env);
  const running = await Promise.all(
    provincesFromEnv(env).map(async ({ province, port }) => {
      const cache = cacheFromEnv(env);
      const subgraph = await startProvinceSubgraph({
        province,
        clock,
        port,
        host: env.HOST || '127.0.0.1',
        adapter: (http) => adapterFromEnv(province, env, clock, { ...httpTuningFromEnv(env), ...http }),
        cache,
        ttls: cacheTtlsFromEnv(env),
        pullWindowMs: pullWindowFromEnv(env),
        mutualAid: mutualAidStoresFromEnv(env),
        reconcile: reconcileOptionsFromEnv(env),
      });
      console.log(JSON.stringify({ msg: 'province subgraph listening', province, url: subgraph.url }));
      return { subgraph, cache };
    }),
  );
  process.send?.({ ready: running.map((r) => r.subgraph.url).join(' ') });
  const stop = (): void => {
    Promise.all(running.map(({ subgraph, cache }) => subgraph.close().then(() => cache.close()))).then(
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
